import type { AppGatherResult, ArchitecturePart, BlindSpot, DetectableTechnique, MonitoringRecommendation, ResponsePart, ResponsePlaybook, TechniqueRef, ThreatsPart } from '../../model/app/types.js';
import type { OfflineStageContext } from './context.js';
import { toolsFor } from './context.js';
import { byId, Facts, uniqSorted } from './facts.js';

/**
 * Stage 3, response: which of the model's techniques the present log sources can see (and
 * which are blind spots), the playbooks for its scenarios, and what to monitor.
 */
export function responseStage(g: AppGatherResult, prior: ArchitecturePart & ThreatsPart, ctx: OfflineStageContext): ResponsePart {
  const { kb, tech } = toolsFor(ctx);
  const facts = Facts.fromGather(g).withArchitecture(prior);
  const logById = new Map(prior.log_sources.map((l) => [l.id, l]));
  const sees = new Map(kb.log_sources.map((l) => [`log-${l.id}`, new Set(l.sees)]));

  // every technique the model names, with the detection opportunities the paths give for it
  const named = new Map<string, TechniqueRef>();
  const opportunities = new Map<string, Set<string>>();
  for (const p of prior.attack_paths)
    for (const s of p.stages)
      for (const t of s.techniques) {
        named.set(t.id, t);
        const o = opportunities.get(t.id) ?? new Set<string>();
        for (const d of s.detection_opportunities) o.add(d);
        opportunities.set(t.id, o);
      }
  for (const f of prior.findings) for (const t of f.techniques) named.set(t.id, t);

  const detectable_techniques: DetectableTechnique[] = [];
  const blind_spots: BlindSpot[] = [];
  for (const t of [...named.values()].sort(byId)) {
    const parent = t.id.split('.')[0];
    const seeing = [...logById.values()].filter((l) => sees.get(l.id)?.has(t.id) || sees.get(l.id)?.has(parent));
    const present = seeing.filter((l) => l.status === 'present');
    if (present.length) {
      detectable_techniques.push({ ...t, log_sources: present.map((l) => l.id).sort(), detection_opportunities: [...(opportunities.get(t.id) ?? [])].sort().slice(0, 4) });
      continue;
    }
    const recommended = seeing.filter((l) => l.status === 'recommended');
    const components = ctx.kb.dataComponentsFor(t.id).map((d) => d.name);
    blind_spots.push({
      technique: t,
      reason: recommended.length ? `Only log sources not yet in place would see it: ${recommended.map((l) => l.name).join(', ')}.` : 'No log source in this model sees it.',
      recommendation: recommended.length
        ? `Turn on ${recommended.map((l) => l.name).join(', ')}.`
        : components.length
          ? `Collect the ATT&CK data components that see it: ${components.slice(0, 4).join(', ')}.`
          : 'Add telemetry on the components this technique targets, or accept the risk explicitly.',
    });
  }

  const scenarioIds = new Set(prior.threat_scenarios.map((s) => s.id));
  const response_playbooks: ResponsePlaybook[] = kb.playbooks
    .filter((p) => p.scenarios.some((s) => scenarioIds.has(`scen-${s}`)) || facts.any(p.when))
    .map((p) => ({
      id: `play-${p.id}`,
      name: p.name,
      trigger: p.trigger,
      scenarios: p.scenarios.map((s) => `scen-${s}`).filter((s) => scenarioIds.has(s)).sort(),
      techniques: tech(p.techniques),
      containment: p.containment,
      evidence_preservation: p.evidence_preservation,
      eradication: p.eradication,
      recovery: p.recovery,
      escalation_triggers: p.escalation_triggers,
    }))
    .sort(byId);

  const monitoring_recommendations: MonitoringRecommendation[] = kb.monitoring
    .filter((m) => facts.any(m.when))
    .map((m) => {
      const rec: MonitoringRecommendation = {
        id: `mon-${m.id}`,
        type: m.type,
        title: m.title,
        description: m.description,
        priority: m.priority,
        techniques: tech(m.techniques),
        log_sources: uniqSorted(m.log_sources.map((l) => `log-${l}`).filter((l) => logById.has(l))),
      };
      if (m.query) rec.query = m.query;
      return rec;
    })
    .sort(byId);

  return { detection_coverage: { detectable_techniques, blind_spots }, response_playbooks, monitoring_recommendations };
}
