import { describe, expect, it } from 'vitest';
import { miniKB } from '../helpers/attack.js';
import { parseRulePaths } from '../../src/rules/index.js';
import { computeCoverage } from '../../src/coverage/compute.js';
import { coverageForRules } from '../../src/coverage/api.js';
import { wantedFromDocument, wantedFromGroups, wantedFromLayer } from '../../src/coverage/wanted.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { fx, FORMAT_DIRS } from '../rules/helpers.js';

const kb = miniKB();

async function allFixtures() {
  const { detections, problems } = await parseRulePaths(FORMAT_DIRS.map((d) => fx(d)), { labels: FORMAT_DIRS });
  return computeCoverage(detections, problems, kb);
}
const row = (r: Awaited<ReturnType<typeof allFixtures>>, id: string) => r.techniques.find((t) => t.id === id)!;

describe('computeCoverage over the fixtures of all six formats (mini ATT&CK 18.1)', () => {
  it('counts rules: parsed, inactive (deprecated/disabled), without techniques, problems', async () => {
    const r = await allFixtures();
    expect(r.rules).toMatchObject({ total: 16, parsed: 16, inactive: 5, withoutTechniques: 1 });
    expect(r.rules.byFormat).toEqual({ sigma: 6, elastic: 2, splunk: 2, panther: 2, sentinel: 2, tm: 2 });
    expect(r.rules.failed).toHaveLength(1);
    expect(r.attack).toEqual({ version: '18.1', domain: 'enterprise-attack' });
  });

  it('direct vs via sub-techniques, never double counted; revoked IDs under their replacement', async () => {
    const r = await allFixtures();
    expect(row(r, 'T1059')).toMatchObject({
      direct: [],
      viaSubtechniques: [
        'elastic/execution_cmd_child.toml',
        'sigma/collection_two_rules.yml#0a6b9c1e-0002-4d6e-9a11-000000000002',
        'sigma/collection_two_rules.yml#0a6b9c1e-0003-4d6e-9a11-000000000003',
        'sigma/proc_creation_win_powershell_encoded.yml',
        'tm/soc_rules.yaml#SOC-0002',
      ],
      covered: true,
    });
    expect(row(r, 'T1059.001').direct).toEqual([
      'sigma/collection_two_rules.yml#0a6b9c1e-0003-4d6e-9a11-000000000003',
      'sigma/proc_creation_win_powershell_encoded.yml',
      'tm/soc_rules.yaml#SOC-0002',
    ]);
    expect(row(r, 'T1110')).toMatchObject({ direct: ['panther/brute_force.yml', 'sentinel/password_spray.yaml'], viaSubtechniques: ['splunk/web_exploit_and_guessing.yml'] });
    expect(row(r, 'T1048').direct).toEqual(['tm/soc_rules.yaml#SOC-0001']); // the deprecated/disabled ones do not count
    expect(row(r, 'T1685').direct).toEqual(['sigma/newer_attack_release.yml']);
    expect(r.revoked).toEqual([
      { id: 'T1086', replacedBy: 'T1059.001', rules: ['sigma/collection_two_rules.yml#0a6b9c1e-0003-4d6e-9a11-000000000003'] },
      { id: 'T1562', replacedBy: 'T1685', rules: ['sigma/newer_attack_release.yml'] },
    ]);
  });

  it('lists IDs and tactics the release does not know, with a hint, without crashing', async () => {
    const r = await allFixtures();
    expect(r.unknown).toEqual([{ id: 'T1999.001', rules: ['sigma/newer_attack_release.yml'], hint: expect.stringContaining('newer release') }]);
    expect(r.unknownTactics).toEqual([{ tactic: 'stealth', rules: ['sigma/newer_attack_release.yml'], hint: expect.stringContaining('newer release') }]);
  });

  it('default wanted set = every active technique and sub-technique, each a row; per-tactic totals', async () => {
    const r = await allFixtures();
    expect(r.techniques.map((t) => t.id)).toEqual(['T1048', 'T1059', 'T1059.001', 'T1059.003', 'T1078', 'T1110', 'T1110.001', 'T1190', 'T1685']);
    expect(r.summary).toEqual({ wanted: 9, covered: 9, gaps: 0, percent: 100 });
    expect(r.tactics.find((t) => t.shortname === 'execution')).toMatchObject({ wanted: 3, covered: 3 });
    expect(validateAgainst('coverage', r)).toEqual({ valid: true, errors: [] });
  });

  it('gaps carry the data components that could see them and whether a rule reads such a source', async () => {
    const { detections, problems } = await parseRulePaths([fx('sigma')]);
    const r = computeCoverage(detections, problems, kb);
    expect(r.techniques.filter((t) => !t.covered).map((t) => t.id)).toEqual(['T1048', 'T1078', 'T1110', 'T1110.001']);
    expect(row(r, 'T1110').gap).toEqual({ dataComponents: [{ id: 'DC0003', name: 'User Account Authentication' }], logSourceInUse: false, logSourcesInUse: [] });
    const linuxAuth = computeCoverage(detections.map((d) => ({ ...d, logSource: { product: 'linux', service: 'auth' } })), [], kb);
    expect(row(linuxAuth, 'T1110').gap).toMatchObject({ logSourceInUse: true, logSourcesInUse: ['linux:auth'] });
  });

  it('is deterministic: same input, same report', async () => {
    expect(JSON.stringify(await allFixtures())).toBe(JSON.stringify(await allFixtures()));
  });
});

describe('wanted sets', () => {
  it('by platform, group, layer, or any technique ID in a threat model', async () => {
    const { detections, problems } = await parseRulePaths([fx('sigma')]);
    const mac = computeCoverage(detections, problems, kb, { platforms: ['macOS'] });
    expect(mac.techniques.map((t) => t.id)).toEqual(['T1059']);
    expect(mac.wanted.source).toBe('platform:macOS');
    expect(wantedFromGroups(kb, ['g0016'])).toEqual(['T1059.001', 'T1059.003', 'T1078']);
    expect(() => wantedFromGroups(kb, ['G9999'])).toThrow(/no such ATT&CK group/);
    expect(wantedFromLayer({ techniques: [{ techniqueID: 'T1110', score: 3 }, { techniqueID: 'T1048', score: 0 }, { techniqueID: 'T1078', enabled: false }] }, 'l.json')).toEqual(['T1110']);
    expect(wantedFromDocument({ threat_scenarios: [{ techniques: ['T1110.001', 'not-one'], notes: 'T1048 in prose is not taken' }] })).toEqual(['T1110.001']);
    const byList = computeCoverage(detections, problems, kb, { wanted: ['T1086', 'T1110', 'T4242'], wantedSource: 'list' });
    expect(byList.techniques.map((t) => [t.id, t.covered])).toEqual([['T1059.001', true], ['T1110', false]]);
    expect(byList.otherCovered.map((t) => t.id)).toEqual(['T1059', 'T1059.003', 'T1190', 'T1685']);
  });
});

describe('coverageForRules (the API other parts of tm call)', () => {
  it('returns summary, report and problems', async () => {
    const { summary, report, problems } = await coverageForRules([fx('sigma'), fx('splunk')], kb, ['T1190', 'T1110', 'T1048']);
    expect(summary.covered).toEqual(['T1110', 'T1190']);
    expect(summary.gaps).toEqual(['T1048']);
    expect(summary.rulesTotal).toBe(8);
    expect(summary.byTechnique['T1110']).toEqual([expect.stringMatching(/splunk\/web_exploit_and_guessing\.yml$/)]);
    expect(report.techniques).toHaveLength(3);
    expect(problems).toEqual([]);
  });
});
