import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedHome, runTm, REPO_ROOT } from '../helpers/run-tm.js';
import { describeShared, REAL_BUNDLE } from '../helpers/shared.js';
import { MINI_BUNDLE } from '../helpers/attack.js';

const ACME = join(REPO_ROOT, 'examples/acme');
const tmp = () => mkdtempSync(join(tmpdir(), 'tm-org-cli-'));
/** Each run gets its own demo telemetry database (the Acme .mcp.json seeds it with --demo). */
const acmeDb = () => join(tmp(), 'acme.duckdb');
const mini = () => ({ ...isolatedHome(), TM_ATTACK_DATA: MINI_BUNDLE, TM_ATTACK_VERSION: '18.1', TM_ACME_DB: acmeDb() });

describe('tm model org (CLI)', () => {
  it('without a terminal and without --answers: a clear error, exit 2', async () => {
    const r = await runTm(['model', 'org', '-o', join(tmp(), 'out')], { env: mini() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answers: this is not a terminal/);
    expect(r.stderr).toMatch(/--answers <file>/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--interview without a terminal is a usage error', async () => {
    const r = await runTm(['model', 'org', '--interview'], { env: mini() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--interview needs a terminal/);
  });

  it('a bad answers file: exit 2 naming the file', async () => {
    const f = join(REPO_ROOT, 'test/fixtures/org/bad-answers.yaml');
    const r = await runTm(['model', 'org', '--answers', f, '-o', join(tmp(), 'out')], { env: mini() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-answers\.yaml/);
    expect(r.stderr).toMatch(/crown_jewels/);
  });

  it('runs the Acme example non-interactively: all four servers started over stdio, the demo fleet seeded', async () => {
    const out = join(tmp(), 'acme');
    const r = await runTm(['model', 'org', '--answers', join(ACME, 'answers.yaml'), '--mcp-config', join(ACME, '.mcp.json'), '-o', out, '--as-of', '2026-06-30', '--json'], { env: mini() });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.servers.map((s: { name: string; state: string }) => `${s.name}:${s.state}`).sort()).toEqual(['docs:ready', 'siem:ready', 'telemetry:ready', 'tickets:ready']);
    const md = readFileSync(join(out, 'threat-model.md'), 'utf8');
    expect(md).toContain('# Threat model: Acme Payments');
    // the telemetry stories reach the report, with their evidence
    expect(md).toMatch(/SSH brute force against web-prod-03\. Evidence: telemetry › list_anomalies/);
  });

  it('a server that cannot start is reported and skipped; the run goes on', async () => {
    const out = join(tmp(), 'acme');
    // a database path under a plain file: the telemetry server cannot open it and exits
    const blocker = join(tmp(), 'not-a-folder');
    writeFileSync(blocker, '');
    const env = { ...mini(), TM_ACME_DB: join(blocker, 'acme.duckdb') };
    const r = await runTm(['model', 'org', '--answers', join(ACME, 'answers.yaml'), '--mcp-config', join(ACME, '.mcp.json'), '-o', out, '--as-of', '2026-06-30', '--json'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/server telemetry skipped/);
    const j = JSON.parse(r.stdout);
    expect(j.servers.map((s: { name: string; state: string }) => `${s.name}:${s.state}`).sort()).toEqual(['docs:ready', 'siem:ready', 'telemetry:failed', 'tickets:ready']);
  });

  it('tm register diff: files or folders, --json shape; a non-register is exit 2', async () => {
    const d = tmp();
    const reg = (threats: object[]) => ({ schema_version: 1, organisation: 'X', as_of: '2026-01-01', threats });
    const t = (id: string, over: object = {}) => ({
      id, key: id, category: id.split('-')[1], title: id, description: '', assets: [], actors: [], techniques: [], likelihood: 2, impact: 2, risk: 4, risk_level: 'low',
      mitigation_status: 'unmitigated', detections: [], status: 'open', first_seen: '2026-01-01', last_seen: '2026-01-01', history: [], evidence: [], ...over,
    });
    writeFileSync(join(d, 'a.yaml'), JSON.stringify(reg([t('T-WEB-001'), t('T-WEB-002'), t('T-CLOUD-001')])));
    writeFileSync(join(d, 'b.yaml'), JSON.stringify(reg([t('T-WEB-001'), t('T-WEB-002', { status: 'resolved' }), t('T-CLOUD-001', { likelihood: 4, risk: 8, risk_level: 'medium' }), t('T-CLOUD-002')])));
    const r = await runTm(['register', 'diff', join(d, 'a.yaml'), join(d, 'b.yaml'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ new: ['T-CLOUD-002'], unchanged: ['T-WEB-001'], updated: [{ id: 'T-CLOUD-001', fields: ['likelihood', 'risk', 'risk_level'] }], resolved: ['T-WEB-002'] });
    const bad = await runTm(['register', 'diff', join(d, 'a.yaml'), join(ACME, 'answers.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a threat register/);
  });
});

describeShared('Acme end to end on the real ATT&CK release', () => {
  const env = () => ({ ...isolatedHome(), TM_ATTACK_DATA: REAL_BUNDLE, TM_ATTACK_VERSION: '18.1', TM_ACME_DB: acmeDb() });

  it('two runs carry the register; the quarterly report is byte-identical for the same inputs', async () => {
    const d = tmp();
    const e = env();
    const org = cpSync(ACME, join(d, 'acme'), { recursive: true });
    void org;
    const args = (out: string, asOf: string) => ['model', 'org', '--answers', join(d, 'acme/answers.yaml'), '--mcp-config', join(ACME, '.mcp.json'), '-o', out, '--as-of', asOf];
    const q1 = join(d, 'q1');
    expect((await runTm(args(q1, '2026-03-31'), { env: e })).code).toBe(0);
    cpSync(q1, join(d, 'q2'), { recursive: true });
    // next quarter: a new crown jewel
    writeFileSync(join(d, 'acme/answers.yaml'), readFileSync(join(ACME, 'answers.yaml'), 'utf8').replace('  - Merchant settlement ledger', '  - Merchant settlement ledger\n  - Source code'));
    const r2 = await runTm([...args(join(d, 'q2'), '2026-06-30'), '--json'], { env: e });
    expect(r2.code).toBe(0);
    const diff = JSON.parse(r2.stdout).diff;
    expect(diff.new).toContain('T-INSIDER-004');
    expect(diff.resolved).toEqual([]);

    const rd = await runTm(['register', 'diff', q1, join(d, 'q2'), '--json'], { env: e });
    expect(JSON.parse(rd.stdout)).toEqual(diff);

    const rep = ['report', 'quarterly', '--register', join(d, 'q2/threat-register.yaml'), '--previous', q1, '--as-of', '2026-06-30'];
    const a = await runTm(rep, { env: e });
    const b = await runTm(rep, { env: e });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('# Quarterly security review 2026-Q2: Acme Payments');
    expect(a.stdout).toMatch(/- new: \*\*T-INSIDER-004\*\* Insider exfiltration of Source code/);
    expect(a.stdout).toContain('Every ATT&CK ID in open threats and app models is active in release 18.1.');
  });
});
