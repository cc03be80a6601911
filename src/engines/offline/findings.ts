import type { AppGatherResult, Finding, Level, RepoEvidence, TechniqueRef } from '../../model/app/types.js';
import type { FindingRule, ModelKB } from './kb.js';
import { byId, Facts, refsOf, shortHash } from './facts.js';

const LEVELS: Level[] = ['low', 'medium', 'high', 'critical'];
/** Findings kept per kb rule before the rest are folded into one `…-more` finding. */
export const MAX_PER_RULE = 20;

/**
 * Findings from the kb rules. IDs are `find-<rule>` (per: first), `find-<rule>-<hash of file>`
 * (per: file) or `find-<rule>-<hash of file:line>` (per: each), so they stay put when unrelated
 * lines change. Descriptions carry the scanner's (already redacted) detail, never a value.
 */
export function buildFindings(g: AppGatherResult, kb: ModelKB, facts: Facts, tech: (ids: string[]) => TechniqueRef[]): Finding[] {
  const out: Finding[] = [];
  for (const rule of kb.findings) {
    if (rule.unless && facts.any(rule.unless)) continue;
    const hits = g.evidence.filter((e) => matches(rule, e));
    if (!hits.length) continue;
    const groups = new Map<string, RepoEvidence[]>();
    for (const e of hits) {
      const key = rule.per === 'first' ? '' : rule.per === 'file' ? e.at.file : `${e.at.file}:${e.at.line}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const keys = [...groups.keys()].sort();
    // a rule that fires everywhere (one per route in a 1,000-route repo) would bury the rest:
    // keep the first MAX_PER_RULE and fold the others into one summary finding
    if (keys.length > MAX_PER_RULE) {
      const rest = keys.slice(MAX_PER_RULE - 1).flatMap((k) => groups.get(k)!);
      for (const k of keys.slice(MAX_PER_RULE - 1)) groups.delete(k);
      out.push({
        id: `find-${rule.id}-more`,
        title: `${rule.title} (${keys.length - MAX_PER_RULE + 1} more places)`,
        category: rule.category,
        severity: rule.severity === 'from_evidence' ? maxSeverity(rest) : rule.severity,
        description: `${rule.description} The same finding at ${keys.length - MAX_PER_RULE + 1} more places; the first ${Math.min(8, rest.length)} are in the evidence.`,
        techniques: tech(rule.techniques),
        evidence: refsOf(rest),
      });
    }
    for (const [key, ev] of groups) {
      const details = [...new Set(ev.map((e) => e.detail).filter((d): d is string => !!d))].slice(0, 3);
      out.push({
        id: key ? `find-${rule.id}-${shortHash(key)}` : `find-${rule.id}`,
        title: rule.title,
        category: rule.category,
        severity: rule.severity === 'from_evidence' ? maxSeverity(ev) : rule.severity,
        description: details.length && rule.per !== 'first' ? `${rule.description} Found: ${details.join('; ')}.` : rule.description,
        techniques: tech(rule.techniques),
        evidence: refsOf(ev),
      });
    }
  }
  return out.sort(byId);
}

function matches(rule: FindingRule, e: RepoEvidence): boolean {
  const fact = `${e.kind}:${e.name}`;
  if (!rule.match.some((m) => (m.endsWith('*') ? fact.startsWith(m.slice(0, -1)) : fact === m))) return false;
  for (const [k, v] of Object.entries(rule.where ?? {})) if (e.attrs?.[k] !== v) return false;
  if (rule.detail && !new RegExp(rule.detail, 'i').test(e.detail ?? '')) return false;
  // the file path counts too: a POST in routes/webhooks.js is a webhook whatever its path says
  if (rule.detail_not && (new RegExp(rule.detail_not, 'i').test(e.detail ?? '') || new RegExp(rule.detail_not, 'i').test(e.at.file))) return false;
  return true;
}

function maxSeverity(ev: RepoEvidence[]): Level {
  let best = 0;
  for (const e of ev) best = Math.max(best, LEVELS.indexOf((e.attrs?.severity as Level) ?? 'high'));
  return LEVELS[best < 0 ? 2 : best];
}
