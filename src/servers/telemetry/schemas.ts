import { z } from 'zod';
import { GROUP_KEYS } from '../../telemetry/events.js';

/** Input schemas, built once and shared by every per-request server instance. */
const page = { limit: z.number().int().min(1).max(200).optional().describe('page size (default 50, max 200)'), cursor: z.string().optional().describe('next_cursor from the previous page') };
const time = { since: z.string().optional().describe('ISO 8601, inclusive'), until: z.string().optional().describe('ISO 8601, exclusive') };
const flowFilter = {
  device_id: z.string().optional().describe('device id or hostname'),
  org_id: z.string().optional(),
  ...time,
  direction: z.enum(['in', 'out']).optional(),
  action: z.enum(['allow', 'deny']).optional(),
  port: z.number().int().optional().describe('local or remote port'),
  local_port: z.number().int().optional(),
  protocol: z.string().optional(),
  remote_ip: z.string().optional().describe('an address or IPv4 CIDR'),
  country: z.string().optional().describe('ISO 3166 alpha-2'),
  asn: z.number().int().optional(),
  process: z.string().optional(),
  application: z.string().optional(),
};
const accessFilter = {
  device_id: z.string().optional(), org_id: z.string().optional(), ...time,
  method: z.string().optional(), user_name: z.string().optional(), result: z.enum(['success', 'failure']).optional(),
  source_ip: z.string().optional().describe('an address or IPv4 CIDR'), country: z.string().optional(),
};
const dry = { dry_run: z.boolean().optional().describe('say what would change, change nothing') };
const reason = { reason: z.string().optional().describe('why; kept in the audit log') };
const block = {
  destination: z.string().describe('IP, IPv4 CIDR or domain'),
  scope: z.enum(['device', 'org', 'fleet']),
  device_id: z.string().optional(), org_id: z.string().optional(),
  confirm: z.boolean().optional().describe('required (true) for scope fleet'),
  ...reason, ...dry,
};

export const S = {
  listDevices: z.object({ org_id: z.string().optional(), kind: z.string().optional(), isolated: z.boolean().optional(), hostname: z.string().optional(), ...page }),
  getDevice: z.object({ device_id: z.string().describe('device id or hostname') }),
  listUsers: z.object({ org_id: z.string().optional(), role: z.string().optional(), suspended: z.boolean().optional(), ...page }),
  listWorkloads: z.object({ org_id: z.string().optional(), kind: z.string().optional(), env: z.string().optional(), device_id: z.string().optional(), ...page }),
  flow: z.object({ ...flowFilter, ...page }),
  access: z.object({ ...accessFilter, ...page }),
  aggregate: z.object({
    source: z.enum(['flow', 'access']).optional().describe('default flow'),
    group_by: z.array(z.enum(GROUP_KEYS)).min(1).max(3),
    order_by: z.enum(['count', 'unique_ips', 'bytes', 'first_seen', 'last_seen', 'key']).optional(),
    ...flowFilter, ...accessFilter,
    limit: z.number().int().min(1).max(200).optional().describe('groups to return (default 20)'),
  }),
  posture: z.object({ device_id: z.string().optional(), user_id: z.string().optional(), workload_id: z.string().optional() }),
  anomalies: z.object({ org_id: z.string().optional(), status: z.enum(['open', 'investigating', 'closed']).optional(), severity: z.string().optional(), device_id: z.string().optional(), kind: z.string().optional(), ...page }),
  policies: z.object({ org_id: z.string().optional(), status: z.string().optional(), ...page }),
  audit: z.object({ tool: z.string().optional(), key_id: z.string().optional(), outcome: z.enum(['ok', 'noop', 'dry_run', 'refused', 'error']).optional(), limit: z.number().int().min(1).max(500).optional(), cursor: z.string().optional() }),
  device: z.object({ device_id: z.string(), ...reason, ...dry }),
  block: z.object(block),
  user: z.object({ user_id: z.string().describe('user id, name or email'), ...reason, ...dry }),
  createPolicy: z.object({
    org_id: z.string().optional().describe('omit for a fleet-wide policy (needs an all-organisation key)'),
    name: z.string(), kind: z.enum(['firewall', 'identity', 'geo', 'device', 'custom']), rule: z.record(z.string(), z.unknown()),
    assign_to: z.array(z.object({ kind: z.enum(['org', 'device', 'user', 'workload', 'fleet']), id: z.string() })).optional(), ...dry,
  }),
  updatePolicy: z.object({ policy_id: z.string(), name: z.string().optional(), rule: z.record(z.string(), z.unknown()).optional(), status: z.enum(['active', 'disabled']).optional(), ...dry }),
  createAnomaly: z.object({ org_id: z.string(), device_id: z.string().optional(), user_id: z.string().optional(), kind: z.string(), severity: z.enum(['low', 'medium', 'high', 'critical']), title: z.string(), detail: z.record(z.string(), z.unknown()).optional(), ...dry }),
  updateAnomaly: z.object({ anomaly_id: z.string(), severity: z.enum(['low', 'medium', 'high', 'critical']).optional(), status: z.enum(['open', 'investigating']).optional(), title: z.string().optional(), ...dry }),
  closeAnomaly: z.object({ anomaly_id: z.string(), resolution: z.string(), ...dry }),
  createKey: z.object({ name: z.string(), scope: z.enum(['read', 'investigate', 'enforce', 'admin']), orgs: z.array(z.string()).optional() }),
  keyId: z.object({ key_id: z.string() }),
  empty: z.object({}),
  follow: z.object({ ...flowFilter, duration_s: z.number().min(1).max(300).optional().describe('how long to follow (default 30 s)'), poll_ms: z.number().int().min(200).max(10000).optional(), max_events: z.number().int().min(1).max(1000).optional() }),
  importEvents: z.object({ format: z.enum(['vpc', 'zeek', 'jsonl', 'csv', 'parquet']), path: z.string().describe('file path on the server host'), device_id: z.string().optional(), mapping: z.record(z.string(), z.string()).optional() }),
};
