import type { Principal, Scope } from './keys.js';
import { scopeRank } from './keys.js';

/**
 * A refusal: the key lacks the scope, or the thing asked for lies outside its organisations.
 * The tool layer audits every one and answers with an error result, never a crash.
 */
export class Refused extends Error {
  constructor(message: string, readonly reason: 'scope' | 'org' | 'confirm') {
    super(message);
    this.name = 'Refused';
  }
}

/** Bad arguments (unknown id, malformed CIDR): answered as a tool error, not a refusal. */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

export function requireScope(p: Principal, need: Scope, what: string): void {
  if (scopeRank(p.scope) < scopeRank(need)) throw new Refused(`${what} needs scope "${need}"; this key has "${p.scope}"`, 'scope');
}

export function requireOrg(p: Principal, org: string | null | undefined, what: string): void {
  if (p.orgs === null) return;
  if (!org || !p.orgs.includes(org)) throw new Refused(`${what} is outside this key's organisations`, 'org');
}

/** SQL fragment limiting rows to the key's organisations (`col IN (...)`), with its params. */
export function orgClause(p: Principal, col = 'org_id'): { sql: string; params: string[] } {
  if (p.orgs === null) return { sql: 'TRUE', params: [] };
  return { sql: `${col} IN (${p.orgs.map(() => '?').join(',')})`, params: [...p.orgs] };
}

/** Clamp a caller's page size: results must never flood a model's context. */
export const pageSize = (n: number | undefined, def = 50, max = 200) => Math.min(Math.max(Math.floor(n ?? def), 1), max);

export const encodeCursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
export function decodeCursor<T>(c: string | undefined): T | null {
  if (!c) return null;
  try {
    return JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as T;
  } catch {
    throw new BadRequest('cursor is not one this server issued');
  }
}
