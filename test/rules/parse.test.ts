import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRulePaths, type Detection } from '../../src/rules/index.js';
import { fx, FORMAT_DIRS } from './helpers.js';

const byRef = (ds: Detection[]) => Object.fromEntries(ds.map((d) => [d.ref, d]));

describe('parseRulePaths: one Detection shape from every format', () => {
  it('reads Sigma tags case-insensitively; group/software tags are not techniques', async () => {
    const { detections, problems } = await parseRulePaths([fx('sigma')]);
    expect(problems).toEqual([]);
    const d = byRef(detections)['proc_creation_win_powershell_encoded.yml'];
    expect(d).toMatchObject({
      id: '0a6b9c1e-0001-4d6e-9a11-000000000001',
      title: 'Encoded PowerShell Command Line',
      format: 'sigma',
      status: 'stable',
      level: 'high',
      enabled: true,
      deprecated: false,
      line: 1,
      techniques: ['T1059.001'],
      tactics: ['execution'],
      otherAttackRefs: ['G0016', 'S0154'],
      logSource: { product: 'windows', category: 'process_creation' },
    });
    expect(byRef(detections)['deprecated_brute_force.yml']).toMatchObject({ deprecated: true, status: 'deprecated' });
    expect(byRef(detections)['newer_attack_release.yml']).toMatchObject({ techniques: ['T1999.001', 'T1562'], tactics: ['stealth'] });
  });

  it('splits a Sigma collection into its rules, merges the global document, keeps each start line', async () => {
    const { detections } = await parseRulePaths([fx('sigma', 'collection_two_rules.yml')]);
    expect(detections.map((d) => [d.ref, d.line, d.level, d.logSource.category, d.logSource.product])).toEqual([
      ['collection_two_rules.yml#0a6b9c1e-0002-4d6e-9a11-000000000002', 9, 'medium', 'process_creation', 'windows'],
      ['collection_two_rules.yml#0a6b9c1e-0003-4d6e-9a11-000000000003', 22, 'medium', 'process_creation', 'windows'],
    ]);
    expect(detections[0].title).toBe('Shell spawned by a web server');
    expect(detections[0].techniques).toEqual(['T1190', 'T1059.003']);
  });

  it('reads Elastic threat tables: sub-technique tables name the sub-technique, tactic IDs kept', async () => {
    const { detections, problems } = await parseRulePaths([fx('elastic')]);
    expect(problems).toEqual([]);
    const d = byRef(detections)['execution_cmd_child.toml'];
    expect(d).toMatchObject({ id: 'e1a5f000-0000-4000-8000-000000000001', format: 'elastic', status: 'production', level: 'medium', techniques: ['T1059.003', 'T1078'], tactics: ['TA0002', 'TA0001'] });
    expect(d.logSource).toMatchObject({ product: 'windows', service: 'Elastic Defend' });
    expect(byRef(detections)['deprecated_rule.toml']).toMatchObject({ deprecated: true, techniques: ['T1048'] });
  });

  it('reads Splunk mitre_attack_id and status', async () => {
    const { detections } = await parseRulePaths([fx('splunk')]);
    expect(byRef(detections)['web_exploit_and_guessing.yml']).toMatchObject({ format: 'splunk', status: 'production', techniques: ['T1190', 'T1110.001'], logSource: { service: 'Suricata' } });
    expect(byRef(detections)['deprecated_detection.yml'].deprecated).toBe(true);
  });

  it('reads Panther Reports and reports a malformed entry with its line, keeping the rule', async () => {
    const { detections, problems } = await parseRulePaths([fx('panther')]);
    expect(byRef(detections)['brute_force.yml']).toMatchObject({ id: 'Fixture.BruteForce', format: 'panther', techniques: ['T1110'], tactics: ['TA0006'], enabled: true, level: 'medium' });
    expect(byRef(detections)['disabled_exfil.yml']).toMatchObject({ enabled: false, techniques: ['T1048'] });
    expect(problems).toEqual([{ file: 'brute_force.yml', line: 13, error: expect.stringContaining('malformed MITRE ATT&CK entry "T1110-bad"') }]);
  });

  it('reads Sentinel relevantTechniques and PascalCase tactics; enabled: false', async () => {
    const { detections } = await parseRulePaths([fx('sentinel')]);
    expect(byRef(detections)['password_spray.yaml']).toMatchObject({ format: 'sentinel', level: 'medium', techniques: ['T1110', 'T1078'], tactics: ['credential-access', 'initial-access'], logSource: { product: 'azureactivedirectory', service: 'SigninLogs' } });
    expect(byRef(detections)['disabled_rule.yaml'].enabled).toBe(false);
  });

  it('reads the native tm rule-metadata file: several rules, each with its own line', async () => {
    const { detections } = await parseRulePaths([fx('tm')]);
    expect(detections.map((d) => [d.ref, d.line, d.techniques, d.tactics])).toEqual([
      ['soc_rules.yaml#SOC-0001', 4, ['T1048'], ['exfiltration']],
      ['soc_rules.yaml#SOC-0002', 11, ['T1059.001'], ['execution']],
    ]);
  });

  it('prefixes refs with the path argument when several are scanned', async () => {
    const { detections } = await parseRulePaths(FORMAT_DIRS.map((d) => fx(d)), { labels: FORMAT_DIRS });
    expect(detections).toHaveLength(16);
    expect(detections.map((d) => d.ref)).toContain('tm/soc_rules.yaml#SOC-0001');
    expect(new Set(detections.map((d) => d.format))).toEqual(new Set(FORMAT_DIRS));
  });
});

