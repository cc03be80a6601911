import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniKB } from '../helpers/attack.js';
import { carryForward } from '../../src/register/carry.js';
import { registerToYaml } from '../../src/register/yaml.js';
import type { DraftThreat } from '../../src/register/types.js';
import { quarterlyReport } from '../../src/pipeline/org-quarterly.js';

const Q = fileURLToPath(new URL('../fixtures/org/quarterly/', import.meta.url));
const kb = miniKB();
const d = (key: string, category: string, techniques: string[], likelihood: number, impact: number): DraftThreat => ({
  key, category, title: `threat ${key}`, description: '', assets: [], actors: [], techniques, likelihood, impact, mitigation_status: 'unmitigated', detections: [],
  evidence: [{ server: 'siem', tool: 'list_alerts', arguments: { since: '2026-01-01' }, note: `alerts for ${key}` }],
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tm-quarterly-'));
  const prev = carryForward(undefined, [d('acct', 'ACCOUNT', ['T1078'], 4, 4), d('web', 'WEB', ['T1190'], 2, 3)], { organisation: 'Globex', asOf: '2026-03-31' });
  const cur = carryForward(prev, [d('acct', 'ACCOUNT', ['T1078', 'T1110'], 5, 4), d('exfil', 'INSIDER', ['T1048'], 3, 3)], { organisation: 'Globex', asOf: '2026-06-30' });
  mkdirSync(join(dir, 'previous'));
  writeFileSync(join(dir, 'previous/threat-register.yaml'), registerToYaml(prev));
  cpSync(join(Q, 'previous/coverage.json'), join(dir, 'previous/coverage.json'));
  writeFileSync(join(dir, 'threat-register.yaml'), registerToYaml(cur));
  return dir;
}

describe('tm report quarterly', () => {
  it('combines register, app models and coverage, compared with the previous quarter', () => {
    const dir = setup();
    const opts = { register: join(dir, 'threat-register.yaml'), apps: [join(Q, 'app-threat-model.yaml')], coverage: join(Q, 'coverage.json'), previous: join(dir, 'previous'), asOf: '2026-06-30', kb };
    const r = quarterlyReport(opts);
    const md = r.markdown;
    expect(md).toContain('# Quarterly security review 2026-Q2: Globex');
    expect(md).toContain('**Overall risk level: CRITICAL** (previous quarter: critical)');
    expect(md).toMatch(/1 new, 1 updated, 1 resolved, 0 unchanged/);
    expect(md).toContain('- new: **T-INSIDER-001** threat exfil');
    expect(md).toContain('- updated: **T-ACCOUNT-001** threat acct (techniques, likelihood, risk)');
    expect(md).toContain('- resolved: **T-WEB-001** threat web');
    expect(md).toContain('| shop-api |');
    // T1078 was covered last quarter and is not now: a regression; T1048 never was
    expect(md).toContain('| T1078 | Valid Accounts | T-ACCOUNT-001 | — | yes (regression) |');
    expect(md).toContain('| T1048 | Exfiltration Over Alternative Protocol | T-INSIDER-001 | — | no |');
    expect(md).toMatch(/1 of 3 techniques named by the register and app models have a detection \(previous quarter: 2\)/);
    // the revoked ID in the app model is reported with its replacement
    expect(md).toContain('T1086 is revoked in ATT&CK 18.1 (replacement: T1059.001)');
    expect(r.warnings).toEqual([expect.stringContaining('T1086 is revoked')]);
    expect(md).toContain('- Treat **T-ACCOUNT-001** threat acct (risk 20, unmitigated).');
    expect(md).toContain('siem › list_alerts {"since":"2026-01-01"}: alerts for acct');
    // same inputs, same bytes
    expect(quarterlyReport(opts).markdown).toBe(md);
  });

  it('works from the register alone', () => {
    const dir = setup();
    const md = quarterlyReport({ register: join(dir, 'threat-register.yaml'), apps: [], asOf: '2026-06-30', kb }).markdown;
    expect(md).toContain('No previous quarter given');
    expect(md).toContain('No coverage file given');
    expect(md).toContain('No application models given');
  });

  it('a missing register is an input error', () => {
    expect(() => quarterlyReport({ register: '/nonexistent/r.yaml', apps: [], asOf: '2026-06-30', kb })).toThrow(/no such file/);
  });
});
