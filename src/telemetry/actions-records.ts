import { createHash } from 'node:crypto';
import type { SqlTx } from './sql.js';
import type { Principal } from './keys.js';
import type { ActionPlan } from './actions.js';
import { BadRequest, requireOrg } from './access.js';

type R = Record<string, unknown>;
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const shortId = (prefix: string, ...parts: string[]) => prefix + createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 10);

async function orgOk(tx: SqlTx, p: Principal, org: string | null | undefined): Promise<void> {
  if (org === null || org === undefined) {
    if (p.orgs !== null) throw new BadRequest('org_id is required for a key bound to organisations');
    return;
  }
  const [o] = await tx.all<R>('SELECT id FROM orgs WHERE id = ?', [org]);
  if (!o) throw new BadRequest(`no organisation "${org}"`);
  requireOrg(p, org, `organisation ${org}`);
}

/** Create a policy; the id derives from org + name, so repeating the call is a no-op. */
export const createPolicy = (p: Principal, a: { org_id?: string; name: string; kind: string; rule: Record<string, unknown>; assign_to?: Array<{ kind: string; id: string }> }) => async (tx: SqlTx): Promise<ActionPlan> => {
  await orgOk(tx, p, a.org_id);
  const id = shortId('pol-', a.org_id ?? '*', a.name);
  const [exists] = await tx.all<R>('SELECT id FROM policies WHERE id = ?', [id]);
  return {
    target: id, noop: !!exists, result: { policy_id: id, name: a.name, kind: a.kind, org_id: a.org_id ?? null, status: 'active' },
    apply: async (x) => {
      await x.run(`INSERT INTO policies VALUES (?, ?, ?, ?, ?, 'active', now()::TIMESTAMP, now()::TIMESTAMP)`, [id, a.org_id ?? null, a.name, a.kind, JSON.stringify(a.rule ?? {})]);
      for (const t of a.assign_to ?? [{ kind: a.org_id ? 'org' : 'fleet', id: a.org_id ?? '*' }]) await x.run('INSERT INTO policy_assignments VALUES (?, ?, ?)', [id, t.kind, t.id]);
    },
  };
};

async function findPolicy(tx: SqlTx, p: Principal, id: string): Promise<R> {
  const [pol] = await tx.all<R>('SELECT * FROM policies WHERE id = ?', [id]);
  if (!pol) throw new BadRequest(`no policy "${id}"; see list_policies`);
  if (pol.org_id === null && p.orgs !== null) throw new BadRequest(`policy ${id} is fleet-wide; changing it needs a key for every organisation`);
  if (pol.org_id !== null) requireOrg(p, String(pol.org_id), `policy ${id}`);
  return pol;
}

export const updatePolicy = (p: Principal, a: { policy_id: string; name?: string; rule?: Record<string, unknown>; status?: 'active' | 'disabled' }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const pol = await findPolicy(tx, p, a.policy_id);
  const next = { name: a.name ?? pol.name, rule: a.rule ? JSON.stringify(a.rule) : pol.rule, status: a.status ?? pol.status };
  const noop = next.name === pol.name && next.rule === pol.rule && next.status === pol.status;
  return {
    target: a.policy_id, noop, result: { policy_id: a.policy_id, name: next.name, status: next.status, rule: JSON.parse(String(next.rule)) },
    apply: (x) => x.run('UPDATE policies SET name = ?, rule = ?, status = ?, updated_at = now()::TIMESTAMP WHERE id = ?', [String(next.name), String(next.rule), String(next.status), a.policy_id]),
  };
};

export const createAnomaly = (p: Principal, a: { org_id: string; device_id?: string; user_id?: string; kind: string; severity: string; title: string; detail?: Record<string, unknown> }) => async (tx: SqlTx): Promise<ActionPlan> => {
  await orgOk(tx, p, a.org_id);
  if (!SEVERITIES.includes(a.severity)) throw new BadRequest(`severity must be one of ${SEVERITIES.join(', ')}`);
  const id = shortId('anom-', a.org_id, a.device_id ?? '', a.user_id ?? '', a.kind, a.title);
  const [exists] = await tx.all<R>('SELECT id FROM anomalies WHERE id = ?', [id]);
  return {
    target: id, noop: !!exists, result: { anomaly_id: id, status: 'open', severity: a.severity },
    apply: (x) => x.run(`INSERT INTO anomalies VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', now()::TIMESTAMP, now()::TIMESTAMP, NULL)`, [id, a.org_id, a.device_id ?? null, a.user_id ?? null, a.kind, a.severity, a.title, JSON.stringify(a.detail ?? {})]),
  };
};

async function findAnomaly(tx: SqlTx, p: Principal, id: string): Promise<R> {
  const [an] = await tx.all<R>('SELECT * FROM anomalies WHERE id = ?', [id]);
  if (!an) throw new BadRequest(`no anomaly "${id}"; see list_anomalies`);
  requireOrg(p, String(an.org_id), `anomaly ${id}`);
  return an;
}

export const updateAnomaly = (p: Principal, a: { anomaly_id: string; severity?: string; status?: 'open' | 'investigating'; title?: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const an = await findAnomaly(tx, p, a.anomaly_id);
  if (a.severity && !SEVERITIES.includes(a.severity)) throw new BadRequest(`severity must be one of ${SEVERITIES.join(', ')}`);
  const next = { severity: a.severity ?? an.severity, status: a.status ?? an.status, title: a.title ?? an.title };
  return {
    target: a.anomaly_id, noop: next.severity === an.severity && next.status === an.status && next.title === an.title,
    result: { anomaly_id: a.anomaly_id, ...next },
    apply: (x) => x.run('UPDATE anomalies SET severity = ?, status = ?, title = ?, updated_at = now()::TIMESTAMP WHERE id = ?', [String(next.severity), String(next.status), String(next.title), a.anomaly_id]),
  };
};

export const closeAnomaly = (p: Principal, a: { anomaly_id: string; resolution: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const an = await findAnomaly(tx, p, a.anomaly_id);
  return {
    target: a.anomaly_id, noop: an.status === 'closed', result: { anomaly_id: a.anomaly_id, status: 'closed', resolution: an.status === 'closed' ? an.resolution : a.resolution },
    apply: (x) => x.run(`UPDATE anomalies SET status = 'closed', resolution = ?, updated_at = now()::TIMESTAMP WHERE id = ?`, [a.resolution, a.anomaly_id]),
  };
};
