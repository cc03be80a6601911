import type { AttackKB } from '../../attack/kb.js';
import type { OrgContext } from '../../gather/mcp/context-types.js';
import { riskScore } from '../../register/risk.js';
import type { DraftThreat, Evidence, MitigationStatus } from '../../register/types.js';
import { byString } from '../../util/json.js';
import type { Engine, EngineContext, EngineResult } from '../types.js';
import { analyseCoverage, analyseIncidents, findControls, isCovered } from './org-analysis.js';
import { relevantGroups } from './org-intel.js';
import { SCENARIOS, type Scenario } from './org-scenarios.js';
import type { Answers, OrgDraft, OrgInput, Recommendation } from './org-types.js';

export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const answerEv = (field: string, note: string): Evidence => ({ server: 'interview', tool: 'answers', arguments: { field }, note });

/** A text the scenarios' keywords are looked for in, with the evidence for a hit. */
interface Source {
  kind: 'answer' | 'ticket' | 'alert' | 'doc' | 'anomaly';
  text: string;
  ev: Evidence;
}

function sources(ctx: OrgContext, answers: Answers): Source[] {
  const out: Source[] = [];
  for (const w of answers.worries ?? []) out.push({ kind: 'answer', text: w, ev: answerEv('worries', `worry: ${w}`) });
  for (const w of answers.known_incidents ?? []) out.push({ kind: 'answer', text: w, ev: answerEv('known_incidents', `known incident: ${w}`) });
  for (const t of ctx.incidents) out.push({ kind: 'ticket', text: `${t.summary}\n${t.description}\n${t.labels.join(' ')}`, ev: { ...t.ev, note: `ticket ${t.key}: ${t.summary}` } });
  for (const a of ctx.alerts) out.push({ kind: 'alert', text: a.title, ev: { ...a.ev, note: `alert ${a.id}: ${a.title}` } });
  for (const d of ctx.docs) out.push({ kind: 'doc', text: d.text, ev: { ...d.ev, note: `document ${d.path}` } });
  for (const a of ctx.anomalies) out.push({ kind: 'anomaly', text: a.type, ev: { ...a.ev, note: `anomaly ${a.id}: ${a.type}` } });
  return out;
}

/**
 * The offline org producer: five context layers + answers → register drafts and the rest of the
 * report. Deterministic; every threat carries the evidence that raised it.
 */
