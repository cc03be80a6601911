import type { Command } from 'commander';
import { action, collect } from './context.js';
import { usageError } from '../util/errors.js';

interface ServeOpts {
  db?: string;
  transport: string;
  stateless?: boolean;
  host: string;
  port: string;
  rateLimit: string;
  maxBody: string;
  allowHost?: string[];
  demo?: boolean;
  seed?: string;
  events?: string;
  end?: string;
}

/** The principal a `--demo` stdio server runs as when no key is given: it can look, not act. */
const DEMO_PRINCIPAL = { keyId: 'demo', name: 'demo (no key; --demo)', scope: 'investigate', orgs: null } as const;

export function registerServeTelemetry(parent: Command): void {
  parent
    .command('telemetry')
    .description('fleet telemetry MCP server: investigate and act, with scoped API keys and a hash-chained audit log')
    .option('--db <file>', 'telemetry database (default: $XDG_DATA_HOME/tm/telemetry.duckdb)')
    .option('--transport <t>', 'stdio | http | sse (sse also serves /mcp)', 'stdio')
    .option('--stateless', 'HTTP: answer each POST on its own (serverless, webhooks)')
    .option('--host <host>', 'HTTP bind address', '127.0.0.1')
    .option('--port <port>', 'HTTP port (0 picks a free one)', '7411')
    .option('--rate-limit <n>', 'calls per second per API key', '1000')
    .option('--max-body <bytes>', 'largest HTTP request body', String(1024 * 1024))
    .option('--allow-host <name>', 'extra Host/Origin name to accept (repeatable)', collect)
    .option('--demo', 'stdio only: seed a demo fleet when the database has none, and without TM_API_KEY serve read-only (scope investigate, no actions)')
    .option('--seed <n>', 'with --demo: seed of the demo fleet', '1')
    .option('--events <n>', 'with --demo: flow events in the demo fleet', '20000')
    .option('--end <date>', 'with --demo: last day of the demo window (YYYY-MM-DD)')
    .addHelpText('after', '\nstdio reads the API key from TM_API_KEY; HTTP wants `Authorization: Bearer <key>`.\nCreate keys with `tm telemetry keys create --scope read|investigate|enforce|admin`.')
    .action(
      action(async (opts: ServeOpts) => {
        if (!['stdio', 'http', 'sse'].includes(opts.transport)) throw usageError(`unknown transport "${opts.transport}"`, 'use stdio, http or sse');
        const port = Number(opts.port);
        const rate = Number(opts.rateLimit);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port ${opts.port} is not a port`);
        if (!(rate > 0)) throw usageError(`--rate-limit ${opts.rateLimit} must be a positive number`);
        const { openStore } = await import('../telemetry/store.js');
        const { log } = await import('../util/log.js');
        if (opts.demo && opts.transport !== 'stdio') throw usageError('--demo is for stdio only', 'an HTTP server always wants real keys');
        const store = await openStore(opts.db, `tm serve telemetry --transport ${opts.transport}`);
        try {
          if (opts.transport === 'stdio') {
            const { authenticate } = await import('../telemetry/keys.js');
            if (opts.demo) await seedDemo(store.db, opts, log);
            const principal = opts.demo && !process.env.TM_API_KEY ? { ...DEMO_PRINCIPAL } : await authenticate(store.db, process.env.TM_API_KEY);
            if (!principal) throw usageError(process.env.TM_API_KEY ? 'TM_API_KEY is not a valid, unrevoked key for this database' : 'TM_API_KEY is not set', 'create one with `tm telemetry keys create --scope investigate --name <n>` and pass it in the environment');
            const { runStdio } = await import('../servers/telemetry/stdio.js');
            log.info(`tm telemetry MCP server on stdio (key ${principal.keyId}, scope ${principal.scope}, db ${store.file})`);
            await runStdio(store.db, principal);
            return;
          }
          if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) log.warn(`listening on ${opts.host}: reachable beyond this machine; keep TLS and a firewall in front of it`);
          const { startHttp } = await import('../servers/telemetry/http.js');
          const http = await startHttp(store.db, {
            host: opts.host, port, stateless: opts.stateless, sse: opts.transport === 'sse', rateLimit: rate, maxBody: Number(opts.maxBody), allowedHosts: opts.allowHost,
          });
          log.info(`tm telemetry MCP server at ${http.url}${opts.transport === 'sse' ? ` (legacy SSE at ${http.url.replace(/\/mcp$/, '/sse')})` : ''}${opts.stateless ? ' (stateless)' : ''}`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await http.close();
        } finally {
          await store.close();
        }
      }),
    );
}

/** `--demo`: a fleet to look at, built once (deterministic) when the database holds none. */
async function seedDemo(db: import('../telemetry/sql.js').SqlAdapter, opts: ServeOpts, log: { info: (m: string) => void }): Promise<void> {
  const rows = await db.all<{ n: number | bigint }>('SELECT count(*) AS n FROM devices');
  if (Number(rows[0]?.n ?? 0) > 0) return;
  const { seedFleet } = await import('../telemetry/seed.js');
  const r = await seedFleet(db, { seed: Number(opts.seed), events: Number(opts.events), end: opts.end });
  log.info(`demo fleet seeded: ${r.flowEvents} flow events, ${r.devices} devices in ${r.orgs} organisations`);
}
