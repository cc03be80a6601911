import { expect, it, beforeAll } from 'vitest';
import { describeShared, REAL_BUNDLE } from '../helpers/shared.js';
import { readBundle } from '../../src/attack/read-bundle.js';
import { buildIndex } from '../../src/attack/build-index.js';
import { AttackKB } from '../../src/attack/kb.js';
import { runTm, isolatedHome } from '../helpers/run-tm.js';

describeShared('the real ATT&CK Enterprise v18.1 bundle', () => {
  let kb: AttackKB;
  beforeAll(() => {
    const raw = readBundle(REAL_BUNDLE);
    kb = new AttackKB(buildIndex(raw.objects as never[], { sha256: raw.sha256, specVersion: raw.specVersion }).index);
  });

  it('indexes what the release README counts', () => {
    const objs = Object.values(kb.index.objects);
    const count = (pred: (o: (typeof objs)[number]) => boolean) => objs.filter(pred).length;
    const isTech = (o: (typeof objs)[number]) => o.type === 'technique' || o.type === 'subtechnique';
    expect(count((o) => isTech(o) && o.revoked)).toBe(132);
    expect(count((o) => isTech(o) && o.deprecated && !o.revoked)).toBe(12);
    expect(kb.techniques().length).toBe(691);
    expect(kb.techniques().filter((t) => t.type === 'subtechnique').length).toBe(475);
    expect(kb.tactics().length).toBe(14);
    expect(count((o) => o.type === 'detection-strategy')).toBe(691);
    expect(count((o) => o.type === 'analytic')).toBe(1739);
    expect(count((o) => o.type === 'data-component')).toBe(109);
  });

  it('orders tactics as the Enterprise matrix does', () => {
    const ids = kb.tactics().map((t) => t.id);
    expect(ids[0]).toBe('TA0043');
    expect(ids.at(-1)).toBe('TA0040');
  });

  it('walks T1059.001 to its detection strategy, analytics and data components', () => {
    const d = kb.detail('T1059.001')!;
    expect(d.parent).toBe('T1059');
    expect(d.detectionStrategies.length).toBeGreaterThan(0);
    const dcs = d.detectionStrategies.flatMap((s) => s.analytics.flatMap((a) => a.dataComponents.map((c) => c.name)));
    expect(dcs).toContain('Process Creation');
    expect(d.groups.map((g) => g.id)).toContain('G0016');
  });

  it('follows revoked-by chains and keeps techniques over reused mitigation IDs', () => {
    const r = kb.resolve('T1086');
    expect(r.status === 'revoked' && r.replacedBy).toBe('T1059.001');
    expect(kb.get('T1066')?.type).toBe('technique');
  });

  it('does not know v19-only IDs, and says what is near', () => {
    const r = kb.resolve('T1685');
    expect(r.status).toBe('unknown');
  });

  it('warm CLI run reads the cached index and prints the contract JSON', async () => {
    const env = { ...isolatedHome(), TM_ATTACK_DATA: REAL_BUNDLE, TM_ATTACK_VERSION: '18.1' };
    const cold = await runTm(['attack', 'show', 'T1059.001', '--json'], { env });
    const warm = await runTm(['attack', 'show', 'T1059.001', '--json'], { env });
    expect(cold.code).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    const d = JSON.parse(warm.stdout);
    for (const k of ['id', 'name', 'type', 'tactics', 'platforms', 'parent', 'subtechniques', 'revoked', 'deprecated', 'replacedBy', 'detectionStrategies', 'mitigations', 'groups', 'url'])
      expect(d).toHaveProperty(k);
  });
});
