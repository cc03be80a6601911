import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { Evidence } from '../../register/types.js';
import { byString } from '../../util/json.js';
import type { IncidentAnalysis, OrgDraft } from './org-types.js';

const FP = /^(false[_ -]?positive|benign|noise)$/;
const DONE = /^(closed|resolved|false[_ -]?positive|benign|done)$/;

/** Alerts and cases of the last 90 days: recurring rules, noisy rules, items left open. */
export function analyseIncidents(ctx: OrgContext): IncidentAnalysis {
  const sev = new Map<string, number>();
  const byRule = new Map<string, { title: string; count: number; fp: number; ev: Evidence }>();
  for (const a of ctx.alerts) {
    sev.set(a.severity, (sev.get(a.severity) ?? 0) + 1);
    const r = byRule.get(a.rule_id) ?? { title: a.title, count: 0, fp: 0, ev: { ...a.ev, note: `alerts of rule ${a.rule_id}` } };
    r.count++;
    if (FP.test(a.status)) r.fp++;
    byRule.set(a.rule_id, r);
  }
  const rules = [...byRule].sort((x, y) => y[1].count - x[1].count || byString(x[0], y[0]));
  const cutoff = Date.parse(ctx.asOf + 'T00:00:00Z') - 7 * 86_400_000;
  const unresolved: IncidentAnalysis['unresolved'] = [];
  for (const a of ctx.alerts)
    if (!DONE.test(a.status) && Date.parse(a.created_at) < cutoff) unresolved.push({ kind: 'alert', id: a.id, title: a.title, since: a.created_at.slice(0, 10), evidence: a.ev });
  for (const t of ctx.incidents) if (!t.resolved) unresolved.push({ kind: 'ticket', id: t.key, title: t.summary, since: t.created.slice(0, 10), evidence: t.ev });
  return {
    window: ctx.window,
    alerts: {
      total: ctx.alerts.length,
      open: ctx.alerts.filter((a) => !DONE.test(a.status)).length,
      by_severity: [...sev].map(([severity, count]) => ({ severity, count })).sort((a, b) => b.count - a.count || byString(a.severity, b.severity)),
    },
    tickets: { total: ctx.incidents.length, open: ctx.incidents.filter((t) => !t.resolved).length, resolved: ctx.incidents.filter((t) => t.resolved).length },
    recurring: rules.filter(([, r]) => r.count >= 3 && r.fp * 2 < r.count).map(([rule_id, r]) => ({ rule_id, title: r.title, count: r.count, evidence: r.ev })),
    noise: rules.filter(([, r]) => r.count >= 3 && r.fp * 2 >= r.count).map(([rule_id, r]) => ({ rule_id, title: r.title, count: r.count, false_positive: r.fp, evidence: r.ev })),
    unresolved: unresolved.sort((a, b) => byString(a.since + a.id, b.since + b.id)),
    anomalies: analyseAnomalies(ctx),
  };
}

const SEV_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function analyseAnomalies(ctx: OrgContext): IncidentAnalysis['anomalies'] {
  const open = ctx.anomalies.filter((a) => !DONE.test(a.status));
  const items = [...open]
    .sort((a, b) => (SEV_ORDER[a.severity] ?? 9) - (SEV_ORDER[b.severity] ?? 9) || byString(a.id, b.id))
    .slice(0, 10)
    .map((a) => ({ id: a.id, title: a.type, severity: a.severity, device: a.device, evidence: { ...a.ev, note: `anomaly ${a.id}` } }));
  return { total: ctx.anomalies.length, open: open.length, items };
}

/** Detection coverage as the SIEM reports it: active rules' techniques and log sources without rules. */
export function analyseCoverage(ctx: OrgContext): OrgDraft['coverage'] {
  const active = ctx.detections.filter((d) => d.active);
  return {
    detections_total: ctx.detections.length,
    detections_active: active.length,
    techniques: [...new Set(active.flatMap((d) => d.techniques))].sort(byString),
    log_sources: ctx.logSources.map((l) => ({ name: l.name, rules: l.rules })),
    sources_without_rules: ctx.logSources.filter((l) => l.rules === 0).map((l) => l.name),
  };
}

/** Is technique `t` covered by one of `covered` (itself, its parent, or one of its sub-techniques)? */
export function isCovered(t: string, covered: Set<string>): boolean {
  if (covered.has(t)) return true;
  const parent = t.split('.')[0];
  if (parent !== t && covered.has(parent)) return true;
  for (const c of covered) if (c.startsWith(t + '.')) return true;
  return false;
}

const CONTROLS: { name: string; words: RegExp }[] = [
  { name: 'Multi-factor authentication', words: /\b(mfa|multi-factor|two-factor|2fa|fido2|webauthn)\b/i },
  { name: 'Endpoint detection and response', words: /\b(edr|endpoint detection|crowdstrike|defender for endpoint|sentinelone)\b/i },
  { name: 'Centralised logging / SIEM', words: /\b(siem|panther|splunk|sentinel|log pipeline|centrali[sz]ed logging)\b/i },
  { name: 'Backups', words: /\b(backups?|snapshots?|immutable)\b/i },
  { name: 'Data-loss prevention', words: /\b(dlp|data[- ]loss prevention)\b/i },
  { name: 'Single sign-on', words: /\b(sso|single sign-on|okta|entra id|azure ad)\b/i },
  { name: 'Network segmentation', words: /\b(segment(ed|ation)|vlan|zero trust)\b/i },
  { name: 'Encryption at rest', words: /\b(encrypt(ed|ion) at rest|kms)\b/i },
  { name: 'Privileged access management', words: /\b(pam|privileged access management|just-in-time access)\b/i },
];

/** Controls the organisation's own documents say are in place. */
export function findControls(ctx: OrgContext): OrgDraft['controls'] {
  const out: OrgDraft['controls'] = [];
  for (const c of CONTROLS) {
    const doc = ctx.docs.find((d) => c.words.test(d.text));
    if (doc) out.push({ name: c.name, evidence: { ...doc.ev, note: `${doc.path} mentions ${c.name.toLowerCase()}` } });
  }
  return out;
}
