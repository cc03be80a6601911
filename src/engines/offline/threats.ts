import type { AppGatherResult, ArchitecturePart, AttackPath, KillChainStage, Level, TechniqueRef, ThreatScenario, ThreatsPart } from '../../model/app/types.js';
import type { OfflineStageContext } from './context.js';
import { toolsFor } from './context.js';
import { byId, Facts, ruleOf } from './facts.js';
import { selectComponents } from './logs.js';

export const STAGE_ORDER: KillChainStage[] = ['reconnaissance', 'initial_access', 'execution', 'persistence', 'privilege_escalation', 'defense_evasion', 'credential_access', 'discovery', 'lateral_movement', 'collection', 'command_and_control', 'exfiltration', 'impact'];
const LEVELS: Level[] = ['low', 'medium', 'high', 'critical'];

/** Stage 2, threats: the kb's attack paths whose conditions hold here, and the scenarios over them. */
export function threatsStage(g: AppGatherResult, arch: ArchitecturePart, ctx: OfflineStageContext): ThreatsPart {
  const { kb, tech } = toolsFor(ctx);
  const facts = Facts.fromGather(g).withArchitecture(arch);
  const logIds = new Set(arch.log_sources.map((l) => l.id));
  const attack_paths: AttackPath[] = [];
  for (const t of kb.attack_paths) {
    if (!facts.any(t.when) || !facts.all(t.requires)) continue;
    const related = arch.findings.filter((f) => t.when.includes(`finding:${ruleOf(f.id)}`));
    const severe = related.some((f) => f.severity === 'high' || f.severity === 'critical');
    const stages = t.stages
      .filter((s) => !s.when || facts.any(s.when))
      .map((s) => ({
        stage: s.stage,
        description: s.description,
        techniques: tech(s.techniques),
        components: selectComponents(s.components, arch.architecture_components),
        detection_opportunities: s.detection_opportunities,
        log_sources: s.log_sources.map((l) => `log-${l}`).filter((l) => logIds.has(l)),
      }))
      .filter((s) => s.techniques.length);
    if (!stages.length) continue;
    attack_paths.push({
      id: `path-${t.id}`,
      name: t.name,
      description: t.description,
      likelihood: severe ? bump(t.likelihood) : t.likelihood,
      impact: t.impact,
      stages,
      findings: related.map((f) => f.id).sort(),
      evidence: facts.evidenceFor([...t.when, ...(t.requires ?? [])]),
    });
  }
  attack_paths.sort(byId);
  const present = new Map(attack_paths.map((p) => [p.id, p]));
  const threat_scenarios: ThreatScenario[] = [];
  for (const s of kb.scenarios) {
    const paths = s.attack_paths.map((p) => present.get(`path-${p}`)).filter((p): p is AttackPath => !!p);
    if (!paths.length) continue;
    const stages = new Set(paths.flatMap((p) => p.stages.map((st) => st.stage)));
    const techniques = new Map<string, TechniqueRef>();
    for (const p of paths) for (const st of p.stages) for (const t of st.techniques) techniques.set(t.id, t);
    threat_scenarios.push({
      id: `scen-${s.id}`,
      name: s.name,
      objective: s.objective,
      actor: s.actor,
      kill_chain: STAGE_ORDER.filter((x) => stages.has(x)),
      techniques: [...techniques.values()].sort(byId),
      attack_paths: paths.map((p) => p.id).sort(),
      iocs: s.iocs,
      forensic_artifacts: s.forensic_artifacts,
      likelihood: s.likelihood,
      impact: s.impact,
    });
  }
  return { attack_paths, threat_scenarios: threat_scenarios.sort(byId) };
}

const bump = (l: Level): Level => LEVELS[Math.min(LEVELS.indexOf(l) + 1, LEVELS.length - 1)];
