import { describe, expect, it } from 'vitest';
import { miniKB } from '../helpers/attack.js';
import { parseRulePaths } from '../../src/rules/index.js';
import { computeCoverage } from '../../src/coverage/compute.js';
import { diffCoverage, isRegression, reexpress } from '../../src/coverage/diff.js';
import { fx } from '../rules/helpers.js';

const kb = miniKB();
const cov = async (paths: string[], drop?: string) => {
  const { detections, problems } = await parseRulePaths(paths.map((p) => fx(p)), { labels: paths });
  return computeCoverage(detections.filter((d) => d.ref !== drop), problems, kb);
};

describe('diffCoverage', () => {
  it('a removed rule: lost technique, new gap, fewer rules elsewhere', async () => {
    const base = await cov(['sigma', 'splunk']);
    const head = await cov(['sigma', 'splunk'], 'splunk/web_exploit_and_guessing.yml');
    const d = diffCoverage(base, head);
    expect(d.lost).toEqual([{ id: 'T1110.001', name: 'Password Guessing', rules: ['splunk/web_exploit_and_guessing.yml'] }, { id: 'T1110', name: 'Brute Force', rules: ['splunk/web_exploit_and_guessing.yml'] }].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(d.newGaps).toEqual(['T1110', 'T1110.001']);
    expect(d.reduced).toEqual([{ id: 'T1190', name: 'Exploit Public-Facing Application', removed: ['splunk/web_exploit_and_guessing.yml'], left: ['sigma/collection_two_rules.yml#0a6b9c1e-0002-4d6e-9a11-000000000002'] }]);
    expect(isRegression(d)).toBe(true);
    const back = diffCoverage(head, base);
    expect(back.gained.map((g) => g.id)).toEqual(['T1110', 'T1110.001']);
    expect(back.closedGaps).toEqual(['T1110', 'T1110.001']);
    expect(isRegression(back)).toBe(false);
  });

  it('re-expresses a saved report in the loaded release: an ATT&CK upgrade shows no spurious loss', async () => {
    const head = await cov(['sigma']);
    // a report saved under an older release, where T1562 was still a technique of its own
    const saved = JSON.parse(JSON.stringify(head));
    saved.attack.version = '17.1';
    saved.techniques = [{ id: 'T1562', name: 'Impair Defenses', tactics: [], direct: ['sigma/newer_attack_release.yml'], viaSubtechniques: [], covered: true }];
    saved.otherCovered = [];
    const base = reexpress(saved, kb, {});
    expect(base.attack.version).toBe('18.1');
    const d = diffCoverage(base, head);
    expect(d.lost).toEqual([]);
    expect(d.gained).toEqual([]);
    expect(() => reexpress({ hello: 1 }, kb, {}, 'x.json')).toThrow(/x\.json: not a tm coverage report/);
  });
});
