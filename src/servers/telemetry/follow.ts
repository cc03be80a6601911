import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { S } from './schemas.js';
import type { ToolDeps } from './context.js';
import { tool } from './server.js';
import { requireScope } from '../../telemetry/access.js';
import { flowWhere, resolveDevice } from '../../telemetry/events.js';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * follow_events: the live stream for long-running agents. It watches for flow events that
 * arrive after the call starts (imports through the server) and sends each batch as a
 * notification on the call's own stream (SSE over HTTP): progress notifications when the
 * client gave a progress token, log messages otherwise. The final result sums it up.
 */
export function registerFollow(server: McpServer, deps: ToolDeps): void {
  tool(server, deps, 'follow_events', 'Follow new flow events live (matching the same filters as query_flow_events) for up to duration_s; batches arrive as notifications (needs investigate).', S.follow, { readOnlyHint: true, openWorldHint: false }, async (a, c, ctx: ServerContext) => {
    requireScope(c.principal, 'investigate', 'following raw events');
    const w = flowWhere(c.principal, await resolveDevice(deps.db, a));
    const [start] = await deps.db.all<{ m: number | null }>('SELECT max(id) AS m FROM flow_events');
    let last = start?.m ?? -1;
    const until = Date.now() + (a.duration_s ?? 30) * 1000;
    const max = a.max_events ?? 200;
    const token = ctx.mcpReq._meta?.progressToken;
    let seen = 0;
    let batches = 0;
    while (Date.now() < until && seen < max && !ctx.mcpReq.signal.aborted) {
      await sleep(a.poll_ms ?? 1000, ctx.mcpReq.signal);
      const rows = await deps.db.all<Record<string, unknown>>(
        `SELECT id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, device_id, direction, remote_ip, local_port, remote_port, protocol, action, bytes, process, country, asn FROM flow_events WHERE id > ? AND ${w.sql} ORDER BY id LIMIT ${max - seen}`,
        [last, ...w.params],
      );
      if (!rows.length) continue;
      last = Number(rows[rows.length - 1]!.id);
      seen += rows.length;
      batches++;
      const message = JSON.stringify({ events: rows });
      if (token !== undefined) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: seen, total: max, message } });
      else await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', logger: 'tm.telemetry.events', data: { events: rows } } });
    }
    return { followed_ms: Math.max(0, (a.duration_s ?? 30) * 1000 - Math.max(0, until - Date.now())), events: seen, batches, last_id: last };
  });
}
