/**
 * Coverage: which techniques the active rules name, measured against a wanted set, in one
 * loaded ATT&CK release. Pure: detections and a knowledge base in, a report out.
 *
 * Counting rules: a rule naming a technique is `direct`; a rule naming one of its
 * sub-techniques (and not the technique itself) is `viaSubtechniques`; never both. A revoked
 * ID counts under its replacement (listed in `revoked`); an ID the release does not know is
 * listed in `unknown` and covers nothing. Inactive rules (deprecated, disabled) cover nothing.
 */
import type { AttackKB } from '../attack/kb.js';
import type { Problem } from '../util/errors.js';
import { byString } from '../util/json.js';
import { isActive, type Detection } from '../rules/types.js';
import type { CoverageReport, DetectionSummary, TechniqueCoverage } from './types.js';
import { gapEvidence, indexLogSources } from './logsource.js';

export interface CoverageOptions {
  /** technique IDs that should be covered (default: every active technique and sub-technique) */
  wanted?: string[];
  /** how the wanted set was chosen, for the report (`all`, `platform:windows`, `group:G0016`, …) */
  wantedSource?: string;
  /** only techniques on these platforms (applies to the default wanted set) */
  platforms?: string[];
}

const isTechnique = (t: string | undefined) => t === 'technique' || t === 'subtechnique';
const sorted = (s: Iterable<string>) => [...s].sort(byString);

export function summarizeDetection(d: Detection): DetectionSummary {
  return {
    ref: d.ref,
    id: d.id,
    title: d.title,
    format: d.format,
    status: d.status,
    level: d.level,
    active: isActive(d),
    techniques: d.techniques,
    tactics: d.tactics,
    logSource: d.logSource,
  };
}

export function computeCoverage(detections: Detection[], problems: Problem[], kb: AttackKB, opts: CoverageOptions = {}): CoverageReport {
  return computeFromSummaries(detections.map(summarizeDetection), failedFrom(detections, problems), kb, opts);
}

/** Problems as the report lists them, and how many files yielded no rule at all. */
function failedFrom(detections: Detection[], problems: Problem[]) {
  const withRules = new Set(detections.map((d) => d.file));
  const failed = problems.map((p) => ({ file: p.file, line: p.line, error: p.error }));
  const lostFiles = new Set(problems.filter((p) => !withRules.has(p.file)).map((p) => p.file)).size;
  return { failed, lostFiles };
}

