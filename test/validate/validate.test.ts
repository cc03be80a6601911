import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { miniKB, MINI_BUNDLE } from '../helpers/attack.js';
import { attackIdIssues } from '../../src/validate/semantic.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { loadConfig } from '../../src/config/load.js';
import { runTm, isolatedHome } from '../helpers/run-tm.js';

const dir = mkdtempSync(join(tmpdir(), 'tm-validate-'));

describe('ATT&CK ID checks', () => {
  it('flags unknown, revoked and deprecated technique IDs with their paths', () => {
    const doc = { metadata: { dropped: ['T9999'] }, threat_scenarios: [{ techniques: ['T1059.001', 'T1086', 'T9999', 'T1500'] }] };
    const issues = attackIdIssues(doc, miniKB());
    expect(issues).toEqual([
      { path: '/threat_scenarios/0/techniques/1', message: 'T1086 is revoked in ATT&CK 18.1; use T1059.001' },
      { path: '/threat_scenarios/0/techniques/2', message: 'T9999 is not a technique in ATT&CK 18.1' },
      { path: '/threat_scenarios/0/techniques/3', message: 'T1500 is deprecated in ATT&CK 18.1' },
    ]);
  });
});

describe('tm.config.yaml', () => {
  it('reports a wrong key with its line', () => {
    const f = join(dir, 'tm.config.yaml');
    writeFileSync(f, 'engine: offline\nroles:\n  telemetry: fleet\n  pager: x\n');
    const r = loadConfig(f);
    expect(r.errors[0]).toMatchObject({ path: '/roles/pager', line: 4 });
    expect(r.errors[0].message).toMatch(/unexpected key pager/);
  });
  it('accepts a valid config', () => {
    expect(validateAgainst('config', { engine: 'anthropic', roles: { siem: 'panther' } }).valid).toBe(true);
  });
});

describe('tm validate', () => {
  it('exit 0 valid, 1 invalid, 2 unreadable', async () => {
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, 'engine: offline\n');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'engine: gpt\n');
    const env = { ...isolatedHome(), TM_ATTACK_DATA: MINI_BUNDLE };
    expect((await runTm(['validate', ok, '--schema', 'config'], { env })).code).toBe(0);
    const r = await runTm(['validate', bad, '--schema', 'config'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\/engine: must be equal to one of the allowed values/);
    expect((await runTm(['validate', join(dir, 'nope.yaml')], { env })).code).toBe(2);
  });
});