describe('bad input: each problem listed with file, line and reason; the rest parsed', () => {
  it('malformed YAML/TOML, wrong types, binary, non-rule YAML', async () => {
    const { detections, problems } = await parseRulePaths([fx('bad')]);
    expect(detections.map((d) => d.id).sort()).toEqual(['bad-0003', 'bad-0004']);
    expect(detections.find((d) => d.id === 'bad-0003')!.techniques).toEqual([]);
    const got = Object.fromEntries(problems.map((p) => [p.file, [p.line, p.error]]));
    expect(got['malformed.yml']).toEqual([5, expect.stringMatching(/^malformed YAML: /)]);
    expect(got['malformed.toml']).toEqual([2, expect.stringMatching(/^malformed TOML: /)]);
    expect(got['wrong_types.yml']).toEqual([4, '`tags` should be a list of strings, found number']);
    expect(got['not_a_rule.yml']).toEqual([1, expect.stringContaining('not a detection rule')]);
    expect(got['binary.yml']).toEqual([undefined, expect.stringContaining('binary file')]);
  });

  it('huge files and symlink loops are reported, not read forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-rules-'));
    mkdirSync(join(dir, 'sub'));
    copyFileSync(fx('sigma', 'no_techniques.yml'), join(dir, 'sub', 'ok.yml'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'missing-target.yml'), join(dir, 'dangling.yml'));
    writeFileSync(join(dir, 'huge.yml'), Buffer.alloc(5 * 1024 * 1024, 'a'));
    const { detections, problems } = await parseRulePaths([dir]);
    expect(detections.map((d) => d.ref)).toEqual(['sub/ok.yml']);
    const msgs = problems.map((p) => `${p.file}: ${p.error}`);
    expect(msgs).toContainEqual(expect.stringMatching(/^huge\.yml: file too large/));
    expect(msgs).toContainEqual(expect.stringMatching(/^sub\/loop: symlink loop/));
    expect(msgs).toContainEqual(expect.stringMatching(/^dangling\.yml: no such file/));
  });

  it('a missing path is a problem, not a crash', async () => {
    const { detections, problems } = await parseRulePaths(['/nonexistent/rules']);
    expect(detections).toEqual([]);
    expect(problems[0]).toMatchObject({ file: '/nonexistent/rules', error: expect.stringContaining('no such file') });
  });
});
