import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/telemetry/store.js';
import { seedFleet } from '../../src/telemetry/seed.js';
import { createTelemetryServer } from '../../src/servers/telemetry/server.js';
import { McpPool } from '../../src/gather/mcp/pool.js';
import { gatherContext } from '../../src/gather/mcp/discover.js';
import { inProcess } from './standins.js';

describe('telemetry role against the real `tm serve telemetry` tools (in-process)', () => {
  it('gathers devices and anomalies with a read-scope key', async () => {
    const store = await openStore(join(mkdtempSync(join(tmpdir(), 'tm-org-tel-')), 't.duckdb'), 'test');
    try {
      await seedFleet(store.db, { seed: 3, events: 2000, end: '2026-06-30' });
      const server = createTelemetryServer({ db: store.db, principal: { keyId: 'k', name: 'org-test', scope: 'read', orgs: null } });
      const pool = await McpPool.connect([await inProcess('telemetry', server)], { timeoutMs: 10_000 });
      try {
        const ctx = await gatherContext(pool, { roles: { telemetry: 'telemetry' } }, '2026-06-30');
        expect(ctx.roles.find((r) => r.role === 'telemetry')).toMatchObject({ server: 'telemetry', adapter: 'tm-telemetry' });
        expect(ctx.warnings.filter((w) => w.startsWith('telemetry/'))).toEqual([]);
        expect(ctx.devices.length).toBeGreaterThan(10);
        expect(ctx.devices[0]).toMatchObject({ id: expect.any(String), hostname: expect.any(String), os: expect.any(String) });
        expect(ctx.devices.some((d) => d.criticality === 'high')).toBe(true);
        expect(ctx.anomalies.length).toBeGreaterThan(0);
        expect(ctx.anomalies[0].ev).toMatchObject({ server: 'telemetry', tool: 'list_anomalies', arguments: { limit: 200 } });
      } finally {
        await pool.close();
      }
    } finally {
      await store.close();
    }
  });
});
