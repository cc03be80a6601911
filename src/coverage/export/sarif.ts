/**
 * SARIF 2.1.0 for code-scanning UIs: rule files that failed to parse and ATT&CK IDs the
 * release does not know point at their files; wanted techniques without a rule are notes.
 */
import type { CoverageReport } from '../types.js';

const RULES = [
  { id: 'tm/rule-parse-error', name: 'RuleParseError', shortDescription: { text: 'A detection rule file could not be read' }, defaultConfiguration: { level: 'error' } },
  { id: 'tm/unknown-technique', name: 'UnknownTechnique', shortDescription: { text: 'A rule names an ATT&CK ID the loaded release does not know' }, defaultConfiguration: { level: 'warning' } },
  { id: 'tm/revoked-technique', name: 'RevokedTechnique', shortDescription: { text: 'A rule names a revoked ATT&CK technique' }, defaultConfiguration: { level: 'warning' } },
  { id: 'tm/coverage-gap', name: 'CoverageGap', shortDescription: { text: 'A wanted ATT&CK technique has no active detection rule' }, defaultConfiguration: { level: 'note' } },
];

const fileOf = (ref: string) => ref.replace(/#.*$/, '');
const loc = (file: string, line?: number) => ({
  physicalLocation: { artifactLocation: { uri: file }, ...(line ? { region: { startLine: line } } : {}) },
});

export function toSarif(report: CoverageReport) {
  const results: unknown[] = [];
  for (const f of report.rules.failed) results.push({ ruleId: 'tm/rule-parse-error', level: 'error', message: { text: f.error }, locations: [loc(f.file, f.line)] });
  for (const u of report.unknown)
    for (const r of u.rules) results.push({ ruleId: 'tm/unknown-technique', level: 'warning', message: { text: `${u.id}: ${u.hint}` }, locations: [loc(fileOf(r))] });
  for (const rv of report.revoked)
    for (const r of rv.rules)
      results.push({ ruleId: 'tm/revoked-technique', level: 'warning', message: { text: `${rv.id} is revoked${rv.replacedBy ? `; replaced by ${rv.replacedBy}` : ''}` }, locations: [loc(fileOf(r))] });
  for (const t of report.techniques)
    if (!t.covered) results.push({ ruleId: 'tm/coverage-gap', level: 'note', message: { text: `${t.id} ${t.name}: no active detection rule` } });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'tm', informationUri: 'https://attack.mitre.org/', rules: RULES } }, results }],
  };
}
