import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { miniKB, MINI_BUNDLE, MINI_BUNDLE_21 } from '../helpers/attack.js';
import { buildIndex } from '../../src/attack/build-index.js';
import { AttackKB, normalizeId } from '../../src/attack/kb.js';

describe('ATT&CK index over the mini bundle', () => {
  const kb = miniKB();

  it('orders tactics as the matrix does', () => {
    expect(kb.tactics().map((t) => t.id)).toEqual(['TA0001', 'TA0002', 'TA0005', 'TA0006', 'TA0010']);
    expect(kb.tacticByShortname('credential-access')?.id).toBe('TA0006');
    expect(kb.findTactic('Defense Evasion')?.id).toBe('TA0005');
  });

  it('links sub-techniques and parents both ways', () => {
    expect(kb.get('T1059')?.subtechniques).toEqual(['T1059.001', 'T1059.003']);
    expect(kb.get('t1059.001')?.parent).toBe('T1059');
    expect(kb.get('T1059.001')?.type).toBe('subtechnique');
  });

  it('follows revoked-by to the replacement, and prefers the technique over an old mitigation with the same ID', () => {
    const r = kb.resolve('T1086');
    expect(r.status).toBe('revoked');
    expect(r.status === 'revoked' && r.replacedBy).toBe('T1059.001');
    expect(kb.get('T1086')?.type).toBe('technique');
  });

  it('flags deprecated objects and keeps them', () => {
    expect(kb.resolve('T1500').status).toBe('deprecated');
    expect(kb.techniques().map((t) => t.id)).not.toContain('T1500');
    expect(kb.techniques().map((t) => t.id)).not.toContain('T1086');
  });

  it('lists active techniques, filtered by platform', () => {
    expect(kb.techniques().length).toBe(9);
    expect(kb.techniques({ platforms: ['containers'] }).map((t) => t.id)).toEqual(['T1190']);
  });

  it('answers unknown IDs with suggestions', () => {
    const r = kb.resolve('T1059.002');
    expect(r.status).toBe('unknown');
    expect(r.status === 'unknown' && r.suggestions[0]).toMatch(/^T1059\.00[13]/);
  });

  it('walks detection strategies to analytics to data components', () => {
    expect(kb.dataComponentsFor('T1059.001')).toEqual([
      { id: 'DC0001', name: 'Process Creation' },
      { id: 'DC0002', name: 'Command Execution' },
    ]);
    const d = kb.detail('T1059.001')!;
    expect(d.detectionStrategies[0].id).toBe('DET0001');
    expect(d.detectionStrategies[0].analytics[0]).toMatchObject({ id: 'AN0001', platforms: ['Windows'] });
    expect(d.mitigations).toEqual([{ id: 'M1042', name: 'Disable or Remove Feature or Program' }]);
    expect(d.groups).toEqual([{ id: 'G0016', name: 'APT29' }]);
  });

  it('knows what groups, software and campaigns use', () => {
    expect(kb.techniquesUsedBy('G0016')).toEqual(['T1059.001', 'T1078']);
    expect(kb.techniquesUsedBy('G0016', { viaSoftware: true })).toEqual(['T1059.001', 'T1059.003', 'T1078']);
    expect(kb.techniquesUsedBy('C0024')).toEqual(['T1048', 'T1190']);
  });

  it('searches names and aliases', () => {
    expect(kb.search('cozy bear')[0].id).toBe('G0016');
    expect(kb.search('powershell')[0].id).toBe('T1059.001');
  });

  it('reads the collection version of a STIX 2.1 bundle', () => {
    const b = JSON.parse(readFileSync(MINI_BUNDLE_21, 'utf8'));
    const built = buildIndex(b.objects, { sha256: 'x', specVersion: '2.1' });
    expect(built.collectionVersion).toBe('19.1');
    expect(new AttackKB(built.index).version).toBe('19.1');
  });

  it('normalises ID spellings', () => {
    expect(normalizeId(' t1059/001 ')).toBe('T1059.001');
    expect(MINI_BUNDLE).toContain('mini-enterprise.json');
  });
});
