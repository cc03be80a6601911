import { describe, expect, it } from 'vitest';
import { fixAttackIds } from '../../src/engines/llm/attack-ids.js';
import { miniKB } from '../helpers/attack.js';

describe('fixAttackIds', () => {
  const kb = miniKB();

  it('keeps live IDs with their ATT&CK names, remaps revoked ones, drops unknown and deprecated', () => {
    const doc = {
      findings: [
        {
          id: 'find-x',
          techniques: [
            { id: 'T1078', name: 'whatever the model said' },
            { id: 'T1086', name: 'PowerShell' },
            { id: 'T9999', name: 'Made Up' },
            { id: 'T1500', name: 'Compile After Delivery' },
            { id: 't1059.001', name: 'PowerShell' },
          ],
        },
      ],
    };
    const { value, warnings } = fixAttackIds(doc, kb);
    const ids = value.findings[0].techniques.map((t) => t.id);
    // T1086 is revoked by T1059.001, which is also listed: one entry remains
    expect(ids).toEqual(['T1078', 'T1059.001']);
    expect(value.findings[0].techniques[0].name).toBe('Valid Accounts');
    expect(warnings.some((w) => w.includes('T1086') && w.includes('remapped to T1059.001'))).toBe(true);
    expect(warnings.some((w) => w.includes('T9999') && w.includes('dropped'))).toBe(true);
    expect(warnings.some((w) => w.includes('T1500') && w.includes('deprecated'))).toBe(true);
    expect(JSON.stringify(value)).not.toMatch(/T9999|T1500|T1086/);
  });

  it('drops an item that holds an unknown technique under a plain key, and fixes string lists', () => {
    const doc = {
      blind_spots: [
        { technique: { id: 'T9998', name: 'x' }, reason: 'r', recommendation: 'r' },
        { technique: { id: 'T1190', name: 'x' }, reason: 'r', recommendation: 'r' },
      ],
      covered: ['T1086', 'T1059.001', 'T0000'],
    };
    const { value } = fixAttackIds(doc, kb);
    expect(value.blind_spots.map((b) => b.technique.id)).toEqual(['T1190']);
    expect(value.covered).toEqual(['T1059.001']);
  });

  it('leaves non-technique IDs alone', () => {
    const doc = { architecture_components: [{ id: 'comp-api', name: 'API' }], groups: [{ id: 'G0016' }] };
    expect(fixAttackIds(structuredClone(doc), kb)).toEqual({ value: doc, warnings: [] });
  });
});
