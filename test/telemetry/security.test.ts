import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Client } from '@modelcontextprotocol/client';
import { runTm } from '../helpers/run-tm.js';
import { call, httpClient, makeFleet, serveHttp, stdioClient, type Fleet, type Served, cleanupFleets } from './helpers.js';

afterAll(cleanupFleets);

describe('scopes, organisations and the audit chain', () => {
  let fleet: Fleet;
  let served: Served;
  const clients: Client[] = [];
  beforeAll(async () => {
    fleet = await makeFleet();
    served = await serveHttp(fleet.db, ['--rate-limit', '1000']);
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await served?.stop();
  });
  const client = async (key: keyof Fleet['keys'], name = 'sec-agent') => {
    const c = await httpClient(served.url, fleet.keys[key], 'legacy', name);
    clients.push(c);
    return c;
  };

  it('a read key sees devices, posture and aggregates, never raw events or addresses, and cannot act', async () => {
    const c = await client('read', 'reader-bot');
    expect((await call(c, 'list_devices', { limit: 3 })).items).toHaveLength(3);
    expect((await call(c, 'get_posture', { device_id: 'web-prod-03' })).risk_score).toBeGreaterThan(0);
    expect((await call(c, 'aggregate_events', { group_by: ['country'], limit: 3 })).groups).toHaveLength(3);
    expect((await call(c, 'query_flow_events', {})).error).toMatch(/^refused: .*investigate/);
    expect((await call(c, 'aggregate_events', { group_by: ['remote_ip'] })).error).toMatch(/^refused/);
    expect((await call(c, 'list_users', {})).error).toMatch(/^refused/);
    expect((await call(c, 'isolate_device', { device_id: 'web-prod-03' })).error).toMatch(/^refused: .*enforce/);
    const dev = await call(c, 'get_device', { device_id: 'web-prod-03' });
    expect(dev.isolated).toBe(false);
  });

  it('a key bound to one organisation sees only it and is refused elsewhere', async () => {
    const c = await client('globex', 'globex-bot');
    const devices = await call(c, 'list_devices', { limit: 200 });
    expect(devices.items.length).toBeGreaterThan(0);
    expect(new Set(devices.items.map((d: { org_id: string }) => d.org_id))).toEqual(new Set(['org-globex']));
    const agg = await call(c, 'aggregate_events', { group_by: ['device'], limit: 200 });
    expect(agg.groups.every((g: { device: string }) => devices.items.some((d: { id: string }) => d.id === g.device))).toBe(true);
    expect((await call(c, 'get_device', { device_id: 'web-prod-03' })).error).toMatch(/^refused: .*outside/);
    expect((await call(c, 'isolate_device', { device_id: 'web-prod-03' })).error).toMatch(/^refused: .*outside/);
    expect((await call(c, 'block_destination', { destination: '203.0.113.9', scope: 'fleet', confirm: true })).error).toMatch(/^refused/);
  });

  it('actions are idempotent, take dry_run, and fleet scope needs confirm', async () => {
    const c = await client('enforce', 'enforcer');
    const dry = await call(c, 'block_destination', { destination: '203.0.113.0/24', scope: 'org', org_id: 'org-acme', dry_run: true });
    expect(dry).toMatchObject({ outcome: 'dry_run', would_change: true });
    const first = await call(c, 'block_destination', { destination: '203.0.113.0/24', scope: 'org', org_id: 'org-acme' });
    const again = await call(c, 'block_destination', { destination: '203.0.113.0/24', scope: 'org', org_id: 'org-acme' });
    expect([first.outcome, again.outcome]).toEqual(['ok', 'noop']);
    expect(again.block_id).toBe(first.block_id);
    expect((await call(c, 'block_destination', { destination: 'evil.example', scope: 'fleet' })).error).toMatch(/confirm: true/);
    expect((await call(c, 'block_destination', { destination: 'evil.example', scope: 'fleet', confirm: true })).outcome).toBe('ok');
    const s = await call(c, 'suspend_user', { user_id: 'alice.ng' });
    expect(s).toMatchObject({ outcome: 'ok', suspended: true });
    expect(s.sessions_revoked).toBeGreaterThan(0);
    expect((await call(c, 'close_anomaly', { anomaly_id: 'anom-0004', resolution: 'contained' })).outcome).toBe('ok');
    const pol = await call(c, 'create_policy', { org_id: 'org-acme', name: 'No RDP from the internet', kind: 'firewall', rule: { port: 3389, direction: 'in', action: 'deny' } });
    expect((await call(c, 'update_policy', { policy_id: pol.policy_id, status: 'disabled' })).status).toBe('disabled');
    const dev = await call(c, 'get_device', { device_id: 'web-prod-03' });
    expect(dev.active_blocks.map((b: { destination: string }) => b.destination).sort()).toEqual(['203.0.113.0/24', 'evil.example']);
  });

  it('every action and refusal is in the audit log with key id, agent, source and full args; never the key', async () => {
    const admin = await client('admin', 'auditor');
    const log = await call(admin, 'get_audit_log', { limit: 500 });
    const refused = log.entries.filter((e: { outcome: string }) => e.outcome === 'refused');
    expect(refused.map((e: { agent: string }) => e.agent)).toContain('reader-bot/1.0.0'.replace('1.0.0', '2.0.0'));
    const iso = refused.find((e: { tool: string; agent: string }) => e.tool === 'isolate_device' && e.agent.startsWith('globex-bot'));
    expect(iso).toMatchObject({ source: 'mcp_agent', args: { device_id: 'web-prod-03' } });
    expect(iso.key_id).toMatch(/^[0-9a-f]{12}$/);
    const raw = JSON.stringify(log);
    for (const k of Object.values(fleet.keys)) expect(raw).not.toContain(k.slice(17));
    expect(log.entries.find((e: { tool: string }) => e.tool === 'suspend_user')).toMatchObject({ outcome: 'ok', args: { user_id: 'alice.ng' } });
    expect((await call(admin, 'verify_audit_log')).ok).toBe(true);
  });

  it('HTTP refuses a missing key, a foreign Origin, and an oversized body', async () => {
    const post = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"ping"}') =>
      fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer tmk_000000000000_nope' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${fleet.keys.read}`, origin: 'http://evil.example' })).status).toBe(403);
    expect(await rawStatus(served.url, { host: 'evil.example:80', authorization: `Bearer ${fleet.keys.read}` })).toBe(403);
    expect((await post({ authorization: `Bearer ${fleet.keys.read}` }, 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);
  });

  it('while the server runs, keys/audit/import exit 2 naming the process', async () => {
    for (const args of [['keys', 'list'], ['audit'], ['import', '--format', 'jsonl', 'x.jsonl']]) {
      const r = await runTm(['telemetry', ...args, '--db', fleet.db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`in use by \`tm serve telemetry --transport http\` \\(pid ${served.child.pid}`));
    }
  });

  it('audit --verify passes, then detects a tampered record (exit 1)', async () => {
    await served.stop();
    const ok = await runTm(['telemetry', 'audit', '--verify', '--db', fleet.db, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    const inst = await DuckDBInstance.create(fleet.db);
    const conn = await inst.connect();
    await conn.run(`UPDATE audit SET args = '{"device_id":"somewhere-else"}' WHERE seq = 3`);
    conn.closeSync();
    inst.closeSync();
    const bad = await runTm(['telemetry', 'audit', '--verify', '--db', fleet.db, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).broken).toMatchObject({ seq: 3 });
  });
});

/** A POST with headers fetch() will not let us set (Host). */
function rawStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
  });
}

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key spends its calls per second', async () => {
    const fleet = await makeFleet(2000);
    const served = await serveHttp(fleet.db, ['--rate-limit', '3']);
    try {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(served.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${fleet.keys.read}` }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' }).then((r) => ({ status: r.status, retry: r.headers.get('retry-after') })),
        ),
      );
      const limited = statuses.filter((s) => s.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(6);
      expect(limited[0]!.retry).toBe('1');
    } finally {
      await served.stop();
    }
  });
});

describe('stdio needs a key', () => {
  it('refuses to start without TM_API_KEY (exit 2, hint)', async () => {
    const fleet = await makeFleet(2000);
    const r = await runTm(['serve', 'telemetry', '--db', fleet.db], { env: { TM_API_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TM_API_KEY is not set/);
    const c = await stdioClient(fleet.db, fleet.keys.read, 'auto', 'modern-agent');
    expect((await call(c, 'list_devices', { limit: 1 })).items).toHaveLength(1);
    await c.close();
  });
});
