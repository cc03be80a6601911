/**
 * ATT&CK Navigator layer, format 4.5 (layers/spec/v4.5/layerformat.md in
 * mitre-attack/attack-navigator): score = number of active rules, comment and metadata name
 * them, gaps in the wanted set are scored 0. Checked against schemas/navigator-layer.schema.json.
 */
import type { CoverageReport, TechniqueCoverage } from '../types.js';

export interface NavigatorOptions {
  name?: string;
  platforms?: string[];
}

const MAX_LISTED = 25;

export function toNavigatorLayer(report: CoverageReport, opts: NavigatorOptions = {}) {
  const rows = [...report.techniques, ...report.otherCovered.filter((t) => t.covered)].sort((a, b) => (a.id < b.id ? -1 : 1));
  const techniques = rows.map((t) => technique(t));
  const maxScore = Math.max(1, ...techniques.map((t) => t.score));
  const layer = {
    name: opts.name ?? 'tm detection coverage',
    versions: { attack: report.attack.version.split('.')[0], navigator: '5.2.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `ATT&CK ${report.attack.version} coverage by ${report.rules.parsed - report.rules.inactive} active detection rules: ${report.summary.covered} of ${report.summary.wanted} wanted techniques (${report.summary.percent}%). Score = number of rules.`,
    ...(opts.platforms?.length ? { filters: { platforms: opts.platforms } } : {}),
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: false, countUnscored: false, aggregateFunction: 'max', expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ff6666', '#ffe766', '#8ec843'], minValue: 0, maxValue: Math.min(maxScore, 10) },
    legendItems: [
      { label: 'gap: wanted, no rule', color: '#ff6666' },
      { label: 'covered (more rules = greener)', color: '#8ec843' },
    ],
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [
      { name: 'generator', value: 'tm coverage' },
      { name: 'wanted', value: `${report.wanted.source} (${report.summary.wanted} techniques)` },
      { name: 'covered', value: `${report.summary.covered} (${report.summary.percent}%)` },
      { name: 'rules', value: `${report.rules.parsed} parsed, ${report.rules.inactive} inactive, ${report.rules.failed.length} problems` },
    ],
    links: [{ label: `MITRE ATT&CK ${report.attack.version}`, url: 'https://attack.mitre.org/' }],
  };
  return layer;
}

function technique(t: TechniqueCoverage) {
  const rules = [...new Set([...t.direct, ...t.viaSubtechniques])].sort();
  const url = `https://attack.mitre.org/techniques/${t.id.replace('.', '/')}/`;
  const listed = rules.slice(0, MAX_LISTED);
  const more = rules.length - listed.length;
  const comment = rules.length
    ? `${rules.length} rule${rules.length === 1 ? '' : 's'}` +
      (t.viaSubtechniques.length ? ` (${t.direct.length} direct, ${t.viaSubtechniques.length} via sub-techniques)` : '') +
      `: ${listed.join(', ')}${more ? `, and ${more} more` : ''}`
    : 'gap: no active rule names this technique or its sub-techniques';
  return {
    techniqueID: t.id,
    score: rules.length,
    comment,
    enabled: true,
    metadata: [
      ...t.direct.slice(0, MAX_LISTED).map((r) => ({ name: 'rule', value: r })),
      ...t.viaSubtechniques.slice(0, MAX_LISTED).map((r) => ({ name: 'rule (via sub-technique)', value: r })),
    ],
    links: [{ label: `${t.id} on attack.mitre.org`, url }],
    showSubtechniques: !t.parent && t.viaSubtechniques.length > 0,
  };
}
