import type { DraftThreat, Threat } from './types.js';

/** `T-INSIDER-002` → {category: 'INSIDER', n: 2}; undefined when the ID has another shape. */
export function parseThreatId(id: string): { category: string; n: number } | undefined {
  const m = /^T-([A-Z][A-Z0-9]*)-(\d+)$/.exec(id);
  return m ? { category: m[1], n: Number(m[2]) } : undefined;
}

export function formatThreatId(category: string, n: number): string {
  return `T-${category}-${String(n).padStart(3, '0')}`;
}

/** Category names are upper-case letters and digits, so IDs stay readable and parseable. */
export function normaliseCategory(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '') || 'OTHER';
}

/**
 * Allocates the next number per category. Resolved threats keep their numbers forever, so a
 * number is never reused: the next one is the highest ever seen in the category plus one.
 */
export class IdAllocator {
  private readonly next = new Map<string, number>();

  constructor(existing: Iterable<string>) {
    for (const id of existing) {
      const p = parseThreatId(id);
      if (p) this.next.set(p.category, Math.max(this.next.get(p.category) ?? 1, p.n + 1));
    }
  }

  allocate(category: string): string {
    const c = normaliseCategory(category);
    const n = this.next.get(c) ?? 1;
    this.next.set(c, n + 1);
    return formatThreatId(c, n);
  }
}

const jaccard = (a: string[], b: string[]): number => {
  if (!a.length && !b.length) return 1;
  const sa = new Set(a);
  const inter = b.filter((x) => sa.has(x)).length;
  return inter / (sa.size + new Set(b).size - inter);
};

/** How alike two threats are by content: same category, then overlap of techniques and assets. */
export function similarity(prev: Threat, draft: DraftThreat): number {
  if (normaliseCategory(prev.category) !== normaliseCategory(draft.category)) return 0;
  return 0.5 * jaccard(prev.techniques, draft.techniques) + 0.5 * jaccard(prev.assets, draft.assets);
}

/** Below this a draft is a new threat rather than a reworded old one. */
export const MATCH_THRESHOLD = 0.75;

/**
 * Match this run's drafts to the previous register by content, never by position: first the
 * exact content key, then the most similar unmatched threat of the same category above
 * MATCH_THRESHOLD (ties broken by ID so the result is deterministic).
 */
export function matchThreats(previous: Threat[], drafts: DraftThreat[]): Map<DraftThreat, Threat> {
  const out = new Map<DraftThreat, Threat>();
  const used = new Set<string>();
  const byKey = new Map(previous.map((t) => [t.key, t]));
  for (const d of drafts) {
    const t = byKey.get(d.key);
    if (t && !used.has(t.id)) {
      out.set(d, t);
      used.add(t.id);
    }
  }
  for (const d of drafts) {
    if (out.has(d)) continue;
    let best: Threat | undefined;
    let bestScore = MATCH_THRESHOLD;
    for (const t of [...previous].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (used.has(t.id)) continue;
      // a key still produced this run belongs to that draft, not to a look-alike
      if (drafts.some((x) => x.key === t.key)) continue;
      const s = similarity(t, d);
      if (s >= bestScore && (best === undefined || s > bestScore)) {
        best = t;
        bestScore = s;
      }
    }
    if (best) {
      out.set(d, best);
      used.add(best.id);
    }
  }
  return out;
}
