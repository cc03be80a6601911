import type { SqlAdapter, SqlValue } from './sql.js';
import type { Principal } from './keys.js';
import { BadRequest, Refused, decodeCursor, encodeCursor, orgClause, pageSize, requireScope } from './access.js';
import { cidrRange } from './geo.js';

/** Filters shared by flow queries and aggregations. Times are ISO 8601. */
export interface FlowFilter {
  device_id?: string;
  org_id?: string;
  since?: string;
  until?: string;
  direction?: 'in' | 'out';
  action?: 'allow' | 'deny';
  /** local or remote port */
  port?: number;
  local_port?: number;
  protocol?: string;
  /** an IPv4/IPv6 address or an IPv4 CIDR */
  remote_ip?: string;
  country?: string;
  asn?: number;
  process?: string;
  application?: string;
}

export interface AccessFilter {
  device_id?: string;
  org_id?: string;
  since?: string;
  until?: string;
  method?: string;
  user_name?: string;
  result?: 'success' | 'failure';
  source_ip?: string;
  country?: string;
}

interface Where {
  sql: string;
  params: SqlValue[];
}

function ipClause(col: string, numCol: string, value: string, out: string[], params: SqlValue[]): void {
  if (value.includes('/')) {
    const r = cidrRange(value);
    if (!r) throw new BadRequest(`"${value}" is not an IPv4 CIDR (IPv6 ranges are not supported; give an exact IPv6 address)`);
    out.push(`${numCol} BETWEEN ? AND ?`);
    params.push(r[0], r[1]);
  } else {
    out.push(`${col} = ?`);
    params.push(value);
  }
}

function timeClauses(f: { since?: string; until?: string }, out: string[], params: SqlValue[]): void {
  for (const [k, op] of [['since', '>='], ['until', '<']] as const) {
    const v = f[k];
    if (!v) continue;
    if (Number.isNaN(Date.parse(v))) throw new BadRequest(`${k} "${v}" is not an ISO 8601 time`);
    out.push(`ts ${op} CAST(? AS TIMESTAMP)`);
    params.push(new Date(v).toISOString().slice(0, 23).replace('T', ' '));
  }
}

export function flowWhere(p: Principal, f: FlowFilter): Where {
  const org = orgClause(p);
  const out = [org.sql];
  const params: SqlValue[] = [...org.params];
  const eq = (col: string, v: SqlValue | undefined) => {
    if (v === undefined || v === null || v === '') return;
    out.push(`${col} = ?`);
    params.push(v);
  };
  eq('device_id', f.device_id);
  eq('org_id', f.org_id);
  eq('direction', f.direction);
  eq('action', f.action);
  eq('local_port', f.local_port);
  eq('protocol', f.protocol);
  eq('country', f.country?.toUpperCase());
  eq('asn', f.asn);
  eq('process', f.process);
  eq('application', f.application);
  if (f.port !== undefined) (out.push('(local_port = ? OR remote_port = ?)'), params.push(f.port, f.port));
  if (f.remote_ip) ipClause('remote_ip', 'remote_ip_num', f.remote_ip, out, params);
  timeClauses(f, out, params);
  return { sql: out.join(' AND '), params };
}

export function accessWhere(p: Principal, f: AccessFilter): Where {
  const org = orgClause(p);
  const out = [org.sql];
  const params: SqlValue[] = [...org.params];
  for (const [col, v] of [['device_id', f.device_id], ['org_id', f.org_id], ['method', f.method], ['user_name', f.user_name], ['result', f.result], ['country', f.country?.toUpperCase()]] as const) {
    if (v) (out.push(`${col} = ?`), params.push(v));
  }
  if (f.source_ip) ipClause('source_ip', 'source_ip_num', f.source_ip, out, params);
  timeClauses(f, out, params);
  return { sql: out.join(' AND '), params };
}

const FLOW_FIELDS = `id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, org_id, device_id, direction, local_ip, local_port, remote_ip, remote_port, protocol, action, bytes, process, application, country, asn, as_name`;
const ACCESS_FIELDS = `id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, org_id, device_id, method, user_name, source_ip, result, country, asn, as_name`;

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

