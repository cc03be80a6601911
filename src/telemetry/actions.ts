import { createHash } from 'node:crypto';
import type { SqlAdapter, SqlTx } from './sql.js';
import type { Principal } from './keys.js';
import { appendAudit, type Outcome } from './audit.js';
import { BadRequest, Refused, requireOrg, requireScope } from './access.js';
import { findDevice } from './entities.js';
import { cidrRange } from './geo.js';

/** Who is calling and through what: recorded on every audit record. */
export interface CallCtx {
  principal: Principal;
  /** the client's self-reported name (MCP clientInfo) */
  agent: string | null;
}

/** What an action would do, worked out inside the transaction before anything changes. */
export interface ActionPlan {
  target: string;
  /** true when the state already is what was asked (idempotent repeat) */
  noop: boolean;
  result: Record<string, unknown>;
  apply?: (tx: SqlTx) => Promise<void>;
}

export interface ActResult {
  outcome: Outcome;
  audit_seq: number;
  result: Record<string, unknown>;
  error?: string;
}

/**
 * Run one action: plan, apply, and write its audit record and action row in ONE
 * transaction, so a crash leaves either the change with its record or neither. Refusals and
 * bad requests are audited too (and commit, since only the record is written).
 */
export function act(db: SqlAdapter, ctx: CallCtx, tool: string, args: Record<string, unknown>, plan: (tx: SqlTx) => Promise<ActionPlan>): Promise<ActResult> {
  return db.transaction(async (tx) => {
    const base = { keyId: ctx.principal.keyId, agent: ctx.agent, source: 'mcp_agent' as const, tool, args };
    let p: ActionPlan;
    try {
      requireScope(ctx.principal, 'enforce', tool);
      p = await plan(tx);
    } catch (err) {
      if (err instanceof Refused || err instanceof BadRequest) {
        const outcome: Outcome = err instanceof Refused ? 'refused' : 'error';
        const result = { error: err.message };
        return { outcome, audit_seq: await appendAudit(tx, { ...base, outcome, result }), result, error: err.message };
      }
      throw err;
    }
    const outcome: Outcome = p.noop ? 'noop' : args.dry_run ? 'dry_run' : 'ok';
    const result = { ...p.result, ...(outcome === 'dry_run' ? { dry_run: true, would_change: true } : {}), ...(outcome === 'noop' ? { changed: false } : {}), ...(outcome === 'ok' ? { changed: true } : {}) };
    if (outcome === 'ok' && p.apply) await p.apply(tx);
    const seq = await appendAudit(tx, { ...base, outcome, result });
    if (outcome === 'ok') await tx.run('INSERT INTO actions VALUES (?, ?, ?, ?, now()::TIMESTAMP)', [seq, tool, p.target, JSON.stringify(result)]);
    return { outcome, audit_seq: seq, result };
  });
}

/** Audit a refused read (scope or organisation) in its own small transaction. */
export function auditRefusal(db: SqlAdapter, ctx: CallCtx, tool: string, args: unknown, message: string): Promise<number> {
  return db.transaction((tx) => appendAudit(tx, { keyId: ctx.principal.keyId, agent: ctx.agent, source: 'mcp_agent', tool, args, outcome: 'refused', result: { error: message } }));
}

type R = Record<string, unknown>;

