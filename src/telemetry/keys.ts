import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SqlAdapter, SqlTx } from './sql.js';
import { inputError } from '../util/errors.js';

/** Scopes nest: each one can do everything the ones before it can. */
export const SCOPES = ['read', 'investigate', 'enforce', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export const scopeRank = (s: Scope) => SCOPES.indexOf(s);

/** Who is calling: resolved from an API key. `orgs: null` means every organisation. */
export interface Principal {
  keyId: string;
  name: string;
  scope: Scope;
  orgs: string[] | null;
}

export interface KeyInfo {
  id: string;
  name: string;
  scope: Scope;
  orgs: string[] | null;
  created_at: string;
  revoked_at: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function parseScope(s: string): Scope {
  if (!(SCOPES as readonly string[]).includes(s)) throw inputError(`unknown scope "${s}"`, { hint: `use one of ${SCOPES.join(', ')}` });
  return s as Scope;
}

/**
 * Create a key. The secret is returned once and only its SHA-256 is stored; the key embeds
 * its id (`tmk_<id>_<secret>`) so lookups need no scan.
 */
export async function createKey(tx: SqlTx | SqlAdapter, opts: { name: string; scope: Scope; orgs?: string[] | null }): Promise<{ id: string; key: string; scope: Scope; orgs: string[] | null }> {
  const id = randomBytes(6).toString('hex');
  const key = `tmk_${id}_${randomBytes(24).toString('base64url')}`;
  const orgs = opts.orgs && opts.orgs.length ? [...new Set(opts.orgs)].sort() : null;
  if (orgs) {
    const known = await tx.all<{ id: string }>(`SELECT id FROM orgs WHERE id IN (${orgs.map(() => '?').join(',')})`, orgs);
    const missing = orgs.filter((o) => !known.some((k) => k.id === o));
    if (missing.length && known.length + missing.length > 0 && (await tx.all('SELECT 1 FROM orgs LIMIT 1')).length) {
      throw inputError(`unknown organisation ${missing.join(', ')}`, { hint: 'list them with `tm telemetry keys list` or the list_devices tool' });
    }
  }
  await tx.run(`INSERT INTO api_keys VALUES (?, ?, ?, ?, ${orgs ? `[${orgs.map(() => '?').join(',')}]` : 'NULL'}, now()::TIMESTAMP, NULL)`, [id, opts.name, sha256(key), opts.scope, ...(orgs ?? [])]);
  return { id, key, scope: opts.scope, orgs };
}

export async function listKeys(db: SqlTx | SqlAdapter): Promise<KeyInfo[]> {
  const rows = await db.all<KeyInfo>('SELECT id, name, scope, orgs, created_at, revoked_at FROM api_keys ORDER BY created_at, id');
  return rows.map((r) => ({ ...r, orgs: r.orgs ?? null }));
}

/** Revoke a key; returns false when it was already revoked, throws when unknown. */
export async function revokeKey(db: SqlTx | SqlAdapter, id: string): Promise<boolean> {
  const rows = await db.all<{ revoked_at: string | null }>('SELECT revoked_at FROM api_keys WHERE id = ?', [id]);
  if (!rows.length) throw inputError(`no API key with id ${id}`, { hint: 'see `tm telemetry keys list`' });
  if (rows[0]!.revoked_at) return false;
  await db.run('UPDATE api_keys SET revoked_at = now()::TIMESTAMP WHERE id = ?', [id]);
  return true;
}

/** Resolve a presented key to its principal, or null (unknown, wrong secret, revoked). */
export async function authenticate(db: SqlAdapter, key: string | undefined): Promise<Principal | null> {
  const m = /^tmk_([0-9a-f]{12})_[A-Za-z0-9_-]+$/.exec(key ?? '');
  if (!m) return null;
  const rows = await db.all<{ id: string; name: string; key_hash: string; scope: Scope; orgs: string[] | null; revoked_at: string | null }>(
    'SELECT id, name, key_hash, scope, orgs, revoked_at FROM api_keys WHERE id = ?',
    [m[1]!],
  );
  const r = rows[0];
  if (!r || r.revoked_at) return null;
  const a = Buffer.from(sha256(key!), 'hex');
  const b = Buffer.from(r.key_hash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return { keyId: r.id, name: r.name, scope: r.scope, orgs: r.orgs && r.orgs.length ? r.orgs : null };
}