export function produceOrgDraft(input: OrgInput, kb: AttackKB): OrgDraft {
  const { context: ctx, answers, intel } = input;
  const warnings: string[] = [];
  const warnOnce = (w: string) => {
    if (!warnings.includes(w)) warnings.push(w);
  };
  const leftOut = new Set<string>();
  const validTech = (ids: string[]): string[] => {
    const out = new Set<string>();
    for (const id of ids) {
      const r = kb.resolve(id);
      if (r.status === 'active') out.add(r.id);
      else if (r.status === 'revoked' && r.replacedBy) out.add(r.replacedBy);
      else leftOut.add(`${id} (${r.status})`);
    }
    return [...out].sort(byString);
  };

  const groups = relevantGroups(intel, answers.industry, answers.geography ?? []).filter(({ group }) => {
    const ok = kb.resolve(group.id).status === 'active';
    if (!ok) warnOnce(`threat-intel group ${group.id} (${group.name}) is not in ATT&CK ${kb.version}; left out`);
    return ok;
  });
  const groupTech = new Map(groups.map(({ group }) => [group.id, new Set(kb.techniquesUsedBy(group.id, { viaSoftware: true }))]));

  const coverage = analyseCoverage(ctx);
  const covered = new Set(coverage.techniques);
  const srcs = sources(ctx, answers);
  const crown = [...new Set(answers.crown_jewels ?? [])];
  const critical = [...new Set(answers.critical_systems ?? [])];
  const drafts: DraftThreat[] = [];
  const advice = new Map<string, Scenario['advice']>();

  for (const sc of SCENARIOS) {
    const techniques = validTech(sc.techniques);
    const res = sc.keywords.map((k) => new RegExp(`\\b${escapeRe(k)}`, 'i'));
    const hits = srcs.filter((s) => res.some((re) => re.test(s.text)));
    const actors = groups.filter(({ group }) => techniques.some((t) => isCovered(t, groupTech.get(group.id)!))).map(({ group }) => group.id);
    const actorStrong = groups.some(({ group }) => techniques.filter((t) => isCovered(t, groupTech.get(group.id)!)).length >= 2);
    if (!sc.always && !hits.length && !actorStrong) continue;
    const assetsList = sc.perAsset ? crown : sc.impact === 'critical' ? critical : [];
    if (sc.perAsset && !crown.length) continue;
    const instances = sc.perAsset ? crown.map((a) => [a]) : [assetsList];
    for (const assets of instances) {
      const asset = assets[0] ?? '';
      const impact = sc.impact === 'crown' ? 5 : sc.impact === 'critical' ? (critical.length ? 4 : 3) : sc.impact;
      const cov = techniques.filter((t) => isCovered(t, covered));
      const mitigation: MitigationStatus = techniques.length && cov.length === techniques.length ? 'mitigated' : cov.length ? 'partial' : 'unmitigated';
      // Likelihood: the scenario's base, raised by what was observed (a ticket in the window,
      // three or more matching alerts) and by what people fear (a worry or known incident);
      // relevant actors lift an otherwise unobserved threat to "possible"; full detection
      // coverage lowers it by one (residual likelihood).
      let likelihood = sc.baseLikelihood;
      if (hits.some((h) => h.kind === 'ticket')) likelihood++;
      if (hits.filter((h) => h.kind === 'alert' || h.kind === 'anomaly').length >= 3) likelihood++;
      if (hits.some((h) => h.kind === 'answer')) likelihood++;
      if (actors.length && likelihood < 3) likelihood = 3;
      if (mitigation === 'mitigated') likelihood--;
      const detections = ctx.detections.filter((d) => d.active && techniques.some((t) => isCovered(t, new Set(d.techniques)))).map((d) => d.id);
      const evidence = dedupeEvidence([
        ...hits.slice(0, 8).map((h) => h.ev),
        ...(actors.length ? [{ server: 'tm', tool: 'threat-intel', arguments: { industry: answers.industry ?? '', geography: answers.geography ?? [] }, note: `relevant actors using these techniques: ${actors.join(', ')}` }] : []),
        ...(sc.perAsset ? [answerEv('crown_jewels', `crown jewel: ${asset}`)] : []),
        ...(sc.always && !hits.length ? [{ server: 'tm', tool: 'baseline', arguments: { scenario: sc.id }, note: 'baseline threat for every organisation' }] : []),
      ]);
      const key = sc.perAsset ? `${sc.id}:${slug(asset)}` : sc.id;
      advice.set(key, sc.advice);
      drafts.push({
        key,
        category: sc.category,
        title: sc.title.replace('{asset}', asset),
        description: sc.description.replace('{asset}', asset),
        assets,
        actors,
        techniques,
        likelihood: Math.max(1, Math.min(5, likelihood)),
        impact,
        mitigation_status: mitigation,
        detections,
        evidence,
      });
    }
  }

  if (leftOut.size) warnings.push(`${leftOut.size} ATT&CK technique(s) of the scenarios are not current in release ${kb.version} and were left out: ${[...leftOut].sort(byString).join(', ')}`);
  const gaps = new Map<string, Set<string>>();
  for (const d of drafts) for (const t of d.techniques) if (!isCovered(t, covered)) (gaps.get(t) ?? gaps.set(t, new Set()).get(t)!).add(d.key);
  const incidents = analyseIncidents(ctx);

  return {
    organisation: answers.company || 'Organisation',
    drafts,
    assets: rankAssets(ctx, answers),
    actors: groups.map(({ group, reason }) => ({
      id: group.id,
      name: kb.get(group.id)?.name ?? group.name,
      motive: group.motive,
      reason,
      techniques: drafts.flatMap((d) => d.techniques).filter((t, i, a) => a.indexOf(t) === i && isCovered(t, groupTech.get(group.id)!)).sort(byString),
    })),
    incidents,
    coverage,
    controls: findControls(ctx),
    gaps: [...gaps]
      .map(([technique, ks]) => ({ technique, name: kb.get(technique)?.name ?? technique, tactics: kb.get(technique)?.tactics ?? [], threats: [...ks].sort(byString) }))
      .sort((a, b) => b.threats.length - a.threats.length || byString(a.technique, b.technique)),
    recommendations: recommend(drafts, advice, incidents, coverage),
    warnings: [...ctx.warnings, ...warnings],
  };
}

