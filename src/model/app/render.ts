import { renderTemplate } from '../../render/handlebars.js';
import type { AppThreatModel } from './types.js';

const SEVERITY = ['critical', 'high', 'medium', 'low'];

/** Mermaid node ID: letters, digits, underscores. */
const mid = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
/** Mermaid label text: no quotes or brackets that would end the label. */
const label = (s: string) => s.replace(/["[\]{}()|<>]/g, ' ').replace(/\s+/g, ' ').trim();

/** A flowchart of components grouped by trust boundary, with the data flows as edges. */
export function mermaidDiagram(m: AppThreatModel): string {
  const lines = ['flowchart LR'];
  const placed = new Set<string>();
  for (const b of m.trust_boundaries) {
    lines.push(`  subgraph ${mid(b.id)}["${label(b.name)}"]`);
    for (const id of b.components) {
      const c = m.architecture_components.find((x) => x.id === id);
      if (!c) continue;
      placed.add(id);
      lines.push(`    ${mid(id)}["${label(c.name)}"]`);
    }
    lines.push('  end');
  }
  for (const c of m.architecture_components) if (!placed.has(c.id)) lines.push(`  ${mid(c.id)}["${label(c.name)}"]`);
  for (const f of m.data_flows) lines.push(`  ${mid(f.source)} -->|"${label(f.protocol)}"| ${mid(f.destination)}`);
  return lines.join('\n');
}

/** Markdown report of a model (templates/app-threat-model.md.hbs). */
export function renderModelMarkdown(m: AppThreatModel, opts: { templatesDir?: string } = {}): string {
  const name = (id: string) => m.architecture_components.find((c) => c.id === id)?.name ?? id;
  const view = {
    ...m,
    mermaid: mermaidDiagram(m),
    flows: m.data_flows.map((f) => ({ ...f, source_name: name(f.source), destination_name: name(f.destination) })),
    findings: [...m.findings].sort((a, b) => SEVERITY.indexOf(a.severity) - SEVERITY.indexOf(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    crown_jewels: m.sensitive_assets.filter((a) => a.crown_jewel),
    present_logs: m.log_sources.filter((l) => l.status === 'present'),
    recommended_logs: m.log_sources.filter((l) => l.status === 'recommended'),
    monitoring: m.monitoring_recommendations.map((r) => ({ ...r, query: r.query ?? '' })),
    as_of: m.metadata.as_of ?? '',
    has_rules: !!m.detection_coverage.rules,
    rules: m.detection_coverage.rules ?? { rules_total: 0, covered: [], gaps: [], by_technique: {} },
  };
  return renderTemplate('app-threat-model.md.hbs', view, opts).replace(/\n{3,}/g, '\n\n');
}
