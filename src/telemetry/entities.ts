import type { SqlAdapter, SqlTx, SqlValue } from './sql.js';
import type { Principal } from './keys.js';
import { BadRequest, orgClause, pageSize, requireOrg, requireScope } from './access.js';

type R = Record<string, unknown>;
export interface IdPage {
  items: R[];
  next_cursor: string | null;
}

/** Entity lists page by id (stable, sorted); the cursor is the last id seen. */
async function idPage(db: SqlAdapter, sql: string, where: string[], params: SqlValue[], limit?: number, cursor?: string, idCol = 'id'): Promise<IdPage> {
  const n = pageSize(limit);
  if (cursor) (where.push(`${idCol} > ?`), params.push(cursor));
  const rows = await db.all<R>(`${sql} WHERE ${where.join(' AND ')} ORDER BY ${idCol} LIMIT ${n + 1}`, params);
  const items = rows.slice(0, n);
  return { items, next_cursor: rows.length > n ? String(items[items.length - 1]!.id) : null };
}

function filters(p: Principal, f: Record<string, unknown>, cols: string[], orgCol = 'org_id'): { where: string[]; params: SqlValue[] } {
  const o = orgClause(p, orgCol);
  const where = [o.sql];
  const params: SqlValue[] = [...o.params];
  for (const c of cols) {
    const v = f[c];
    if (v !== undefined && v !== null && v !== '') (where.push(`${c} = ?`), params.push(v as SqlValue));
  }
  return { where, params };
}

const DEVICE = `SELECT id, org_id, hostname, ip, os, kind, criticality, isolated, owner_user_id FROM devices`;

export function listDevices(db: SqlAdapter, p: Principal, f: { org_id?: string; kind?: string; isolated?: boolean; hostname?: string; limit?: number; cursor?: string }) {
  const { where, params } = filters(p, f, ['org_id', 'kind', 'isolated']);
  if (f.hostname) (where.push('hostname ILIKE ?'), params.push(`%${f.hostname}%`));
  return idPage(db, DEVICE, where, params, f.limit, f.cursor);
}

const byId = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** Look a device up by id or hostname, inside the key's organisations. */
export async function findDevice(db: SqlTx, p: Principal, idOrName: string): Promise<R> {
  // sorted here rather than by ORDER BY ... LIMIT: a top-N plan cost this lookup (the first
  // query of most device tools) about twice the scan; at most a few rows match
  const rows = (await db.all<R>(`SELECT * FROM devices WHERE id = ? OR hostname = ?`, [idOrName, idOrName])).sort((a, b) => byId(a.id, b.id));
  if (!rows.length) throw new BadRequest(`no device "${idOrName}"; list them with list_devices`);
  requireOrg(p, rows[0]!.org_id as string, `device ${idOrName}`);
  return rows[0]!;
}

export async function getDevice(db: SqlAdapter, p: Principal, id: string) {
  const d = await findDevice(db, p, id);
  // every lookup after the device runs at once on the reader pool (latency is the slowest one)
  const [workloads, anomalies, blocks, pst] = await Promise.all([
    db.all<R>('SELECT id, name, kind, env FROM workloads WHERE device_id = ? ORDER BY id', [d.id as string]),
    db.all<R>(`SELECT id, kind, severity, title FROM anomalies WHERE device_id = ? AND status = 'open' ORDER BY id`, [d.id as string]),
    db.all<R>(`SELECT id, destination, scope FROM blocks WHERE device_id = ? OR (scope = 'org' AND org_id = ?) OR scope = 'fleet' ORDER BY id`, [d.id as string, d.org_id as string]),
    posture(db, d),
  ]);
  return { ...d, workloads, open_anomalies: anomalies, active_blocks: blocks, posture: pst };
}

export function listUsers(db: SqlAdapter, p: Principal, f: { org_id?: string; suspended?: boolean; role?: string; limit?: number; cursor?: string }) {
  requireScope(p, 'investigate', 'user names');
  const { where, params } = filters(p, f, ['org_id', 'suspended', 'role']);
  return idPage(db, 'SELECT id, org_id, name, email, role, mfa, suspended FROM users', where, params, f.limit, f.cursor);
}

