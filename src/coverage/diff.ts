/**
 * Coverage between two runs, both expressed in the same loaded ATT&CK release (so an ATT&CK
 * upgrade alone shows no losses): what lost its last rule, what was gained, which wanted
 * techniques became gaps or stopped being gaps, and which kept coverage with fewer rules.
 */
import type { AttackKB } from '../attack/kb.js';
import { inputError } from '../util/errors.js';
import { byString } from '../util/json.js';
import { computeFromSummaries, type CoverageOptions } from './compute.js';
import type { CoverageReport, RuleRef } from './types.js';

export interface CoverageDiff {
  attack: { version: string };
  lost: { id: string; name: string; rules: RuleRef[] }[];
  gained: { id: string; name: string; rules: RuleRef[] }[];
  newGaps: string[];
  closedGaps: string[];
  /** still covered, by fewer rules */
  reduced: { id: string; name: string; removed: RuleRef[]; left: RuleRef[] }[];
  base: { covered: number; wanted: number; rules: number };
  head: { covered: number; wanted: number; rules: number };
}

/** Recompute a saved report (maybe from another ATT&CK release) in `kb`, from its rule list. */
export function reexpress(report: unknown, kb: AttackKB, opts: CoverageOptions, file = 'coverage JSON'): CoverageReport {
  const r = report as Partial<CoverageReport>;
  if (!r || typeof r !== 'object' || !Array.isArray(r.detections) || !r.rules) {
    throw inputError(`${file}: not a tm coverage report (no "detections" list)`, { hint: 'make one with `tm coverage <rules> --json -o base.json`' });
  }
  const failed = Array.isArray(r.rules.failed) ? r.rules.failed : [];
  return computeFromSummaries(r.detections, { failed, lostFiles: Math.max(0, (r.rules.total ?? 0) - (r.rules.parsed ?? 0)) }, kb, opts);
}

function coverageMap(r: CoverageReport): Map<string, { name: string; rules: Set<string> }> {
  const m = new Map<string, { name: string; rules: Set<string> }>();
  for (const t of [...r.techniques, ...r.otherCovered]) if (t.covered) m.set(t.id, { name: t.name, rules: new Set([...t.direct, ...t.viaSubtechniques]) });
  return m;
}

export function diffCoverage(base: CoverageReport, head: CoverageReport): CoverageDiff {
  const b = coverageMap(base);
  const h = coverageMap(head);
  const sortRules = (s: Set<string>) => [...s].sort(byString);
  const lost = [...b.keys()].filter((id) => !h.has(id)).sort(byString).map((id) => ({ id, name: b.get(id)!.name, rules: sortRules(b.get(id)!.rules) }));
  const gained = [...h.keys()].filter((id) => !b.has(id)).sort(byString).map((id) => ({ id, name: h.get(id)!.name, rules: sortRules(h.get(id)!.rules) }));
  const reduced = [...b.keys()]
    .filter((id) => h.has(id))
    .map((id) => ({ id, name: b.get(id)!.name, removed: sortRules(new Set([...b.get(id)!.rules].filter((x) => !h.get(id)!.rules.has(x)))), left: sortRules(h.get(id)!.rules) }))
    .filter((x) => x.removed.length > 0)
    .sort((x, y) => byString(x.id, y.id));
  const wanted = new Set(head.techniques.map((t) => t.id));
  for (const t of base.techniques) wanted.add(t.id);
  return {
    attack: { version: head.attack.version },
    lost,
    gained,
    newGaps: lost.map((x) => x.id).filter((id) => wanted.has(id)),
    closedGaps: gained.map((x) => x.id).filter((id) => wanted.has(id)),
    reduced,
    base: { covered: base.summary.covered, wanted: base.summary.wanted, rules: base.rules.parsed },
    head: { covered: head.summary.covered, wanted: head.summary.wanted, rules: head.rules.parsed },
  };
}

/** A regression is a lost technique or a new gap. */
export const isRegression = (d: CoverageDiff): boolean => d.lost.length > 0 || d.newGaps.length > 0;
