import type { ArchitectureComponent, AuthenticationMechanism, LogSource } from '../../model/app/types.js';
import type { ModelKB } from './kb.js';
import { byId, Facts, uniqSorted } from './facts.js';

/** Resolve kb component selectors (`type:datastore`, `tech:stripe`, `entry`) to component IDs. */
export function selectComponents(selectors: readonly string[], components: ArchitectureComponent[]): string[] {
  const out = new Set<string>();
  for (const s of selectors) {
    for (const c of components) {
      if (s === 'entry' ? c.type === 'service' && c.exposure !== 'internal' : s.startsWith('type:') ? c.type === s.slice(5) : s.startsWith('tech:') ? c.id === `comp-ext-${s.slice(5)}` || c.id === `comp-${s.slice(5)}` : c.id === s) out.add(c.id);
    }
  }
  return uniqSorted(out);
}

/**
 * Log sources from the kb: `present` when the repo shows it exists, else `recommended` when
 * the repo has what it would watch. Gaps say what is missing; the auth source lists the auth
 * events no log call records.
 */
export function buildLogSources(kb: ModelKB, facts: Facts, components: ArchitectureComponent[], auth: AuthenticationMechanism[]): LogSource[] {
  const out: LogSource[] = [];
  for (const l of kb.log_sources) {
    const present = facts.any(l.present_when);
    if (!present && !facts.any(l.recommended_when)) continue;
    const comps = selectComponents(l.components, components);
    const gaps: string[] = [];
    if (!present && l.gaps_if_missing) gaps.push(l.gaps_if_missing);
    if (l.id === 'auth') for (const a of auth) for (const ev of a.not_logged) gaps.push(`${a.mechanism}: no log call for ${ev.replace(/_/g, ' ')}`);
    if (l.id === 'app') for (const c of components) if (c.type === 'service' && (c.log_verbosity === 'none' || c.log_verbosity === 'minimal')) gaps.push(`${c.name}: no structured logger found (${c.log_verbosity})`);
    out.push({
      id: `log-${l.id}`,
      name: l.name,
      type: l.type,
      components: comps,
      status: present ? 'present' : 'recommended',
      telemetry: l.telemetry,
      gaps: uniqSorted(gaps),
      retention: l.retention,
      evidence: present ? facts.evidenceFor(l.present_when) : [],
    });
  }
  return out.sort(byId);
}
