import { describe, expect, it } from 'vitest';
import { checkEvidence, checkReferences } from '../../src/engines/llm/app-checks.js';
import { RepoFiles } from '../../src/engines/llm/repo-files.js';
import { SECRET_REPO } from './helpers.js';

describe('app answer checks', () => {
  it('drops evidence that points at no file or past its end, keeps the rest', () => {
    const files = new RepoFiles(SECRET_REPO);
    const part = { architecture_components: [{ id: 'comp-api', evidence: ['src/server.js:15', 'src/server.js:999', 'nope.js:1', '../etc/passwd:1', 'src/server.js:1'] }] };
    const r = checkEvidence(part, files, 'architecture');
    expect(part.architecture_components[0].evidence).toEqual(['src/server.js:15', 'src/server.js:1']);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/src\/server\.js:999 .*past the end/);
  });

  it('removes dangling IDs from lists, and asks again for a dangling flow end', () => {
    const part = {
      architecture_components: [{ id: 'comp-api' }, { id: 'comp-db' }],
      trust_boundaries: [{ id: 'tb-data', components: ['comp-db', 'comp-ghost'] }],
      data_flows: [{ id: 'flow-api-to-db', source: 'comp-api', destination: 'comp-nowhere', crosses: ['tb-data', 'tb-ghost'] }],
      log_sources: [{ id: 'log-app', components: ['comp-api'] }],
      findings: [{ id: 'find-a' }],
    };
    const r = checkReferences('architecture', part, {});
    expect(part.trust_boundaries[0].components).toEqual(['comp-db']);
    expect(part.data_flows[0].crosses).toEqual(['tb-data']);
    expect(r.issues).toEqual([{ path: '/data_flows/0/destination', message: expect.stringMatching(/comp-nowhere is not the id of any architecture component/) }]);
    expect(r.warnings).toHaveLength(2);

    const threats = {
      attack_paths: [{ id: 'path-a', findings: ['find-a', 'find-x'], stages: [{ components: ['comp-api', 'comp-x'], log_sources: ['log-app', 'log-x'] }] }],
      threat_scenarios: [{ id: 'scen-a', attack_paths: ['path-a', 'path-x'] }],
    };
    const t = checkReferences('threats', threats, part);
    expect(threats.attack_paths[0].findings).toEqual(['find-a']);
    expect(threats.attack_paths[0].stages[0]).toEqual({ components: ['comp-api'], log_sources: ['log-app'] });
    expect(threats.threat_scenarios[0].attack_paths).toEqual(['path-a']);
    expect(t.issues).toEqual([]);
    expect(t.warnings).toHaveLength(4);
  });
});