/** The core, over rule summaries: also what `coverage diff` uses to re-express an old report in the loaded release. */
export function computeFromSummaries(
  rules: DetectionSummary[],
  fail: { failed: CoverageReport['rules']['failed']; lostFiles: number },
  kb: AttackKB,
  opts: CoverageOptions = {},
): CoverageReport {
  const direct = new Map<string, Set<string>>();
  const via = new Map<string, Set<string>>();
  const unknown = new Map<string, Set<string>>();
  const revoked = new Map<string, { replacedBy: string | null; rules: Set<string> }>();
  const deprecated = new Map<string, Set<string>>();
  const unknownTactics = new Map<string, Set<string>>();
  const tacticRules = new Map<string, number>();
  const add = (m: Map<string, Set<string>>, k: string, v: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
  const byFormat: CoverageReport['rules']['byFormat'] = {};
  let inactive = 0;
  let withoutTechniques = 0;
  // thousands of rules name the same few hundred IDs; resolving an unknown one computes suggestions
  const resolved = new Map<string, ReturnType<AttackKB['resolve']>>();
  const resolve = (raw: string) => resolved.get(raw) ?? resolved.set(raw, kb.resolve(raw)).get(raw)!;
  const tacticsFound = new Map<string, string | undefined>();
  const findTactic = (raw: string) => (tacticsFound.has(raw) ? tacticsFound.get(raw) : tacticsFound.set(raw, kb.findTactic(raw)?.id).get(raw));

  for (const r of rules) {
    byFormat[r.format] = (byFormat[r.format] ?? 0) + 1;
    if (!r.active) {
      inactive++;
      continue;
    }
    if (r.techniques.length === 0) withoutTechniques++;
    const named = new Set<string>();
    for (const raw of r.techniques) {
      const res = resolve(raw);
      if (res.status === 'unknown' || !isTechnique(res.object.type)) {
        add(unknown, res.id, r.ref);
        continue;
      }
      if (res.status === 'revoked') {
        const e = revoked.get(res.id) ?? { replacedBy: res.replacedBy ?? null, rules: new Set<string>() };
        e.rules.add(r.ref);
        revoked.set(res.id, e);
        if (res.replacedBy) named.add(res.replacedBy);
        continue;
      }
      if (res.status === 'deprecated') add(deprecated, res.id, r.ref);
      named.add(res.id);
    }
    for (const t of named) {
      add(direct, t, r.ref);
      const parent = kb.get(t)?.parent;
      if (parent && !named.has(parent)) add(via, parent, r.ref);
    }
    const tacticsSeen = new Set<string>();
    for (const raw of r.tactics) {
      const t = findTactic(raw);
      if (t) tacticsSeen.add(t);
      else add(unknownTactics, raw, r.ref);
    }
    for (const t of tacticsSeen) tacticRules.set(t, (tacticRules.get(t) ?? 0) + 1);
  }

  const wantedIds = wantedSet(kb, opts);
  const sources = indexLogSources(rules.filter((r) => r.active).map((r) => r.logSource ?? {}));
  const row = (id: string, gaps: boolean): TechniqueCoverage => {
    const o = kb.get(id);
    const d = sorted(direct.get(id) ?? []);
    const v = sorted(via.get(id) ?? []);
    const covered = d.length + v.length > 0;
    const r: TechniqueCoverage = { id, name: o?.name ?? id, tactics: o?.tactics ?? [], parent: o?.parent, direct: d, viaSubtechniques: v, covered };
    if (!covered && gaps) r.gap = gapEvidence(kb, id, sources);
    return r;
  };
  const techniques = wantedIds.map((id) => row(id, true));
  const wantedSetIds = new Set(wantedIds);
  const otherIds = new Set([...direct.keys(), ...via.keys()].filter((id) => !wantedSetIds.has(id)));
  const otherCovered = sorted(otherIds).map((id) => row(id, false));
  const covered = techniques.filter((t) => t.covered).length;

  const tactics = kb.tactics().map((t) => {
    const rows = techniques.filter((r) => r.tactics.includes(t.shortname!));
    // rules = distinct rules covering any wanted technique of the tactic (a tactic tag alone covers
    // nothing, and v19 rule sets tag tactics the loaded release may not know)
    const covering = new Set(rows.flatMap((r) => [...r.direct, ...r.viaSubtechniques]));
    return { id: t.id, shortname: t.shortname ?? '', name: t.name, wanted: rows.length, covered: rows.filter((r) => r.covered).length, rules: covering.size, taggedRules: tacticRules.get(t.id) ?? 0 };
  });
  const version = kb.version;
  return {
    attack: { version, domain: kb.index.domain },
    wanted: { source: opts.wantedSource ?? (opts.platforms?.length ? `platform:${opts.platforms.join(',')}` : 'all'), count: techniques.length },
    summary: { wanted: techniques.length, covered, gaps: techniques.length - covered, percent: techniques.length ? Math.round((covered / techniques.length) * 1000) / 10 : 100 },
    rules: { total: rules.length + fail.lostFiles, parsed: rules.length, failed: fail.failed, withoutTechniques, inactive, byFormat },
    techniques,
    otherCovered,
    tactics,
    unknown: sorted(unknown.keys()).map((id) => ({
      id,
      rules: sorted(unknown.get(id)!),
      hint: `not in ATT&CK ${version}: the rules may be written against a newer release (run \`tm attack update\`), or the ID is mistyped`,
    })),
    unknownTactics: sorted(unknownTactics.keys()).map((tactic) => ({
      tactic,
      rules: sorted(unknownTactics.get(tactic)!),
      hint: `no tactic "${tactic}" in ATT&CK ${version}: the rules may follow a newer release`,
    })),
    revoked: sorted(revoked.keys()).map((id) => ({ id, replacedBy: revoked.get(id)!.replacedBy, rules: sorted(revoked.get(id)!.rules) })),
    deprecated: sorted(deprecated.keys()).map((id) => ({ id, rules: sorted(deprecated.get(id)!) })),
    detections: [...rules].sort((a, b) => byString(a.ref, b.ref)),
  };
}

/** The wanted technique IDs: the given list (revoked IDs followed, unknown ones dropped) or every active technique. */
export function wantedSet(kb: AttackKB, opts: CoverageOptions): string[] {
  if (!opts.wanted) return kb.techniques({ platforms: opts.platforms?.length ? opts.platforms : undefined }).map((o) => o.id);
  const out = new Set<string>();
  for (const raw of opts.wanted) {
    const res = kb.resolve(raw);
    if (res.status === 'unknown' || !isTechnique(res.object.type)) continue;
    const id = res.status === 'revoked' ? res.replacedBy : res.id;
    if (!id) continue;
    const o = kb.get(id);
    if (opts.platforms?.length && !(o?.platforms ?? []).some((p) => opts.platforms!.some((q) => q.toLowerCase() === p.toLowerCase()))) continue;
    out.add(id);
  }
  return sorted(out);
}
