import type { OrgDraft } from '../engines/offline/org-types.js';
import type { OrgContext } from '../gather/mcp/context-types.js';
import { matrixRows, riskRank, RISK_BANDS, LIKELIHOOD_SCALE, IMPACT_SCALE } from '../register/risk.js';
import type { RegisterDiff } from '../register/diff.js';
import type { Evidence, Register, RiskLevel } from '../register/types.js';
import { sortKeys } from '../util/json.js';

/** `server › tool {"arg":…}`: how every claim in a report names its source. */
export const evidenceText = (e: Evidence) => `${e.server} › ${e.tool} ${JSON.stringify(sortKeys(e.arguments))}${e.note ? `: ${e.note}` : ''}`;

export function overallRisk(r: Register): RiskLevel | 'none' {
  const open = r.threats.filter((t) => t.status !== 'resolved');
  if (!open.length) return 'none';
  return open.reduce<RiskLevel>((m, t) => (riskRank(t.risk_level) > riskRank(m) ? t.risk_level : m), 'low');
}

/** The data `templates/threat-model.md.hbs` renders: register, draft and context, all sorted. */
export function threatModelView(reg: Register, draft: OrgDraft, ctx: OrgContext, diff?: RegisterDiff) {
  const idOf = new Map(reg.threats.map((t) => [t.key, t.id]));
  const ids = (keys: string[]) => keys.map((k) => idOf.get(k) ?? k).sort().join(', ');
  const open = reg.threats.filter((t) => t.status !== 'resolved');
  const count = (l: RiskLevel) => open.filter((t) => t.risk_level === l).length;
  return {
    organisation: reg.organisation,
    as_of: reg.as_of,
    overall_risk: overallRisk(reg),
    counts: { open: open.length, resolved: reg.threats.length - open.length, critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low') },
    top: [...open].sort((a, b) => b.risk - a.risk || (a.id < b.id ? -1 : 1)).slice(0, 3).map((t) => ({ id: t.id, title: t.title, risk: t.risk, risk_level: t.risk_level })),
    servers: ctx.servers.map((s) => ({ name: s.name, state: s.state, tools: s.tools.length, error: s.error ?? '' })),
    roles: ctx.roles.map((r) => ({ role: r.role, server: r.server ?? '—', adapter: r.adapter ?? '—', note: r.note ?? '' })),
    assets: draft.assets.map((a, i) => ({
      rank: i + 1,
      name: a.name,
      kind: a.kind,
      impact: a.impact,
      threats: reg.threats.filter((t) => t.status !== 'resolved' && t.assets.includes(a.name)).map((t) => t.id).join(', ') || '—',
      evidence: a.evidence.map(evidenceText).join('; '),
    })),
    actors: draft.actors.map((a) => ({ ...a, techniques: a.techniques.join(', ') || '—' })),
    incidents: {
      ...draft.incidents,
      window: { since: draft.incidents.window.since.slice(0, 10), until: draft.incidents.window.until.slice(0, 10) },
      recurring: draft.incidents.recurring.map((r) => ({ ...r, evidence: evidenceText(r.evidence) })),
      noise: draft.incidents.noise.map((r) => ({ ...r, evidence: evidenceText(r.evidence) })),
      unresolved: draft.incidents.unresolved.map((r) => ({ ...r, evidence: evidenceText(r.evidence) })),
      anomalies: { ...draft.incidents.anomalies, items: draft.incidents.anomalies.items.map((r) => ({ ...r, evidence: evidenceText(r.evidence) })) },
    },
    threats: reg.threats.map((t) => ({
      ...t,
      techniques: t.techniques.join(', ') || '—',
      actors: t.actors.join(', ') || '—',
      assets: t.assets.join(', ') || '—',
      detections: t.detections.join(', ') || 'none',
      evidence: t.evidence.map(evidenceText),
      history: t.history.map((h) => `${h.date}: ${h.from ?? 'new'} → ${h.to} (${h.note})`),
    })),
    matrix: { bands: RISK_BANDS, rows: matrixRows(), likelihood: LIKELIHOOD_SCALE.map((l, i) => `${i + 1} ${l}`), impact: IMPACT_SCALE.map((l, i) => `${i + 1} ${l}`) },
    controls: draft.controls.map((c) => ({ name: c.name, evidence: evidenceText(c.evidence) })),
    coverage: { ...draft.coverage, techniques_count: draft.coverage.techniques.length, sources_without_rules: draft.coverage.sources_without_rules.join(', ') || 'none' },
    siem_evidence: ctx.detections[0] ? evidenceText(ctx.detections[0].ev) : 'no SIEM connected',
    gaps: draft.gaps.map((g) => ({ ...g, tactics: g.tactics.join(', ') || '—', threats: ids(g.threats) })),
    recommendations: {
      immediate: draft.recommendations.immediate.map((r) => ({ text: r.text, threats: ids(r.threats) || '—' })),
      short_term: draft.recommendations.short_term.map((r) => ({ text: r.text, threats: ids(r.threats) || '—' })),
      long_term: draft.recommendations.long_term.map((r) => ({ text: r.text, threats: ids(r.threats) || '—' })),
    },
    diff: diff ? { has: true, new: diff.new.join(', ') || 'none', unchanged: diff.unchanged.length, updated: diff.updated.map((u) => `${u.id} (${u.fields.join(', ')})`).join('; ') || 'none', resolved: diff.resolved.join(', ') || 'none' } : { has: false },
    warnings: draft.warnings,
  };
}
