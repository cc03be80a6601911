import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedHome, runTm } from '../helpers/run-tm.js';
import { MINI_BUNDLE } from '../helpers/attack.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { fx } from '../rules/helpers.js';

const env = { ...isolatedHome(), TM_ATTACK_VERSION: '18.1' };
const tm = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) =>
  runTm(['--attack-data', MINI_BUNDLE, ...args], { cwd: opts.cwd, env: { ...env, ...opts.env } });

describe('tm coverage (CLI)', () => {
  it('--json prints the contract; --format navigator -o writes a valid layer atomically', async () => {
    const r = await tm(['coverage', fx('sigma'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rules).toMatchObject({ total: 6, parsed: 6, inactive: 1, withoutTechniques: 1 });
    expect(j.techniques.find((t: { id: string }) => t.id === 'T1059')).toMatchObject({ direct: [], covered: true });
    expect(r.stderr).toContain('unknown to release 18.1');
    const dir = mkdtempSync(join(tmpdir(), 'tm-cov-'));
    const out = join(dir, 'layer.json');
    const w = await tm(['coverage', fx('sigma'), '--format', 'navigator', '-o', out]);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(validateAgainst('navigator-layer', JSON.parse(readFileSync(out, 'utf8'))).valid).toBe(true);
  });

  it('--fail-under exits 1 under the threshold, 0 above; a bad --format is a usage error', async () => {
    expect((await tm(['coverage', fx('sigma'), '--fail-under', '90'])).code).toBe(1);
    expect((await tm(['coverage', fx('sigma'), '--fail-under', '50'])).code).toBe(0);
    const bad = await tm(['coverage', fx('sigma'), '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format pdf: unknown format');
  });

  it('bad rule files are listed and the rest parsed; --strict turns them into exit 2', async () => {
    const r = await tm(['coverage', fx('bad'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rules.parsed).toBe(2);
    expect(j.rules.total).toBe(6);
    expect(j.rules.failed.map((f: { file: string }) => f.file).sort()).toEqual(['binary.yml', 'malformed.toml', 'malformed.yml', 'not_a_rule.yml', 'wrong_types.yml']);
    expect(r.stderr).toContain('malformed.yml:5: malformed YAML');
    expect(r.stderr).not.toContain('    at ');
    expect((await tm(['coverage', fx('bad'), '--strict'])).code).toBe(2);
  });

  it('wanted set by --group and --platform; unknown group is exit 2', async () => {
    const g = JSON.parse((await tm(['coverage', fx('sigma'), '--group', 'G0016', '--json'])).stdout);
    expect(g.techniques.map((t: { id: string }) => t.id)).toEqual(['T1059.001', 'T1059.003', 'T1078']);
    expect(g.wanted.source).toBe('group:G0016');
    const p = JSON.parse((await tm(['coverage', fx('sigma'), '--platform', 'macos', '--json'])).stdout);
    expect(p.techniques.map((t: { id: string }) => t.id)).toEqual(['T1059']);
    const bad = await tm(['coverage', fx('sigma'), '--group', 'G9999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such ATT&CK group');
  });

  it('wanted set from a Navigator layer and a threat model file; md, sarif and junit files', async () => {
    const fxc = (f: string) => fx('..', 'coverage', f);
    const l = JSON.parse((await tm(['coverage', fx('sigma'), '--layer', fxc('wanted-layer.json'), '--json'])).stdout);
    expect(l.techniques.map((t: { id: string; covered: boolean }) => [t.id, t.covered])).toEqual([['T1059.001', true], ['T1110', false]]);
    const m = JSON.parse((await tm(['coverage', fx('sigma'), '--threat-model', fxc('threat-model.yaml'), '--json'])).stdout);
    expect(m.techniques.map((t: { id: string }) => t.id)).toEqual(['T1048', 'T1110.001']);
    expect(m.wanted.source).toMatch(/^threat-model:/);
    const dir = mkdtempSync(join(tmpdir(), 'tm-cov-'));
    for (const f of ['md', 'sarif', 'junit']) expect((await tm(['coverage', fx('sigma'), '--format', f, '-o', join(dir, `out.${f}`)])).code).toBe(0);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toMatch(/^# ATT&CK detection coverage/);
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'out.junit'), 'utf8')).toContain('<testsuites');
  });

  it('coverage diff of two coverage JSON files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-cov-'));
    await tm(['coverage', fx('sigma'), fx('splunk'), '--json', '-o', join(dir, 'base.json')]);
    await tm(['coverage', fx('sigma'), fx('splunk'), '--format', 'json', '-o', join(dir, 'same.json')]);
    const same = await tm(['coverage', 'diff', join(dir, 'base.json'), join(dir, 'same.json'), '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ lost: [], gained: [], newGaps: [], closedGaps: [] });
    const bad = await tm(['coverage', 'diff', join(dir, 'base.json'), join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    const missing = await tm(['coverage', join(dir, 'no-rules-here')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
  });
});

describe('tm ci: the regression gate on a real git repository', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).toString();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'tm-ci-repo-'));
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'rules'));
    for (const f of ['proc_creation_win_powershell_encoded.yml', 'collection_two_rules.yml']) copyFileSync(fx('sigma', f), join(repo, 'rules', f));
    copyFileSync(fx('splunk', 'web_exploit_and_guessing.yml'), join(repo, 'rules', 'web_exploit_and_guessing.yml'));
    git('add', '.');
    git('commit', '-qm', 'three rules');
    rmSync(join(repo, 'rules', 'web_exploit_and_guessing.yml'));
    git('commit', '-qam', 'delete the Splunk rule');
  });

  it('a deleted rule fails the gate (exit 1), naming the techniques and the rule that went', async () => {
    const r = await tm(['ci', 'rules', '--baseline', 'HEAD~1'], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lost    T1110.001 Password Guessing (now a gap): rules that went: web_exploit_and_guessing.yml');
    expect(r.stderr).toContain('coverage lost: T1110 Brute Force — rules that went: web_exploit_and_guessing.yml');
    const gh = await tm(['ci', 'rules', '--baseline', 'HEAD~1'], { cwd: repo, env: { GITHUB_ACTIONS: 'true' } });
    expect(gh.stdout).not.toContain('::warning');
    expect(gh.stdout).toContain('::error title=ATT&CK coverage lost%3A T1110.001::T1110.001 Password Guessing lost its last detection rule and is now a gap. Rules that went: web_exploit_and_guessing.yml');
  });

  it('an added rule passes (exit 0); JSON names what was gained', async () => {
    copyFileSync(fx('tm', 'soc_rules.yaml'), join(repo, 'rules', 'soc_rules.yaml'));
    git('add', '.');
    git('commit', '-qm', 'add SOC rules');
    const r = await tm(['ci', 'rules', '--baseline', 'HEAD~1', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ regression: false, lost: [], newGaps: [], closedGaps: ['T1048'] });
    expect(d.gained).toEqual([{ id: 'T1048', name: 'Exfiltration Over Alternative Protocol', rules: ['soc_rules.yaml#SOC-0001'] }]);
  });

  it('an uncommitted deletion fails against HEAD; a baseline coverage file works too', async () => {
    const base = join(repo, '..', `${repo.split('/').pop()}-base.json`);
    writeFileSync(base, (await tm(['coverage', 'rules', '--json'], { cwd: repo })).stdout);
    rmSync(join(repo, 'rules', 'soc_rules.yaml'));
    expect((await tm(['ci', 'rules', '--baseline', 'HEAD'], { cwd: repo })).code).toBe(1);
    expect((await tm(['ci', 'rules', '--baseline', base], { cwd: repo })).code).toBe(1);
    git('checkout', '-q', '--', 'rules/soc_rules.yaml');
    expect((await tm(['ci', 'rules', '--baseline', base], { cwd: repo })).code).toBe(0);
  });

  it('coverage diff between two git refs with --repo; an unknown ref is exit 2', async () => {
    const r = await tm(['coverage', 'diff', 'HEAD~2', 'HEAD~1', '--repo', repo, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).lost.map((x: { id: string }) => x.id)).toEqual(['T1110', 'T1110.001']);
    const bad = await tm(['ci', 'rules', '--baseline', 'no-such-ref'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown git ref "no-such-ref"');
  });
});
