import { createHash } from 'node:crypto';
import type { SqlAdapter, SqlTx } from './sql.js';
import { stableStringify } from '../util/json.js';

/** What happened to an attempt: done, nothing to do (idempotent repeat), dry run, refused, failed. */
export type Outcome = 'ok' | 'noop' | 'dry_run' | 'refused' | 'error';

export interface AuditInput {
  keyId: string | null;
  agent: string | null;
  /** who acted: `mcp_agent` for tool calls, `cli` for local commands */
  source: 'mcp_agent' | 'cli';
  tool: string;
  args: unknown;
  outcome: Outcome;
  result: unknown;
}

export interface AuditEntry {
  seq: number;
  ts: string;
  key_id: string | null;
  agent: string | null;
  source: string;
  tool: string;
  args: unknown;
  outcome: Outcome;
  result: unknown;
  prev_hash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** The hash of one record: it covers the previous hash, so editing any record breaks every later link. */
export function entryHash(prev: string, e: Omit<AuditEntry, 'hash' | 'prev_hash'>): string {
  const body = stableStringify({ seq: e.seq, ts: e.ts, key_id: e.key_id, agent: e.agent, source: e.source, tool: e.tool, args: e.args, outcome: e.outcome, result: e.result }, 0);
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
}

/**
 * Append one record inside the caller's transaction (the same one that changes state), so
 * a change never commits without its record and a crash loses both or neither.
 */
export async function appendAudit(tx: SqlTx, input: AuditInput): Promise<number> {
  const last = await tx.all<{ seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
  const seq = (last[0]?.seq ?? 0) + 1;
  const prev = last[0]?.hash ?? GENESIS;
  const e = { seq, ts: new Date().toISOString(), key_id: input.keyId, agent: input.agent, source: input.source, tool: input.tool, args: input.args ?? {}, outcome: input.outcome, result: input.result ?? null };
  const hash = entryHash(prev, e);
  await tx.run('INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [seq, e.ts, e.key_id, e.agent, e.source, e.tool, stableStringify(e.args, 0), e.outcome, stableStringify(e.result, 0), prev, hash]);
  return seq;
}

const parse = (s: unknown) => (typeof s === 'string' ? JSON.parse(s) : s);
function toEntry(r: Record<string, unknown>): AuditEntry {
  return { ...(r as unknown as AuditEntry), args: parse(r.args), result: parse(r.result) };
}

export interface AuditPage {
  entries: AuditEntry[];
  next_cursor: string | null;
}

/** Newest first, paged by sequence number. */
export async function listAudit(db: SqlAdapter, opts: { limit?: number; cursor?: string; tool?: string; keyId?: string; outcome?: string } = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (opts.cursor) (where.push('seq < ?'), params.push(Number(opts.cursor)));
  if (opts.tool) (where.push('tool = ?'), params.push(opts.tool));
  if (opts.keyId) (where.push('key_id = ?'), params.push(opts.keyId));
  if (opts.outcome) (where.push('outcome = ?'), params.push(opts.outcome));
  const rows = await db.all(`SELECT * FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ${limit + 1}`, params);
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, next_cursor: rows.length > limit ? String(entries[entries.length - 1]!.seq) : null };
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: string;
  /** the first record that does not match its hash or its predecessor */
  broken?: { seq: number; reason: string };
}

/** Recompute the chain from the first record. */
export async function verifyAudit(db: SqlAdapter): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectSeq = 1;
  let n = 0;
  const page = 5000;
  for (;;) {
    const rows = await db.all(`SELECT * FROM audit WHERE seq >= ? ORDER BY seq LIMIT ${page}`, [expectSeq]);
    for (const r of rows) {
      const e = toEntry(r);
      if (e.seq !== expectSeq) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: `sequence gap: expected ${expectSeq}` } };
      if (e.prev_hash !== prev) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: 'prev_hash does not match the previous record' } };
      const h = entryHash(prev, e);
      if (h !== e.hash) return { ok: false, entries: n, head: prev, broken: { seq: e.seq, reason: 'record content does not match its hash (edited)' } };
      prev = h;
      expectSeq++;
      n++;
    }
    if (rows.length < page) break;
  }
  return { ok: true, entries: n, head: prev };
}