function dedupeEvidence(evs: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evs.filter((e) => {
    const k = JSON.stringify([e.server, e.tool, e.arguments, e.note]);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function rankAssets(ctx: OrgContext, answers: Answers): OrgDraft['assets'] {
  const out: OrgDraft['assets'] = [];
  for (const a of answers.crown_jewels ?? []) out.push({ name: a, kind: 'crown jewel', impact: 5, evidence: [answerEv('crown_jewels', `crown jewel: ${a}`)] });
  for (const a of answers.critical_systems ?? []) if (!out.some((x) => x.name === a)) out.push({ name: a, kind: 'business-critical system', impact: 4, evidence: [answerEv('critical_systems', `critical system: ${a}`)] });
  // the ten most critical devices at most: the ranking is about business impact, not inventory
  const devices = ctx.devices.filter((d) => /high|critical|crown|tier-?0|tier-?1/i.test(d.criticality)).slice(0, 10);
  for (const d of devices) out.push({ name: d.hostname || d.id, kind: `device (${d.os || 'unknown os'})`, impact: 3, evidence: [d.ev] });
  return out.sort((a, b) => b.impact - a.impact || byString(a.name, b.name));
}

function recommend(drafts: DraftThreat[], advice: Map<string, Scenario['advice']>, inc: OrgDraft['incidents'], cov: OrgDraft['coverage']): OrgDraft['recommendations'] {
  const buckets: Record<'immediate' | 'short_term' | 'long_term', Map<string, Recommendation>> = { immediate: new Map(), short_term: new Map(), long_term: new Map() };
  const add = (b: keyof typeof buckets, text: string, key?: string) => {
    const r = buckets[b].get(text) ?? { text, threats: [] };
    if (key && !r.threats.includes(key)) r.threats.push(key);
    buckets[b].set(text, r);
  };
  const ordered = [...drafts].sort((a, b) => riskScore(b.likelihood, b.impact) - riskScore(a.likelihood, a.impact) || byString(a.key, b.key));
  for (const d of ordered) {
    const adv = advice.get(d.key) ?? {};
    const asset = d.assets[0] ?? '';
    const fill = (s: string) => s.replace(/\{asset\}/g, asset);
    const risk = riskScore(d.likelihood, d.impact);
    if (adv.immediate && (risk >= 10 || d.mitigation_status === 'unmitigated')) add('immediate', fill(adv.immediate), d.key);
    else if (adv.immediate) add('short_term', fill(adv.immediate), d.key);
    if (adv.short_term && d.mitigation_status !== 'mitigated') add('short_term', fill(adv.short_term), d.key);
    if (adv.long_term) add('long_term', fill(adv.long_term), d.key);
  }
  const unresolvedAlerts = inc.unresolved.filter((u) => u.kind === 'alert').length;
  const openTickets = inc.unresolved.filter((u) => u.kind === 'ticket').length;
  if (unresolvedAlerts) add('immediate', `Triage the ${unresolvedAlerts} alert(s) left open for more than 7 days.`);
  if (openTickets) add('immediate', `Close or re-plan the ${openTickets} security ticket(s) still open.`);
  for (const n of inc.noise) add('short_term', `Tune noisy rule ${n.rule_id} (${n.false_positive} of ${n.count} alerts were false positives).`);
  for (const s of cov.sources_without_rules) add('short_term', `Write detections for log source ${s}, which is ingested but has no rules.`);
  const list = (m: Map<string, Recommendation>) => [...m.values()].map((r) => ({ ...r, threats: r.threats.sort(byString) }));
  return { immediate: list(buckets.immediate), short_term: list(buckets.short_term), long_term: list(buckets.long_term) };
}

/** The offline engine for `tm model org`, behind the shared Engine contract. */
export const offlineOrgEngine: Engine<OrgInput, OrgDraft> = {
  id: 'offline',
  async produce(input: OrgInput, ctx: EngineContext): Promise<EngineResult<OrgDraft>> {
    const output = produceOrgDraft(input, ctx.kb);
    return { output, warnings: output.warnings, stages: [{ name: 'org-register', engine: 'offline' }] };
  },
};
