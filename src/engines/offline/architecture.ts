import type { AppGatherResult, ArchitecturePart, DataFlow, LogSource } from '../../model/app/types.js';
import { buildComponents } from './components.js';
import type { OfflineStageContext } from './context.js';
import { toolsFor } from './context.js';
import { Facts } from './facts.js';
import { buildFindings } from './findings.js';
import { buildBoundaries, buildFlows } from './flows.js';
import { buildAssets, buildAuthentication, buildIntegrations } from './identity.js';
import { buildLogSources } from './logs.js';

/**
 * Stage 1, architecture: components, data flows, trust boundaries, sensitive assets,
 * authentication, external integrations, log sources, and the findings the kb rules raise.
 */
export function architectureStage(g: AppGatherResult, ctx: OfflineStageContext): ArchitecturePart {
  const { kb, tech } = toolsFor(ctx);
  const facts = Facts.fromGather(g);
  const idx = buildComponents(g, kb);
  const findings = buildFindings(g, kb, facts, tech);
  const data_flows = buildFlows(g, kb, idx);
  const trust_boundaries = buildBoundaries(idx.components, data_flows);
  const authentication = buildAuthentication(g, idx, findings);
  const external_integrations = buildIntegrations(g, kb, idx, findings);
  const sensitive_assets = buildAssets(g, kb, idx.components, idx);
  facts.withArchitecture({ architecture_components: idx.components, findings } as ArchitecturePart);
  const log_sources = buildLogSources(kb, facts, idx.components, authentication);
  annotateFlows(data_flows, log_sources);
  return { architecture_components: idx.components, data_flows, trust_boundaries, sensitive_assets, authentication, external_integrations, log_sources, findings };
}

/** What defenders can see of each flow: the present log sources on either end. */
function annotateFlows(flows: DataFlow[], logs: LogSource[]): void {
  for (const f of flows) {
    // the destination's own logs, plus the calling service's application log
    const on = (l: LogSource) => l.components.includes(f.destination) || (l.id === 'log-app' && l.components.includes(f.source));
    const present = logs.filter((l) => l.status === 'present' && on(l));
    const recommended = logs.filter((l) => l.status === 'recommended' && on(l));
    f.detection_points = present.map((l) => l.name);
    f.visibility = present.length
      ? `Seen in ${present.map((l) => l.name).join(', ')}${recommended.length ? `; not yet in ${recommended.map((l) => l.name).join(', ')}` : ''}.`
      : recommended.length
        ? `Not visible today; would be seen in ${recommended.map((l) => l.name).join(', ')}.`
        : 'No telemetry for this flow was found or recommended.';
  }
}
