import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/telemetry/store.js';
import { seedFleet } from '../../src/telemetry/seed.js';
import { verifyAudit } from '../../src/telemetry/audit.js';

async function fingerprint(seed: number) {
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'tm-seed-')), 't.duckdb'), 'test');
  try {
    const r = await seedFleet(store.db, { seed, events: 5000 });
    const rows = await store.db.all<{ h: string }>(`SELECT CAST(sum(hash(id, ts, device_id, remote_ip, local_port, action, bytes, country)) AS VARCHAR) AS h FROM flow_events`);
    const { elapsedMs: _t, ...body } = r;
    return { body, h: rows[0]!.h, audit: await verifyAudit(store.db) };
  } finally {
    await store.close();
  }
}

describe('tm telemetry seed', () => {
  it('is deterministic: the same seed gives the same fleet, another seed a different one', async () => {
    const [a, b, c] = [await fingerprint(7), await fingerprint(7), await fingerprint(8)];
    expect(a).toEqual(b);
    expect(c.h).not.toBe(a.h);
    expect(a.body.flowEvents).toBe(5000);
    expect(a.audit).toMatchObject({ ok: true, entries: 0 });
    const bf = a.body.stories.ssh_brute_force as Record<string, number>;
    expect(bf.denied_attempts).toBe(300);
    expect(bf.unique_ips).toBe(52);
  });
});
