import type { AttackKB } from '../../attack/kb.js';
import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { DraftThreat, Evidence } from '../../register/types.js';
import type { Answers, OrgDraft } from '../offline/org-types.js';

/** Caps on what the org threats prompt shows (the model can read more with the MCP tools). */
export interface OrgPromptLimits {
  devices: number;
  anomalies: number;
  detections: number;
  tickets: number;
  alertRules: number;
  docChars: number;
  docsTotalChars: number;
  ticketChars: number;
}

export const ORG_LIMITS: OrgPromptLimits = { devices: 40, anomalies: 40, detections: 150, tickets: 60, alertRules: 60, docChars: 3_000, docsTotalChars: 24_000, ticketChars: 400 };

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)} […${s.length - n} more characters]` : s);
const src = (ev: Evidence) => JSON.stringify({ server: ev.server, tool: ev.tool, arguments: ev.arguments });

/**
 * Items of one layer as lines, grouped by the call that returned them, so each source's
 * `{server, tool, arguments}` (what an evidence entry cites) is written once.
 */
function grouped<T extends { ev: Evidence }>(title: string, items: T[], line: (x: T) => string, max: number): string {
  if (!items.length) return `### ${title}\n(none gathered)`;
  const shown = items.slice(0, max);
  const by = new Map<string, string[]>();
  for (const x of shown) (by.get(src(x.ev)) ?? by.set(src(x.ev), []).get(src(x.ev))!).push(line(x));
  const blocks = [...by].map(([s, ls]) => `source ${s}:\n${ls.map((l) => `- ${l}`).join('\n')}`);
  const more = items.length > shown.length ? `\n(${items.length - shown.length} more not shown; use the tools)` : '';
  return `### ${title} (${items.length})\n${blocks.join('\n')}${more}`;
}

/** The five context layers and the answers, as the org threats prompt shows them. */
export function orgContextBlocks(ctx: OrgContext, answers: Answers, base: OrgDraft, kb: AttackKB, limits: OrgPromptLimits = ORG_LIMITS): Record<string, string> {
  const crit = (c: string) => (/critical|crown|tier-?0/i.test(c) ? 0 : /high|tier-?1/i.test(c) ? 1 : 2);
  const devices = [...ctx.devices].sort((a, b) => crit(a.criticality) - crit(b.criticality) || (a.id < b.id ? -1 : 1));
  const identities = [
    grouped('Devices', devices, (d) => `${d.id} ${d.hostname} (${d.os || 'unknown os'}; owner ${d.owner || 'unknown'}; criticality ${d.criticality || 'unknown'})`, limits.devices),
    grouped('Telemetry anomalies', ctx.anomalies, (a) => `${a.id} ${a.type} [${a.severity}, ${a.status}] device ${a.device}`, limits.anomalies),
    ctx.posture ? `### Posture\nsource ${src(ctx.posture.ev)}:\n${cut(JSON.stringify(ctx.posture.data), 2_000)}` : '',
  ].filter(Boolean);

  // a group's full technique list is long: show how many, and those the baseline threats use
  const baselineTech = [...new Set(base.drafts.flatMap((d) => d.techniques))];
  const intelSource = JSON.stringify({ server: 'tm', tool: 'threat-intel', arguments: { industry: answers.industry ?? '', geography: answers.geography ?? [] } });
  const intel = base.actors.length
    ? `source ${intelSource}:\n` +
      base.actors
        .map((a) => {
          const used = new Set(kb.techniquesUsedBy(a.id, { viaSoftware: true }));
          const shared = baselineTech.filter((t) => used.has(t) || used.has(t.split('.')[0])).sort();
          return `- ${a.id} ${a.name} (motive: ${a.motive}; why relevant: ${a.reason}); uses ${used.size} techniques; of the baseline threats' techniques: ${shared.join(', ') || 'none'}`;
        })
        .join('\n')
    : '(no ATT&CK group matches the industry and geography)';

  const cov = base.coverage;
  const detections = [
    grouped('Detection rules', ctx.detections, (d) => `${d.id} ${d.title} [${d.active ? 'active' : 'inactive'}; log source ${d.log_source || 'unknown'}] techniques: ${d.techniques.join(', ') || 'none'}`, limits.detections),
    `### Log sources\n${cov.log_sources.map((l) => `- ${l.name}: ${l.rules} rule(s)`).join('\n') || '(none)'}\nwithout rules: ${cov.sources_without_rules.join(', ') || 'none'}`,
    `### Techniques covered by active rules (${cov.techniques.length})\n${cov.techniques.join(', ') || 'none'}`,
  ];

  const alertsByRule = new Map<string, { title: string; count: number; open: number; ev: Evidence }>();
  for (const a of ctx.alerts) {
    const r = alertsByRule.get(a.rule_id) ?? { title: a.title, count: 0, open: 0, ev: a.ev };
    r.count++;
    if (!/closed|resolved|false/i.test(a.status)) r.open++;
    alertsByRule.set(a.rule_id, r);
  }
  const inc = base.incidents;
  const history = [
    `window ${ctx.window.since} … ${ctx.window.until} (exclusive); alerts ${inc.alerts.total} (${inc.alerts.open} open); tickets ${inc.tickets.total} (${inc.tickets.open} open)`,
    grouped(
      'Alerts by rule',
      [...alertsByRule].map(([rule, r]) => ({ rule, ...r })).sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1)),
      (r) => `rule ${r.rule}: ${r.title}: ${r.count} alert(s), ${r.open} not closed`,
      limits.alertRules,
    ),
    `### Recurring, noisy and unresolved\n${JSON.stringify({ recurring: inc.recurring.map(({ evidence: _e, ...x }) => x), noise: inc.noise.map(({ evidence: _e, ...x }) => x), unresolved: inc.unresolved.map(({ evidence: _e, ...x }) => x) })}`,
    grouped('Security tickets', ctx.incidents, (t) => `${t.key} [${t.status}${t.resolved ? ', resolved' : ''}] ${t.summary} (labels: ${t.labels.join(', ') || 'none'}; created ${t.created}): ${cut(t.description.replace(/\s+/g, ' '), limits.ticketChars)}`, limits.tickets),
  ];

  let budget = limits.docsTotalChars;
  const docs = ctx.docs.length
    ? ctx.docs
        .map((d) => {
          const text = cut(d.text, Math.max(200, Math.min(limits.docChars, budget)));
          budget = Math.max(0, budget - text.length);
          return `### ${d.path}: ${d.title}\nsource ${src(d.ev)}:\n${text}`;
        })
        .join('\n\n')
    : '(no documents gathered)';

  return {
    answers: JSON.stringify(answers, null, 1),
    identities: identities.join('\n\n'),
    intel,
    detections: detections.join('\n\n'),
    history: history.join('\n\n'),
    docs,
    servers: ctx.roles.map((r) => `- ${r.role}: ${r.server ? `${r.server}${r.adapter ? ` (adapter ${r.adapter})` : ''}` : 'none'}${r.note ? ` (${r.note})` : ''}`).join('\n'),
  };
}

/** The offline engine's threats, compact: a baseline the model refines (and whose keys it reuses). */
export function baselineThreats(drafts: DraftThreat[]): string {
  return JSON.stringify(drafts.map((d) => ({ key: d.key, category: d.category, title: d.title, likelihood: d.likelihood, impact: d.impact, techniques: d.techniques, mitigation_status: d.mitigation_status })));
}