export const isolateDevice = (p: Principal, a: { device_id: string; reason?: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const d = await findDevice(tx, p, a.device_id);
  return {
    target: String(d.id), noop: d.isolated === true,
    // quarantine keeps the management path so the device can still be fixed and released
    result: { device_id: d.id, hostname: d.hostname, isolated: true, management_path_kept: d.management_ip },
    apply: (t) => t.run('UPDATE devices SET isolated = true, isolated_at = now()::TIMESTAMP WHERE id = ?', [String(d.id)]),
  };
};

export const releaseDevice = (p: Principal, a: { device_id: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const d = await findDevice(tx, p, a.device_id);
  return {
    target: String(d.id), noop: d.isolated !== true, result: { device_id: d.id, hostname: d.hostname, isolated: false },
    apply: (t) => t.run('UPDATE devices SET isolated = false, isolated_at = NULL WHERE id = ?', [String(d.id)]),
  };
};

export interface BlockArgs {
  destination: string;
  scope: 'device' | 'org' | 'fleet';
  device_id?: string;
  org_id?: string;
  confirm?: boolean;
}

function destKind(dest: string): string {
  if (dest.includes('/')) {
    if (!cidrRange(dest)) throw new BadRequest(`"${dest}" is not an IPv4 CIDR`);
    return 'cidr';
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(dest) || dest.includes(':')) return 'ip';
  if (/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(dest)) return 'domain';
  throw new BadRequest(`"${dest}" is not an IP, CIDR or domain`);
}

async function blockTarget(tx: SqlTx, p: Principal, a: BlockArgs): Promise<{ org: string | null; device: string | null }> {
  if (a.scope === 'device') {
    if (!a.device_id) throw new BadRequest('scope "device" needs device_id');
    const d = await findDevice(tx, p, a.device_id);
    return { org: String(d.org_id), device: String(d.id) };
  }
  if (a.scope === 'org') {
    if (!a.org_id) throw new BadRequest('scope "org" needs org_id');
    const [o] = await tx.all<R>('SELECT id FROM orgs WHERE id = ?', [a.org_id]);
    if (!o) throw new BadRequest(`no organisation "${a.org_id}"`);
    requireOrg(p, a.org_id, `organisation ${a.org_id}`);
    return { org: a.org_id, device: null };
  }
  if (p.orgs !== null) throw new Refused('a fleet-wide block needs a key for every organisation', 'org');
  if (a.confirm !== true) throw new Refused('a fleet-wide block needs confirm: true', 'confirm');
  return { org: null, device: null };
}

const blockId = (scope: string, org: string | null, device: string | null, dest: string) =>
  'blk-' + createHash('sha256').update([scope, org ?? '', device ?? '', dest.toLowerCase()].join('|')).digest('hex').slice(0, 12);

export const blockDestination = (p: Principal, a: BlockArgs) => async (tx: SqlTx): Promise<ActionPlan> => {
  const kind = destKind(a.destination);
  const t = await blockTarget(tx, p, a);
  const id = blockId(a.scope, t.org, t.device, a.destination);
  const [exists] = await tx.all<R>('SELECT id FROM blocks WHERE id = ?', [id]);
  return {
    target: id, noop: !!exists, result: { block_id: id, destination: a.destination, kind, scope: a.scope, org_id: t.org, device_id: t.device },
    apply: (x) => x.run('INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, now()::TIMESTAMP, NULL)', [id, a.scope, t.org, t.device, a.destination, kind]),
  };
};

export const unblockDestination = (p: Principal, a: BlockArgs) => async (tx: SqlTx): Promise<ActionPlan> => {
  destKind(a.destination);
  const t = await blockTarget(tx, p, { ...a, confirm: a.scope === 'fleet' ? a.confirm : undefined });
  const id = blockId(a.scope, t.org, t.device, a.destination);
  const [exists] = await tx.all<R>('SELECT id FROM blocks WHERE id = ?', [id]);
  return { target: id, noop: !exists, result: { block_id: id, destination: a.destination, scope: a.scope, blocked: false }, apply: (x) => x.run('DELETE FROM blocks WHERE id = ?', [id]) };
};

async function findUser(tx: SqlTx, p: Principal, id: string): Promise<R> {
  const [u] = await tx.all<R>('SELECT * FROM users WHERE id = ? OR name = ? OR email = ? ORDER BY id LIMIT 1', [id, id, id]);
  if (!u) throw new BadRequest(`no user "${id}"`);
  requireOrg(p, String(u.org_id), `user ${id}`);
  return u;
}

export const suspendUser = (p: Principal, a: { user_id: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const u = await findUser(tx, p, a.user_id);
  const [s] = await tx.all<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND NOT revoked', [String(u.id)]);
  return {
    target: String(u.id), noop: u.suspended === true && s!.n === 0,
    result: { user_id: u.id, suspended: true, sessions_revoked: s!.n },
    apply: async (x) => {
      await x.run('UPDATE users SET suspended = true, suspended_at = now()::TIMESTAMP WHERE id = ?', [String(u.id)]);
      await x.run('UPDATE sessions SET revoked = true WHERE user_id = ?', [String(u.id)]);
    },
  };
};

export const reinstateUser = (p: Principal, a: { user_id: string }) => async (tx: SqlTx): Promise<ActionPlan> => {
  const u = await findUser(tx, p, a.user_id);
  return { target: String(u.id), noop: u.suspended !== true, result: { user_id: u.id, suspended: false }, apply: (x) => x.run('UPDATE users SET suspended = false, suspended_at = NULL WHERE id = ?', [String(u.id)]) };
};
