import { describe, expect, it } from 'vitest';
import { miniKB } from '../helpers/attack.js';
import { parseRulePaths } from '../../src/rules/index.js';
import { computeCoverage } from '../../src/coverage/compute.js';
import { toNavigatorLayer } from '../../src/coverage/export/navigator.js';
import { toSarif } from '../../src/coverage/export/sarif.js';
import { toJUnit } from '../../src/coverage/export/junit.js';
import { toMarkdown, toTable } from '../../src/coverage/export/text.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { fx } from '../rules/helpers.js';

const kb = miniKB();
async function sigmaAndPanther() {
  const { detections, problems } = await parseRulePaths([fx('sigma'), fx('panther')], { labels: ['sigma', 'panther'] });
  return computeCoverage(detections, problems, kb);
}

describe('exports', () => {
  it('Navigator layer 4.5 validates against the layer schema; score = rules, comments name them', async () => {
    const layer = toNavigatorLayer(await sigmaAndPanther(), { platforms: ['Windows'] });
    expect(validateAgainst('navigator-layer', layer)).toEqual({ valid: true, errors: [] });
    expect(layer.versions).toEqual({ attack: '18', navigator: '5.2.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    const t1059 = layer.techniques.find((t) => t.techniqueID === 'T1059')!;
    expect(t1059.score).toBe(3);
    expect(t1059.comment).toMatch(/^3 rules \(0 direct, 3 via sub-techniques\): sigma\/collection_two_rules\.yml#/);
    expect(layer.techniques.find((t) => t.techniqueID === 'T1048')).toMatchObject({ score: 0, comment: expect.stringMatching(/^gap/) });
    expect(layer.techniques.find((t) => t.techniqueID === 'T1110')!.metadata).toEqual([{ name: 'rule', value: 'panther/brute_force.yml' }]);
  });

  it('the layer schema rejects what Navigator would not load', () => {
    const bad = { name: 'x', domain: 'enterprise-attack', versions: { navigator: '5.2.0', layer: '4.4' }, techniques: [{ techniqueID: 'T59', score: 'high' }] };
    const res = validateAgainst('navigator-layer', bad);
    expect(res.valid).toBe(false);
    expect(res.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/versions/layer', '/techniques/0/techniqueID', '/techniques/0/score']));
  });

  it('SARIF points problems and unknown IDs at files; gaps are notes', async () => {
    const s = toSarif(await sigmaAndPanther());
    expect(s.version).toBe('2.1.0');
    const results = s.runs[0].results as { ruleId: string; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
    expect(results.find((r) => r.ruleId === 'tm/rule-parse-error')!.locations![0].physicalLocation).toEqual({ artifactLocation: { uri: 'panther/brute_force.yml' }, region: { startLine: 13 } });
    expect(results.filter((r) => r.ruleId === 'tm/unknown-technique').map((r) => r.locations![0].physicalLocation.artifactLocation.uri)).toEqual(['sigma/newer_attack_release.yml']);
    expect(results.filter((r) => r.ruleId === 'tm/coverage-gap').map((r) => r.level)).toEqual(['note', 'note', 'note']);
  });

  it('JUnit: a suite per tactic, a failing case per gap', async () => {
    const x = toJUnit(await sigmaAndPanther());
    expect(x).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="tm ATT&amp;CK coverage" tests="11" failures="4" errors="1">/);
    expect(x).toContain('<testcase classname="exfiltration" name="T1048 Exfiltration Over Alternative Protocol">\n      <failure');
    expect(x).toContain('<testsuite name="rule files" tests="1"');
  });

  it('table and markdown name the numbers and the notes', async () => {
    const r = await sigmaAndPanther();
    expect(toTable(r)).toContain('ATT&CK 18.1 coverage: 6 of 9 wanted techniques (66.7%, wanted: all)');
    const md = toMarkdown(r);
    expect(md).toContain('| T1048 Exfiltration Over Alternative Protocol | Network Traffic Flow | no |');
    expect(md).toContain('revoked T1086 → T1059.001');
  });
});