async function keysetPage(db: SqlAdapter, table: string, fields: string, w: Where, limit?: number, cursor?: string): Promise<Page<Record<string, unknown>>> {
  const n = pageSize(limit);
  const c = decodeCursor<{ ts: string; id: number }>(cursor);
  const extra = c ? ` AND (ts, id) < (CAST(? AS TIMESTAMP), ?)` : '';
  const params = c ? [...w.params, c.ts.replace('T', ' ').replace('Z', ''), c.id] : w.params;
  const rows = await db.all<Record<string, unknown>>(`SELECT ${fields} FROM ${table} WHERE ${w.sql}${extra} ORDER BY ts DESC, id DESC LIMIT ${n + 1}`, params);
  const items = rows.slice(0, n);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > n && last ? encodeCursor({ ts: last.ts, id: last.id }) : null };
}

/** Accept a hostname wherever a device id is asked for (models remember names, not ids). */
export async function resolveDevice<T extends { device_id?: string }>(db: SqlAdapter, f: T): Promise<T> {
  if (!f.device_id || /^dev-\d+$/.test(f.device_id)) return f;
  const rows = await db.all<{ id: string }>('SELECT id FROM devices WHERE hostname = ? ORDER BY id LIMIT 1', [f.device_id]);
  return rows[0] ? { ...f, device_id: rows[0].id } : f;
}

/** Raw flow events, newest first, cursor-paged. Needs `investigate` (they carry IPs). */
export async function queryFlowEvents(db: SqlAdapter, p: Principal, f: FlowFilter & { limit?: number; cursor?: string }): Promise<Page<Record<string, unknown>>> {
  requireScope(p, 'investigate', 'raw flow events');
  return keysetPage(db, 'flow_events', FLOW_FIELDS, flowWhere(p, await resolveDevice(db, f)), f.limit, f.cursor);
}

/** Raw access (login) events, newest first. Needs `investigate` (user names, source IPs). */
export async function queryAccessEvents(db: SqlAdapter, p: Principal, f: AccessFilter & { limit?: number; cursor?: string }): Promise<Page<Record<string, unknown>>> {
  requireScope(p, 'investigate', 'raw access events');
  return keysetPage(db, 'access_events', ACCESS_FIELDS, accessWhere(p, await resolveDevice(db, f)), f.limit, f.cursor);
}

