import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherRepo } from '../../src/gather/repo/index.js';
import { createOfflineAppEngine, offlineStages, stageParts } from '../../src/engines/offline/index.js';
import { clearModelKBCache, loadModelKB } from '../../src/engines/offline/kb.js';
import { APP_STAGE_PARTS } from '../../src/model/app/types.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { miniKB } from '../helpers/attack.js';
import { EXAMPLES, FIXTURE_REPOS } from '../gather/helpers.js';

const produce = async (dir: string, kbDirs?: string[]) => (await createOfflineAppEngine().produce(gatherRepo(dir), { kb: miniKB(), kbDirs })).output;

describe('offline app engine', () => {
  it('produces a schema-valid model for every example and fixture repo', async () => {
    for (const dir of [join(EXAMPLES, 'node-shop-api'), join(EXAMPLES, 'py-payments-aws'), ...['go-gin-service', 'spring-orders', 'django-blog'].map((d) => join(FIXTURE_REPOS, d))]) {
      const m = await produce(dir);
      const v = validateAgainst('app-threat-model', m);
      expect(v.errors, dir).toEqual([]);
    }
  });

  it('names components, flows and auth with content-derived IDs and evidence', async () => {
    const m = await produce(join(EXAMPLES, 'node-shop-api'));
    const ids = m.architecture_components.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['comp-shop-api', 'comp-postgres', 'comp-redis', 'comp-ext-stripe', 'comp-ext-sendgrid', 'comp-kubernetes', 'comp-ci-github-actions']));
    expect(m.data_flows.map((f) => f.id)).toEqual(expect.arrayContaining(['flow-shop-api-to-postgres', 'flow-shop-api-to-redis', 'flow-ext-stripe-to-shop-api']));
    expect(m.authentication.map((a) => a.mechanism)).toEqual(expect.arrayContaining(['jwt', 'password', 'webhook_signature']));
    for (const c of [...m.architecture_components, ...m.data_flows, ...m.findings]) {
      expect(c.evidence.length, c.id).toBeGreaterThan(0);
      for (const e of c.evidence) expect(e).toMatch(/^[^/\s][^:]*:\d+$/);
    }
  });

  it('keeps IDs when an unrelated file is added', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'tm-ids-')), 'node-shop-api');
    cpSync(join(EXAMPLES, 'node-shop-api'), root, { recursive: true });
    const before = await produce(root);
    writeFileSync(join(root, 'src/util.js'), '// helpers\nmodule.exports = {};\n');
    const after = await produce(root);
    const idsOf = (m: typeof before) => [...m.architecture_components, ...m.data_flows, ...m.findings, ...m.attack_paths].map((x) => x.id);
    expect(idsOf(after)).toEqual(idsOf(before));
  });

  it('is deterministic: two runs give equal models', async () => {
    expect(await produce(join(EXAMPLES, 'py-payments-aws'))).toEqual(await produce(join(EXAMPLES, 'py-payments-aws')));
  });

  it('carries only IDs of the loaded release: unknown dropped, revoked replaced, each with a warning', async () => {
    const kbDir = mkdtempSync(join(tmpdir(), 'tm-kb-'));
    writeFileSync(
      join(kbDir, 'extra.yaml'),
      'monitoring:\n  - id: old-powershell\n    type: hunt\n    title: PowerShell from the app\n    when: [route:*]\n    priority: low\n    techniques: [T1086, T9999]\n    log_sources: [app]\n    description: test entry\n',
    );
    clearModelKBCache();
    const g = gatherRepo(join(EXAMPLES, 'node-shop-api'));
    const kb = miniKB();
    const res = await createOfflineAppEngine().produce(g, { kb, kbDirs: [kbDir] });
    const all = JSON.stringify(res.output);
    for (const id of all.match(/"T\d{4}(\.\d{3})?"/g) ?? []) expect(kb.resolve(id.slice(1, -1)).status).toBe('active');
    const mon = res.output.monitoring_recommendations.find((m) => m.id === 'mon-old-powershell')!;
    expect(mon.techniques.map((t) => t.id)).toEqual(['T1059.001']);
    expect(res.output.metadata.warnings).toEqual(expect.arrayContaining(['ATT&CK T1086 is revoked in release 18.1; replaced by T1059.001', 'ATT&CK T9999 is not in release 18.1; dropped']));
  });

  it('exports one function per stage and which model parts each produces', async () => {
    const g = gatherRepo(join(EXAMPLES, 'py-payments-aws'));
    const ctx = { kb: miniKB() };
    const arch = offlineStages.architecture(g, ctx);
    expect(Object.keys(arch).sort()).toEqual([...stageParts('architecture')].sort());
    const threats = offlineStages.threats(g, arch, ctx);
    expect(Object.keys(threats).sort()).toEqual([...APP_STAGE_PARTS.threats].sort());
    const response = offlineStages.response(g, { ...arch, ...threats }, ctx);
    expect(Object.keys(response).sort()).toEqual([...APP_STAGE_PARTS.response].sort());
  });

  it('rejects a bad kb folder with every problem listed', () => {
    const kbDir = mkdtempSync(join(tmpdir(), 'tm-kb-bad-'));
    mkdirSync(kbDir, { recursive: true });
    writeFileSync(join(kbDir, 'bad.yaml'), 'attack_paths:\n  - id: Bad_ID\n    name: x\n    when: [route:*]\n    likelihood: high\n    impact: high\n    description: d\n    stages:\n      - stage: teleport\n        techniques: [X1]\n        log_sources: [nowhere]\n');
    clearModelKBCache();
    expect(() => loadModelKB([kbDir])).toThrow(/must be lower-case[\s\S]*unknown stage "teleport"[\s\S]*"X1" is not a technique ID[\s\S]*unknown log source "nowhere"/);
  });
});
