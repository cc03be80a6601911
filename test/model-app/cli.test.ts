import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import jsYaml from 'js-yaml';
import { validateAgainst } from '../../src/validate/ajv.js';
import { describe, expect, it } from 'vitest';
import { MINI_BUNDLE } from '../helpers/attack.js';
import { isolatedHome, runTm } from '../helpers/run-tm.js';
import { EXAMPLES } from '../gather/helpers.js';

const RULES = fileURLToPath(new URL('../fixtures/model-app/rules/', import.meta.url));
const NODE = join(EXAMPLES, 'node-shop-api');
const tm = (args: string[]) => runTm(['--attack-data', MINI_BUNDLE, 'model', 'app', ...args], { env: { ...isolatedHome(), TM_ATTACK_VERSION: '18.1' } });
const strip = (y: string) => {
  const m = parse(y);
  delete m.metadata.generated;
  return m;
};

describe('tm model app', () => {
  it('prints the YAML model on stdout; two runs differ only in metadata.generated', async () => {
    const a = await tm([NODE]);
    expect(a.code, a.stderr).toBe(0);
    const m = parse(a.stdout);
    expect(Object.keys(m)).toEqual(['metadata', 'architecture_components', 'data_flows', 'trust_boundaries', 'authentication', 'sensitive_assets', 'external_integrations', 'log_sources', 'findings', 'attack_paths', 'threat_scenarios', 'detection_coverage', 'response_playbooks', 'monitoring_recommendations']);
    expect(m.metadata.generated).toMatchObject({ engine: 'offline', attack_version: '18.1' });
    expect(typeof m.metadata.generated.wall_time_ms).toBe('number');
    const b = await tm([NODE]);
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
  });

  it('--as-of pins the output byte for byte; -o writes yaml and md atomically', async () => {
    const out1 = mkdtempSync(join(tmpdir(), 'tm-out-'));
    const out2 = mkdtempSync(join(tmpdir(), 'tm-out-'));
    const r1 = await tm([NODE, '-o', out1, '--format', 'both', '--as-of', '2026-01-15']);
    const r2 = await tm([NODE, '-o', out2, '--format', 'both', '--as-of', '2026-01-15']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code).toBe(0);
    for (const f of ['app-threat-model.yaml', 'app-threat-model.md']) expect(readFileSync(join(out1, f), 'utf8')).toBe(readFileSync(join(out2, f), 'utf8'));
    const md = readFileSync(join(out1, 'app-threat-model.md'), 'utf8');
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toMatch(/comp_shop_api -->\|"postgres wire protocol 5432\/tcp"\| comp_postgres/);
    expect(parse(readFileSync(join(out1, 'app-threat-model.yaml'), 'utf8')).metadata.generated.generated_at).toBe('2026-01-15');
    // YAML 1.1 readers (js-yaml, PyYAML) must get strings, not dates, and a schema-valid model
    const y11 = jsYaml.load(readFileSync(join(out1, 'app-threat-model.yaml'), 'utf8')) as { metadata: { as_of: unknown } };
    expect(y11.metadata.as_of).toBe('2026-01-15');
    expect(validateAgainst('app-threat-model', y11).errors).toEqual([]);
    expect(r1.stdout).toBe('');
  });

  it('validates: tm validate accepts the written model', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tm-out-'));
    expect((await tm([NODE, '-o', out])).code).toBe(0);
    const v = await runTm(['validate', join(out, 'app-threat-model.yaml')], { env: isolatedHome() });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/valid .*app-threat-model/);
  });

  it('--rules adds tm coverage results for the techniques the model names', async () => {
    const r = await tm([NODE, '--rules', RULES]);
    expect(r.code, r.stderr).toBe(0);
    const rules = parse(r.stdout).detection_coverage.rules;
    expect(rules.rules_total).toBe(1);
    expect(rules.covered).toContain('T1190');
    expect(rules.by_technique.T1190.length).toBe(1);
  });

  it('bad input: missing path, a file, an empty folder → exit 2 with a clear message', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tm-empty-'));
    const missing = await tm([join(empty, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
    const file = await tm([join(NODE, 'package.json')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/is a file, not a folder/);
    const none = await tm([empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing readable/);
    const latin = mkdtempSync(join(tmpdir(), 'tm-latin-'));
    writeFileSync(join(latin, 'a.py'), new Uint8Array([0xe9, 0x0a]));
    const unreadable = await tm([latin]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/a\.py: not valid UTF-8/);
  });

  it('a partly unreadable repo still gives a model, with the problem as a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-part-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "part", "dependencies": { "express": "4" } }\n');
    writeFileSync(join(dir, 'src/app.js'), "app.get('/x', h);\n");
    writeFileSync(join(dir, 'src/old.js'), new Uint8Array([0xff, 0xfe, 0x41, 0x0a]));
    const r = await tm([dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/src\/old\.js: not valid UTF-8/);
    expect(parse(r.stdout).metadata.warnings).toContain('src/old.js: not valid UTF-8, skipped (re-encode it as UTF-8 to have it scanned)');
  });

  it('usage errors: bad --format, md without -o, bad --as-of, bad kb folder', async () => {
    expect((await tm([NODE, '--format', 'pdf'])).code).toBe(2);
    expect((await tm([NODE, '--format', 'md'])).stderr).toMatch(/give -o <dir>/);
    expect((await tm([NODE, '--as-of', 'yesterday'])).code).toBe(2);
    const kb = mkdtempSync(join(tmpdir(), 'tm-kb-'));
    writeFileSync(join(kb, 'x.yaml'), 'findings: [ {id: broken\n');
    const r = await tm([NODE, '--kb', kb]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.yaml:\d+/);
  });

  it('--json prints the model as JSON, or a summary of what -o wrote', async () => {
    const j = await runTm(['--json', '--attack-data', MINI_BUNDLE, 'model', 'app', NODE, '--as-of', '2026-01-15'], { env: { ...isolatedHome(), TM_ATTACK_VERSION: '18.1' } });
    expect(j.code, j.stderr).toBe(0);
    const y = await tm([NODE, '--as-of', '2026-01-15']);
    expect(JSON.parse(j.stdout)).toEqual(parse(y.stdout));
    const out = mkdtempSync(join(tmpdir(), 'tm-out-'));
    const w = await runTm(['--json', '--attack-data', MINI_BUNDLE, 'model', 'app', NODE, '-o', out], { env: { ...isolatedHome(), TM_ATTACK_VERSION: '18.1' } });
    expect(JSON.parse(w.stdout)).toMatchObject({ written: [join(out, 'app-threat-model.yaml')], components: 8 });
  });

  it('--engine anthropic is accepted and reports when it cannot run', async () => {
    const r = await tm([NODE, '--engine', 'anthropic']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/anthropic|ANTHROPIC_API_KEY/);
    expect(existsSync(NODE)).toBe(true);
  });
});