export const GROUP_KEYS = ['remote_ip', 'country', 'asn', 'port', 'remote_port', 'process', 'application', 'device', 'direction', 'action', 'protocol', 'hour', 'day', 'user_name', 'result', 'method'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
const FLOW_GROUP: Record<string, string> = {
  remote_ip: 'remote_ip', country: 'country', asn: 'asn', port: 'local_port', remote_port: 'remote_port', process: 'process', application: 'application',
  device: 'device_id', direction: 'direction', action: 'action', protocol: 'protocol',
  hour: `strftime(date_trunc('hour', ts), '%Y-%m-%dT%H:00Z')`, day: `strftime(date_trunc('day', ts), '%Y-%m-%d')`,
};
const ACCESS_GROUP: Record<string, string> = {
  remote_ip: 'source_ip', country: 'country', asn: 'asn', device: 'device_id', user_name: 'user_name', result: 'result', method: 'method',
  hour: FLOW_GROUP.hour!, day: FLOW_GROUP.day!,
};
/** group keys that reveal addresses or people: investigate scope only */
const SENSITIVE = new Set(['remote_ip', 'user_name']);

export interface AggregateArgs extends FlowFilter, AccessFilter {
  source?: 'flow' | 'access';
  group_by: GroupKey[];
  order_by?: 'count' | 'unique_ips' | 'bytes' | 'first_seen' | 'last_seen' | 'key';
  limit?: number;
}

/**
 * Group events and count them: events, distinct remote IPs, bytes, first and last seen, plus
 * the totals over every group (so "top 20 of 2,415" stays honest). Read scope may aggregate
 * but not by address or user, nor filter on them.
 */
export async function aggregateEvents(db: SqlAdapter, p: Principal, a: AggregateArgs) {
  const source = a.source ?? 'flow';
  const map = source === 'flow' ? FLOW_GROUP : ACCESS_GROUP;
  if (!a.group_by?.length) throw new BadRequest('group_by needs at least one key');
  for (const g of a.group_by) {
    if (!map[g]) throw new BadRequest(`cannot group ${source} events by "${g}"; use one of ${Object.keys(map).join(', ')}`);
    if (SENSITIVE.has(g)) requireScope(p, 'investigate', `grouping by ${g}`);
  }
  if (a.remote_ip || a.source_ip || a.user_name) requireScope(p, 'investigate', 'filtering on an address or user');
  a = await resolveDevice(db, a);
  const w = source === 'flow' ? flowWhere(p, a) : accessWhere(p, a);
  const ipCol = source === 'flow' ? 'remote_ip' : 'source_ip';
  const keys = a.group_by.map((g, i) => `${map[g]} AS g${i}`).join(', ');
  const groupCols = a.group_by.map((_, i) => `g${i}`).join(', ');
  const bytes = source === 'flow' ? 'sum(bytes)' : 'NULL';
  const order = { count: 'count DESC', unique_ips: 'unique_ips DESC', bytes: 'bytes DESC NULLS LAST', first_seen: 'first_seen ASC', last_seen: 'last_seen DESC', key: groupCols }[a.order_by ?? 'count'];
  const n = pageSize(a.limit, 20, 200);
  // one scan: GROUPING SETS yields the groups and the all-rows totals together, and window
  // counts give the number of groups, so a question over 10 M rows reads them once
  const table = source === 'flow' ? 'flow_events' : 'access_events';
  const order2 = order.replace(/\b(count|unique_ips|bytes|first_seen|last_seen)\b/g, 'x.$1');
  const sql = `WITH g AS (
      SELECT ${keys}, grouping(${groupCols}) AS gid, count(*) AS count, count(DISTINCT ${ipCol}) AS unique_ips, ${bytes} AS bytes, min(ts) AS first_seen, max(ts) AS last_seen
      FROM ${table} WHERE ${w.sql} GROUP BY GROUPING SETS ((${groupCols}), ()))
    SELECT * FROM (
      SELECT x.*, x.gid <> 0 AS is_total, count(*) OVER (PARTITION BY x.gid <> 0) AS total_groups,
        row_number() OVER (PARTITION BY x.gid <> 0 ORDER BY ${order2}, ${a.group_by.map((_, i) => `x.g${i}`).join(', ')}) AS rn
      FROM g x) WHERE rn <= ${n} ORDER BY is_total, rn`;
  const all = await db.all<Record<string, unknown>>(sql, w.params);
  const rows = all.filter((r) => !r.is_total);
  const totals = all.filter((r) => r.is_total);
  if (!totals.length) totals.push({ count: 0, unique_ips: 0, bytes: null, first_seen: null, last_seen: null });
  const iso = (v: unknown) => v ?? null;
  const groups = rows.map((r) => {
    const key: Record<string, unknown> = {};
    a.group_by.forEach((g, i) => (key[g] = r[`g${i}`] ?? null));
    return { ...key, count: r.count, unique_ips: r.unique_ips, bytes: r.bytes ?? undefined, first_seen: iso(r.first_seen), last_seen: iso(r.last_seen) };
  });
  const t = totals[0]!;
  return {
    source,
    group_by: a.group_by,
    groups,
    total_groups: (rows[0]?.total_groups as number) ?? 0,
    truncated: ((rows[0]?.total_groups as number) ?? 0) > groups.length,
    totals: { count: t.count, unique_ips: p.scope === 'read' ? undefined : t.unique_ips, bytes: t.bytes ?? undefined, first_seen: iso(t.first_seen), last_seen: iso(t.last_seen) },
  };
}

export { Refused };
