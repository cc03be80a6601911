import { describe, expect, it } from 'vitest';
import { carryForward, diffRegisters, IdAllocator, matchThreats, parseThreatId, riskLevel, riskScore, matrixRows, validateRegisterShape } from './helpers.js';
import type { DraftThreat, Register } from '../../src/register/types.js';

const draft = (key: string, category: string, over: Partial<DraftThreat> = {}): DraftThreat => ({
  key,
  category,
  title: key,
  description: `about ${key}`,
  assets: [],
  actors: [],
  techniques: ['T1078'],
  likelihood: 3,
  impact: 3,
  mitigation_status: 'unmitigated',
  detections: [],
  evidence: [{ server: 'siem', tool: 'list_alerts', arguments: { since: '2026-01-01' }, note: key }],
  ...over,
});
const org = (asOf: string) => ({ organisation: 'Org', asOf });

describe('risk matrix', () => {
  it('risk = likelihood × impact, in four documented bands', () => {
    expect(riskScore(5, 5)).toBe(25);
    expect(riskScore(7, 0)).toBe(5); // scores are clamped to 1..5
    expect([1, 4, 5, 9, 10, 14, 15, 25].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(matrixRows()[0].cells.map((c) => c.score)).toEqual([5, 10, 15, 20, 25]);
  });
});

describe('threat IDs', () => {
  it('next number per category, never reusing a number', () => {
    const a = new IdAllocator(['T-INSIDER-001', 'T-INSIDER-004', 'T-CLOUD-002']);
    expect(a.allocate('insider')).toBe('T-INSIDER-005');
    expect(a.allocate('INSIDER')).toBe('T-INSIDER-006');
    expect(a.allocate('cloud')).toBe('T-CLOUD-003');
    expect(a.allocate('new-cat')).toBe('T-NEWCAT-001');
    expect(parseThreatId('T-INSIDER-002')).toEqual({ category: 'INSIDER', n: 2 });
    expect(parseThreatId('X-1')).toBeUndefined();
  });

  it('matches by content key, then by similarity within the category, never by position', () => {
    const first = carryForward(undefined, [draft('a', 'INSIDER', { techniques: ['T1005', 'T1048'], assets: ['db'] }), draft('b', 'INSIDER', { techniques: ['T1078'] })], org('2026-01-01'));
    // same threats, reversed order and reworded title: IDs follow content
    const m = matchThreats(first.threats, [draft('b', 'INSIDER', { title: 'B reworded' }), draft('a', 'INSIDER')]);
    expect([...m].map(([d, t]) => [d.key, t.id])).toEqual([
      ['b', first.threats.find((t) => t.key === 'b')!.id],
      ['a', first.threats.find((t) => t.key === 'a')!.id],
    ]);
    // a renamed key with the same techniques and assets is the same threat
    const renamed = matchThreats(first.threats, [draft('a2', 'INSIDER', { techniques: ['T1005', 'T1048'], assets: ['db'] })]);
    expect([...renamed.values()].map((t) => t.key)).toEqual(['a']);
    // … but not across categories
    expect(matchThreats(first.threats, [draft('a3', 'CLOUD', { techniques: ['T1005', 'T1048'], assets: ['db'] })]).size).toBe(0);
  });
});

describe('carrying the register forward', () => {
  const run1 = carryForward(
    undefined,
    [draft('insider:db', 'INSIDER'), draft('insider:keys', 'INSIDER', { techniques: ['T1552'] }), draft('phish', 'PHISHING', { likelihood: 4, impact: 4 })],
    org('2026-03-31'),
  );

  it('first run: numbered per category, open, with a first history entry', () => {
    expect(run1.threats.map((t) => [t.id, t.key, t.status])).toEqual([
      ['T-INSIDER-001', 'insider:db', 'open'],
      ['T-INSIDER-002', 'insider:keys', 'open'],
      ['T-PHISHING-001', 'phish', 'open'],
    ]);
    expect(run1.threats[2]).toMatchObject({ risk: 16, risk_level: 'critical', first_seen: '2026-03-31', history: [{ date: '2026-03-31', from: null, to: 'open', note: 'first identified' }] });
    expect(validateRegisterShape(run1)).toEqual([]);
  });

  const run2 = carryForward(run1, [draft('phish', 'PHISHING', { likelihood: 2, impact: 4 }), draft('insider:crm', 'INSIDER', { techniques: ['T1213'] }), draft('insider:db', 'INSIDER')], org('2026-06-30'));

  it('second run: unchanged keeps its ID, a new threat takes the next number, a vanished one is resolved with history', () => {
    const byKey = Object.fromEntries(run2.threats.map((t) => [t.key, t]));
    expect(byKey['insider:db'].id).toBe('T-INSIDER-001');
    expect(byKey['insider:db'].first_seen).toBe('2026-03-31');
    expect(byKey['insider:db'].last_seen).toBe('2026-06-30');
    expect(byKey['insider:crm'].id).toBe('T-INSIDER-003');
    expect(byKey['insider:keys']).toMatchObject({ id: 'T-INSIDER-002', status: 'resolved' });
    expect(byKey['insider:keys'].history.at(-1)).toEqual({ date: '2026-06-30', from: 'open', to: 'resolved', note: 'no longer found in the gathered context' });
    expect(byKey.phish).toMatchObject({ id: 'T-PHISHING-001', risk: 8, risk_level: 'medium' });
    expect(validateRegisterShape(run2)).toEqual([]);
  });

  it('diff: new, unchanged, updated with the fields, resolved', () => {
    expect(diffRegisters(run1, run2)).toEqual({
      new: ['T-INSIDER-003'],
      unchanged: ['T-INSIDER-001'],
      updated: [{ id: 'T-PHISHING-001', fields: ['likelihood', 'risk', 'risk_level'] }],
      resolved: ['T-INSIDER-002'],
    });
  });

  it('a resolved threat found again is reopened under its old ID; resolved ones are never deleted', () => {
    const run3 = carryForward(run2, [draft('insider:keys', 'INSIDER', { techniques: ['T1552'] })], org('2026-09-30'));
    const keys = run3.threats.find((t) => t.key === 'insider:keys')!;
    expect(keys.id).toBe('T-INSIDER-002');
    expect(keys.status).toBe('open');
    expect(keys.history.map((h) => `${h.from}->${h.to}`)).toEqual(['null->open', 'open->resolved', 'resolved->open']);
    expect(run3.threats).toHaveLength(4);
    expect(run3.threats.filter((t) => t.status === 'resolved').map((t) => t.id)).toEqual(['T-INSIDER-001', 'T-INSIDER-003', 'T-PHISHING-001']);
    const again = carryForward(run3, [], org('2026-12-31'));
    expect(again.threats.find((t) => t.id === 'T-INSIDER-001')!.history).toHaveLength(2);
  });

  it('keeps a status a person set (accepted) while the threat is still found', () => {
    const edited: Register = { ...run2, threats: run2.threats.map((t) => (t.id === 'T-PHISHING-001' ? { ...t, status: 'accepted' } : t)) };
    const next = carryForward(edited, [draft('phish', 'PHISHING')], org('2026-07-31'));
    expect(next.threats.find((t) => t.id === 'T-PHISHING-001')!.status).toBe('accepted');
  });

  it('is deterministic: the same drafts in any order give the same register', () => {
    const ds = [draft('x', 'WEB'), draft('y', 'WEB'), draft('z', 'CLOUD')];
    expect(carryForward(undefined, ds, org('2026-01-01'))).toEqual(carryForward(undefined, [...ds].reverse(), org('2026-01-01')));
  });
});

describe('hand edits to the register', () => {
  it('a status set by hand gets a history entry on the next run; owner and notes are kept', () => {
    const r1 = carryForward(undefined, [draft('phish', 'PHISHING')], org('2026-03-31'));
    const edited: Register = { ...r1, threats: r1.threats.map((t) => ({ ...t, status: 'mitigated' as const, owner: 'secops', notes: 'FIDO2 rolled out' })) };
    expect(validateRegisterShape(edited)).toEqual([]);
    const r2 = carryForward(edited, [draft('phish', 'PHISHING')], org('2026-06-30'));
    expect(r2.threats[0]).toMatchObject({ status: 'mitigated', owner: 'secops', notes: 'FIDO2 rolled out' });
    expect(r2.threats[0].history.at(-1)).toEqual({ date: '2026-06-30', from: 'open', to: 'mitigated', note: 'set by hand in the register' });
  });
});
