import { McpServer, type ServerContext, type ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { S } from './schemas.js';
import { CLIENT_INFO_KEY, fail, ok, type ToolDeps } from './context.js';
import { Refused, BadRequest, requireScope } from '../../telemetry/access.js';
import { act, auditRefusal, blockDestination, isolateDevice, reinstateUser, releaseDevice, suspendUser, unblockDestination, type ActionPlan, type CallCtx } from '../../telemetry/actions.js';
import { closeAnomaly, createAnomaly, createPolicy, updateAnomaly, updatePolicy } from '../../telemetry/actions-records.js';
import { getDevice, getPosture, listAnomalies, listDevices, listPolicies, listUsers, listWorkloads } from '../../telemetry/entities.js';
import { aggregateEvents, queryAccessEvents, queryFlowEvents } from '../../telemetry/events.js';
import { registerAdminTools } from './admin-tools.js';
import { registerFollow } from './follow.js';
import type { SqlTx } from '../../telemetry/sql.js';
import { log } from '../../util/log.js';

export const SERVER_INFO = { name: 'tm-telemetry', version: '0.1.0' };

const READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const act_ = (destructive: boolean): ToolAnnotations => ({ readOnlyHint: false, destructiveHint: destructive, idempotentHint: true, openWorldHint: false });

/** The client's self-reported name: per request on 2026-07-28, from initialize on 2025 sessions. */
export function agentName(server: McpServer, ctx: ServerContext): string | null {
  const env = ctx.mcpReq.envelope as Record<string, { name?: string; version?: string }> | undefined;
  const info = env?.[CLIENT_INFO_KEY] ?? server.server.getClientVersion();
  return info?.name ? `${info.name}${info.version ? '/' + info.version : ''}` : null;
}

export type Handler<T> = (args: T, call: CallCtx, ctx: ServerContext) => Promise<unknown>;

/**
 * Register one tool with the house error handling: refusals are audited and answered as
 * error results; bad arguments are error results; nothing throws into the transport.
 */
export function tool<Sch extends z.ZodObject>(server: McpServer, deps: ToolDeps, name: string, description: string, schema: Sch, annotations: ToolAnnotations, handler: Handler<z.infer<Sch>>): void {
  server.registerTool(name, { description, inputSchema: schema, annotations }, (async (args: z.infer<Sch>, ctx: ServerContext) => {
    const call: CallCtx = { principal: deps.principal, agent: agentName(server, ctx) };
    try {
      return ok(await handler(args, call, ctx));
    } catch (err) {
      if (err instanceof Refused) {
        await auditRefusal(deps.db, call, name, args, err.message);
        return fail(`refused: ${err.message}`);
      }
      if (err instanceof BadRequest) return fail(err.message);
      log.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return fail(`internal error in ${name}; the server log has details`);
    }
  }) as never);
}

function actTool<Sch extends z.ZodObject>(server: McpServer, deps: ToolDeps, name: string, description: string, schema: Sch, destructive: boolean, plan: (args: z.infer<Sch>, call: CallCtx) => (tx: SqlTx) => Promise<ActionPlan>): void {
  tool(server, deps, name, description, schema, act_(destructive), async (args, call) => {
    const r = await act(deps.db, call, name, args as Record<string, unknown>, plan(args, call));
    if (r.outcome === 'refused') throw Object.assign(new AlreadyAudited(`refused: ${r.error}`));
    if (r.outcome === 'error') throw new AlreadyAudited(r.error ?? 'failed');
    if (r.outcome === 'ok') deps.onChange?.('state');
    return { outcome: r.outcome, audit_seq: r.audit_seq, ...r.result };
  });
}

/** An error already written to the audit log by act(); answered as-is. */
class AlreadyAudited extends BadRequest {}

/** Build the server for one principal (one stdio connection, or one HTTP request/session). */
export function createTelemetryServer(deps: ToolDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, logging: {} },
    instructions:
      'Fleet telemetry for security investigation. Start with aggregate_events (group_by country/port/process/remote_ip) or list_anomalies, drill into query_flow_events / query_access_events, check get_posture, then act (isolate_device, block_destination, suspend_user…). Every action is audited; pass dry_run first when unsure.',
  });
  const { db } = deps;
  tool(server, deps, 'list_devices', 'List devices (id, hostname, org, kind, isolation), paged.', S.listDevices, READ, (a, c) => listDevices(db, c.principal, a));
  tool(server, deps, 'get_device', 'One device with its workloads, open anomalies, active blocks and posture.', S.getDevice, READ, (a, c) => getDevice(db, c.principal, a.device_id));
  tool(server, deps, 'list_users', 'List users (needs investigate scope: names and emails).', S.listUsers, READ, (a, c) => listUsers(db, c.principal, a));
  tool(server, deps, 'list_workloads', 'List workloads (services on devices).', S.listWorkloads, READ, (a, c) => listWorkloads(db, c.principal, a));
  tool(server, deps, 'query_flow_events', 'Raw network flow events, newest first, filtered and cursor-paged (needs investigate).', S.flow, READ, (a, c) => queryFlowEvents(db, c.principal, a));
  tool(server, deps, 'query_access_events', 'Raw login/access events (method, user, source IP, result), newest first (needs investigate).', S.access, READ, (a, c) => queryAccessEvents(db, c.principal, a));
  tool(server, deps, 'aggregate_events', 'Group flow or access events by remote_ip, country, asn, port, process, device, hour or day: count, unique IPs, bytes, first/last seen, with totals.', S.aggregate, READ, (a, c) => aggregateEvents(db, c.principal, a));
  tool(server, deps, 'get_posture', 'Risk score (0-100) with its factors, baseline deviation, open anomalies and compliance for one device, user or workload.', S.posture, READ, (a, c) => getPosture(db, c.principal, a));
  tool(server, deps, 'list_anomalies', 'Anomalies (open, investigating, closed), paged.', S.anomalies, READ, (a, c) => listAnomalies(db, c.principal, a));
  tool(server, deps, 'list_policies', 'Policies and what they are assigned to.', S.policies, READ, (a, c) => listPolicies(db, c.principal, a));
  actTool(server, deps, 'isolate_device', 'Quarantine a device (its management path stays open). Idempotent; dry_run supported.', S.device, true, (a, c) => isolateDevice(c.principal, a));
  actTool(server, deps, 'release_device', 'Lift a device quarantine.', S.device, false, (a, c) => releaseDevice(c.principal, a));
  actTool(server, deps, 'block_destination', 'Block an IP, CIDR or domain for a device, an organisation, or the fleet (fleet needs confirm: true).', S.block, true, (a, c) => blockDestination(c.principal, a));
  actTool(server, deps, 'unblock_destination', 'Remove a block (same destination and scope as it was created with).', S.block, false, (a, c) => unblockDestination(c.principal, a));
  actTool(server, deps, 'suspend_user', 'Suspend a user and revoke every session on every device.', S.user, true, (a, c) => suspendUser(c.principal, a));
  actTool(server, deps, 'reinstate_user', 'Lift a user suspension.', S.user, false, (a, c) => reinstateUser(c.principal, a));
  actTool(server, deps, 'create_policy', 'Create a policy (idempotent by org + name).', S.createPolicy, false, (a, c) => createPolicy(c.principal, a));
  actTool(server, deps, 'update_policy', 'Change a policy name, rule or status.', S.updatePolicy, true, (a, c) => updatePolicy(c.principal, a));
  actTool(server, deps, 'create_anomaly', 'Record an anomaly found during an investigation.', S.createAnomaly, false, (a, c) => createAnomaly(c.principal, a));
  actTool(server, deps, 'update_anomaly', 'Change an anomaly severity, status or title.', S.updateAnomaly, false, (a, c) => updateAnomaly(c.principal, a));
  actTool(server, deps, 'close_anomaly', 'Close an anomaly with a resolution.', S.closeAnomaly, false, (a, c) => closeAnomaly(c.principal, a));
  registerAdminTools(server, deps);
  registerFollow(server, deps);
  return server;
}

export { requireScope };
