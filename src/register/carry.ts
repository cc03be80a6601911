import { byString } from '../util/json.js';
import { IdAllocator, matchThreats, normaliseCategory, parseThreatId } from './ids.js';
import { riskLevel, riskScore } from './risk.js';
import type { DraftThreat, Register, Threat, ThreatStatus } from './types.js';

const uniqSorted = (xs: string[]) => [...new Set(xs)].sort(byString);

/**
 * Carry a register forward: this run's drafts against the previous register (or none).
 * - a draft matched by content keeps the old ID; its fields take this run's values
 * - a new draft takes the next number in its category, with a history entry `null → open`
 * - a previous threat not found again is marked `resolved` (never deleted), with history
 * - a resolved threat found again is reopened (`resolved → open`)
 * - statuses a person set by hand (`accepted`, `mitigated`) are kept while the threat is found
 * Pure: same inputs, same output.
 */
export function carryForward(previous: Register | undefined, drafts: DraftThreat[], opts: { organisation: string; asOf: string }): Register {
  const prevThreats = previous?.threats ?? [];
  const alloc = new IdAllocator(prevThreats.map((t) => t.id));
  const matched = matchThreats(prevThreats, drafts);
  const seen = new Set<string>();
  const out: Threat[] = [];

  // new threats get numbers in a content order, so the IDs do not depend on the producer's order
  const ordered = [...drafts].sort((a, b) => byString(normaliseCategory(a.category) + '\u0000' + a.key, normaliseCategory(b.category) + '\u0000' + b.key));
  for (const d of ordered) {
    const prev = matched.get(d);
    const body = fromDraft(d);
    if (prev) {
      seen.add(prev.id);
      const history = [...prev.history];
      // a status changed by hand in the file since the last run gets its history entry now
      const lastTo = history.at(-1)?.to ?? null;
      if (lastTo !== prev.status) history.push({ date: opts.asOf, from: lastTo, to: prev.status, note: 'set by hand in the register' });
      let status: ThreatStatus = prev.status;
      if (prev.status === 'resolved') {
        status = 'open';
        history.push({ date: opts.asOf, from: 'resolved', to: 'open', note: 'found again' });
      }
      const kept = { ...(prev.owner !== undefined ? { owner: prev.owner } : {}), ...(prev.notes !== undefined ? { notes: prev.notes } : {}) };
      out.push({ ...body, ...kept, id: prev.id, status, first_seen: prev.first_seen, last_seen: opts.asOf, history });
    } else {
      const id = alloc.allocate(d.category);
      out.push({
        ...body,
        id,
        status: 'open',
        first_seen: opts.asOf,
        last_seen: opts.asOf,
        history: [{ date: opts.asOf, from: null, to: 'open', note: 'first identified' }],
      });
    }
  }
  for (const t of prevThreats) {
    if (seen.has(t.id)) continue;
    if (t.status === 'resolved') out.push(t);
    else
      out.push({
        ...t,
        status: 'resolved',
        history: [...t.history, { date: opts.asOf, from: t.status, to: 'resolved', note: 'no longer found in the gathered context' }],
      });
  }
  return { schema_version: 1, organisation: opts.organisation, as_of: opts.asOf, threats: sortThreats(out) };
}

function fromDraft(d: DraftThreat): Omit<Threat, 'id' | 'status' | 'first_seen' | 'last_seen' | 'history'> {
  const risk = riskScore(d.likelihood, d.impact);
  return {
    key: d.key,
    category: normaliseCategory(d.category),
    title: d.title,
    description: d.description,
    assets: uniqSorted(d.assets),
    actors: uniqSorted(d.actors),
    techniques: uniqSorted(d.techniques),
    likelihood: Math.max(1, Math.min(5, Math.round(d.likelihood))),
    impact: Math.max(1, Math.min(5, Math.round(d.impact))),
    risk,
    risk_level: riskLevel(risk),
    mitigation_status: d.mitigation_status,
    detections: uniqSorted(d.detections),
    evidence: [...d.evidence].sort((a, b) => byString(JSON.stringify([a.server, a.tool, a.arguments, a.note]), JSON.stringify([b.server, b.tool, b.arguments, b.note]))),
  };
}

/** Register order: by category, then number (T-CLOUD-001, T-CLOUD-002, T-INSIDER-001 …). */
export function sortThreats(ts: Threat[]): Threat[] {
  return [...ts].sort((a, b) => {
    const pa = parseThreatId(a.id);
    const pb = parseThreatId(b.id);
    if (pa && pb) return pa.category === pb.category ? pa.n - pb.n : byString(pa.category, pb.category);
    return byString(a.id, b.id);
  });
}
