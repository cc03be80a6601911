import { byString } from '../util/json.js';
import type { Register, Threat } from './types.js';

/** `tm register diff` result (camelCase: printed JSON). */
export interface RegisterDiff {
  new: string[];
  unchanged: string[];
  updated: { id: string; fields: string[] }[];
  resolved: string[];
}

/** Fields compared between runs. Dates and history change every run and are not "updates". */
export const COMPARED_FIELDS: (keyof Threat)[] = [
  'title',
  'description',
  'category',
  'assets',
  'actors',
  'techniques',
  'likelihood',
  'impact',
  'risk',
  'risk_level',
  'mitigation_status',
  'detections',
  'status',
];

/**
 * Compare two registers by threat ID. A threat resolved in `next` (and not already resolved
 * in `prev`), or missing from it, is `resolved`; one only in `next` is `new`.
 */
export function diffRegisters(prev: Register, next: Register): RegisterDiff {
  const before = new Map(prev.threats.map((t) => [t.id, t]));
  const after = new Map(next.threats.map((t) => [t.id, t]));
  const out: RegisterDiff = { new: [], unchanged: [], updated: [], resolved: [] };
  for (const [id, t] of after) {
    const p = before.get(id);
    if (!p) {
      if (t.status !== 'resolved') out.new.push(id);
      continue;
    }
    if (t.status === 'resolved' && p.status !== 'resolved') {
      out.resolved.push(id);
      continue;
    }
    const fields = COMPARED_FIELDS.filter((f) => JSON.stringify(p[f]) !== JSON.stringify(t[f])).map(String);
    if (fields.length) out.updated.push({ id, fields });
    else out.unchanged.push(id);
  }
  for (const [id, p] of before) if (!after.has(id) && p.status !== 'resolved') out.resolved.push(id);
  out.new.sort(byString);
  out.unchanged.sort(byString);
  out.resolved.sort(byString);
  out.updated.sort((a, b) => byString(a.id, b.id));
  return out;
}
