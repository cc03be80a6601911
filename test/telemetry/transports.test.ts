import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, SSEClientTransport } from '@modelcontextprotocol/client';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/run-tm.js';
import { call, httpClient, makeFleet, serveHttp, type Fleet, type Served, cleanupFleets } from './helpers.js';

afterAll(cleanupFleets);

describe('Streamable HTTP: both protocol revisions, live events', () => {
  let fleet: Fleet;
  let served: Served;
  beforeAll(async () => {
    fleet = await makeFleet(5000);
    served = await serveHttp(fleet.db);
  });
  afterAll(async () => served?.stop());

  it('a 2026-07-28 client (per-request envelope) and a 2025-11-25 client both work, and the audit names each agent', async () => {
    const modern = await httpClient(served.url, fleet.keys.enforce, 'auto', 'modern-agent');
    const legacy = await httpClient(served.url, fleet.keys.enforce, 'legacy', 'legacy-agent');
    expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(legacy.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    expect((await call(modern, 'isolate_device', { device_id: 'web-prod-03' })).outcome).toBe('ok');
    expect((await call(legacy, 'release_device', { device_id: 'web-prod-03' })).outcome).toBe('ok');
    const admin = await httpClient(served.url, fleet.keys.admin, 'auto', 'auditor');
    const log = await call(admin, 'get_audit_log', { limit: 2 });
    expect(log.entries.map((e: { agent: string; tool: string }) => [e.tool, e.agent])).toEqual([
      ['release_device', 'legacy-agent/2.0.0'],
      ['isolate_device', 'modern-agent/2.0.0'],
    ]);
    for (const c of [modern, legacy, admin]) await c.close();
  });

  it('follow_events streams new events as they arrive (progress notifications over SSE)', async () => {
    const watcher = await httpClient(served.url, fleet.keys.investigate, 'legacy', 'watcher');
    const admin = await httpClient(served.url, fleet.keys.admin, 'legacy', 'importer');
    const batches: string[] = [];
    const following = watcher.callTool({ name: 'follow_events', arguments: { duration_s: 4, poll_ms: 200, direction: 'in' } }, { onprogress: (p) => void batches.push(String(p.message)) });
    await new Promise((r) => setTimeout(r, 500));
    const imported = await call(admin, 'import_events', { format: 'vpc', path: join(REPO_ROOT, 'test/fixtures/telemetry/vpc.log') });
    expect(imported.imported).toBe(4);
    const res = (await following) as { content: Array<{ text: string }> };
    const summary = JSON.parse(res.content[0]!.text);
    expect(summary.events).toBe(2); // the two inbound REJECTs
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(batches[0]!).events[0]).toMatchObject({ remote_ip: '185.220.101.4', local_port: 22, action: 'deny' });
    await watcher.close();
    await admin.close();
  });
});

describe('--stateless and --transport sse', () => {
  it('stateless answers each POST on its own, for both revisions; GET is 405', async () => {
    const fleet = await makeFleet(2000);
    const served = await serveHttp(fleet.db, ['--stateless']);
    try {
      for (const mode of ['auto', 'legacy'] as const) {
        const c = await httpClient(served.url, fleet.keys.read, mode);
        expect((await call(c, 'list_devices', { limit: 2 })).items).toHaveLength(2);
        await c.close();
      }
      const get = await fetch(served.url, { headers: { authorization: `Bearer ${fleet.keys.read}`, accept: 'text/event-stream' } });
      expect(get.status).toBe(405);
    } finally {
      await served.stop();
    }
  });

  it('the old HTTP+SSE transport serves clients that still need it', async () => {
    const fleet = await makeFleet(2000);
    const served = await serveHttp(fleet.db, ['--transport', 'sse']);
    try {
      const c = new Client({ name: 'old-client', version: '0.9' });
      await c.connect(new SSEClientTransport(new URL(served.url.replace(/\/mcp$/, '/sse')), { authProvider: { token: async () => fleet.keys.investigate } }));
      const page = await call(c, 'query_flow_events', { device_id: 'web-prod-03', local_port: 22, limit: 3 });
      expect(page.items).toHaveLength(3);
      await c.close();
      const noKey = await fetch(served.url.replace(/\/mcp$/, '/sse'));
      expect(noKey.status).toBe(401);
    } finally {
      await served.stop();
    }
  });
});