export function listWorkloads(db: SqlAdapter, p: Principal, f: { org_id?: string; kind?: string; env?: string; device_id?: string; limit?: number; cursor?: string }) {
  const { where, params } = filters(p, f, ['org_id', 'kind', 'env', 'device_id']);
  return idPage(db, 'SELECT id, org_id, name, kind, env, device_id FROM workloads', where, params, f.limit, f.cursor);
}

export function listAnomalies(db: SqlAdapter, p: Principal, f: { org_id?: string; status?: string; severity?: string; device_id?: string; kind?: string; limit?: number; cursor?: string }) {
  const { where, params } = filters(p, f, ['org_id', 'status', 'severity', 'device_id', 'kind']);
  // read scope sees what was found, not the addresses and users in the evidence
  const detail = p.scope === 'read' ? 'NULL AS detail' : 'detail';
  return idPage(db, `SELECT id, org_id, device_id, user_id, kind, severity, title, ${detail}, status, created_at, updated_at, resolution FROM anomalies`, where, params, f.limit, f.cursor).then((pg) => ({
    ...pg,
    items: pg.items.map((r) => ({ ...r, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail })),
  }));
}

export async function listPolicies(db: SqlAdapter, p: Principal, f: { org_id?: string; status?: string; limit?: number; cursor?: string }) {
  // fleet-wide policies (org_id NULL) apply to everyone, so every key sees them
  const o = orgClause(p);
  const where = [`(${o.sql} OR org_id IS NULL)`];
  const params: SqlValue[] = [...o.params];
  for (const c of ['org_id', 'status'] as const) if (f[c]) (where.push(`${c} = ?`), params.push(f[c]!));
  const [pg, assigned] = await Promise.all([
    idPage(db, 'SELECT id, org_id, name, kind, rule, status, created_at, updated_at FROM policies', where, params, f.limit, f.cursor),
    db.all<R>('SELECT policy_id, target_kind, target_id FROM policy_assignments ORDER BY policy_id, target_kind, target_id'),
  ]);
  return {
    ...pg,
    items: pg.items.map((r) => ({ ...r, rule: JSON.parse(String(r.rule)), assigned_to: assigned.filter((a) => a.policy_id === r.id).map((a) => ({ kind: a.target_kind, id: a.target_id })) })),
  };
}

const SEVERITY_WEIGHT: Record<string, number> = { critical: 40, high: 25, medium: 10, low: 3 };

/** A device's risk score (0-100) with the factors that make it up. */
async function posture(db: SqlAdapter, d: R) {
  const [[pst], anomalies] = await Promise.all([
    db.all<R>('SELECT * FROM posture WHERE device_id = ?', [d.id as string]),
    db.all<{ severity: string; n: number }>(`SELECT severity, count(*) AS n FROM anomalies WHERE device_id = ? AND status = 'open' GROUP BY severity ORDER BY severity`, [d.id as string]),
  ]);
  const factors: Array<{ factor: string; points: number; detail: string }> = [];
  const anomalyPoints = Math.min(60, anomalies.reduce((s, a) => s + (SEVERITY_WEIGHT[a.severity] ?? 0) * a.n, 0));
  if (anomalyPoints) factors.push({ factor: 'open_anomalies', points: anomalyPoints, detail: anomalies.map((a) => `${a.n} ${a.severity}`).join(', ') });
  const base = Number(pst?.baseline_daily_flows ?? 0);
  const last = Number(pst?.last_day_flows ?? 0);
  const deviation = base > 0 ? Math.round(((last - base) / base) * 100) / 100 : 0;
  if (deviation > 1) factors.push({ factor: 'baseline_deviation', points: Math.min(20, Math.round(deviation * 5)), detail: `last day ${last} flows vs ${base.toFixed(1)}/day baseline` });
  if (Number(d.patch_age_days) > 30) factors.push({ factor: 'patch_age', points: 10, detail: `${d.patch_age_days} days since last patch` });
  if (d.disk_encrypted === false) factors.push({ factor: 'disk_not_encrypted', points: 10, detail: 'full-disk encryption off' });
  if (d.criticality === 'high') factors.push({ factor: 'criticality', points: 5, detail: 'high-criticality asset' });
  const score = Math.min(100, factors.reduce((s, f) => s + f.points, 0));
  return {
    risk_score: score,
    level: score >= 60 ? 'critical' : score >= 35 ? 'high' : score >= 15 ? 'medium' : 'low',
    factors,
    baseline: { daily_flows: Math.round(base * 10) / 10, last_day_flows: last, deviation },
    open_anomalies: anomalies.reduce((s, a) => s + a.n, 0),
    compliance: { status: pst?.compliance ?? 'unknown', failures: pst?.compliance_failures ?? [] },
    isolated: d.isolated === true,
  };
}

/** Posture of a device, user or workload (exactly one). */
export async function getPosture(db: SqlAdapter, p: Principal, a: { device_id?: string; user_id?: string; workload_id?: string }) {
  if ([a.device_id, a.user_id, a.workload_id].filter(Boolean).length !== 1) throw new BadRequest('give exactly one of device_id, user_id, workload_id');
  if (a.device_id) {
    const d = await findDevice(db, p, a.device_id);
    return { device_id: d.id, hostname: d.hostname, org_id: d.org_id, ...(await posture(db, d)) };
  }
  if (a.workload_id) {
    const [w] = await db.all<R>('SELECT * FROM workloads WHERE id = ?', [a.workload_id]);
    if (!w) throw new BadRequest(`no workload "${a.workload_id}"`);
    requireOrg(p, w.org_id as string, `workload ${a.workload_id}`);
    const d = await findDevice(db, p, w.device_id as string);
    return { workload_id: w.id, name: w.name, device_id: d.id, org_id: w.org_id, ...(await posture(db, d)) };
  }
  const [u] = await db.all<R>('SELECT * FROM users WHERE id = ?', [a.user_id!]);
  if (!u) throw new BadRequest(`no user "${a.user_id}"`);
  requireOrg(p, u.org_id as string, `user ${a.user_id}`);
  const [fails] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM access_events WHERE user_name = ? AND result = 'failure'`, [u.name as string]);
  const anomalies = await db.all<{ severity: string; n: number }>(`SELECT severity, count(*) AS n FROM anomalies WHERE user_id = ? AND status = 'open' GROUP BY severity ORDER BY severity`, [u.id as string]);
  const factors: Array<{ factor: string; points: number; detail: string }> = [];
  const ap = Math.min(60, anomalies.reduce((s, x) => s + (SEVERITY_WEIGHT[x.severity] ?? 0) * x.n, 0));
  if (ap) factors.push({ factor: 'open_anomalies', points: ap, detail: anomalies.map((x) => `${x.n} ${x.severity}`).join(', ') });
  if (u.mfa === false) factors.push({ factor: 'no_mfa', points: 15, detail: 'MFA not enrolled' });
  if (fails!.n > 0) factors.push({ factor: 'failed_logins', points: Math.min(20, fails!.n * 2), detail: `${fails!.n} failed logins` });
  if (u.role === 'admin') factors.push({ factor: 'privileged_role', points: 5, detail: 'admin role' });
  const score = Math.min(100, factors.reduce((s, f) => s + f.points, 0));
  return {
    user_id: u.id, org_id: u.org_id, risk_score: score, level: score >= 60 ? 'critical' : score >= 35 ? 'high' : score >= 15 ? 'medium' : 'low', factors,
    open_anomalies: anomalies.reduce((s, x) => s + x.n, 0), compliance: { status: u.mfa ? 'compliant' : 'non_compliant', failures: u.mfa ? [] : ['mfa_required'] }, suspended: u.suspended === true,
  };
}
