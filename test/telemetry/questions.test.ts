import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { call, makeFleet, stdioClient, type Fleet, cleanupFleets } from './helpers.js';

afterAll(cleanupFleets);

// The four questions from the issue, asked the way an assistant would, over stdio.
describe('tm serve telemetry over stdio: the investigation questions', () => {
  let fleet: Fleet;
  let c: Client;
  beforeAll(async () => {
    fleet = await makeFleet();
    c = await stdioClient(fleet.db, fleet.keys.investigate);
  });
  afterAll(async () => c?.close());

  it('lists the tools with read-only and destructive annotations', async () => {
    const { tools } = await c.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const n of ['list_devices', 'get_device', 'query_flow_events', 'query_access_events', 'aggregate_events', 'get_posture', 'list_anomalies', 'list_policies', 'get_audit_log']) expect(byName[n]?.annotations?.readOnlyHint).toBe(true);
    for (const n of ['isolate_device', 'block_destination', 'suspend_user']) expect(byName[n]?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(byName.release_device?.annotations?.destructiveHint).toBe(false);
  });

  it('how many SSH sessions: denied attempts, unique IPs, top source, the one IP that got in', async () => {
    const bf = fleet.stories.ssh_brute_force!;
    const denied = await call(c, 'aggregate_events', { group_by: ['remote_ip'], device_id: 'web-prod-03', local_port: 22, direction: 'in', action: 'deny', since: `${bf.day}T00:00:00Z`, until: `${bf.day}T23:59:59.999Z`, limit: 1 });
    expect(denied.totals.count).toBe(bf.denied_attempts);
    expect(denied.totals.unique_ips).toBe(bf.unique_ips);
    expect(denied.groups[0]).toMatchObject({ remote_ip: bf.top_source, count: bf.top_source_attempts });
    expect(denied.truncated).toBe(true);
    const allowed = await call(c, 'aggregate_events', { group_by: ['remote_ip'], device_id: 'web-prod-03', local_port: 22, direction: 'in', action: 'allow' });
    expect(allowed.groups.map((g: { remote_ip: string }) => g.remote_ip)).toEqual([bf.owner_ip]);
    const sessions = await call(c, 'query_access_events', { device_id: 'web-prod-03', method: 'ssh', result: 'success', limit: 200 });
    expect(sessions.items.length).toBe(60);
    expect(new Set(sessions.items.map((e: { source_ip: string }) => e.source_ip))).toEqual(new Set([bf.owner_ip]));
  });

  it('what is this process connecting to, and what does that host reach on this machine since when', async () => {
    const ch = fleet.stories.persistent_channel!;
    const peers = await call(c, 'aggregate_events', { group_by: ['remote_ip', 'direction'], device_id: 'db-core-01', process: 'rpcbind' });
    expect(peers.groups.map((g: { remote_ip: string }) => g.remote_ip)).toEqual([ch.remote_ip, ch.remote_ip]);
    const ports = await call(c, 'aggregate_events', { group_by: ['port', 'day'], device_id: 'db-core-01', remote_ip: ch.remote_ip, direction: 'in', order_by: 'first_seen', limit: 200 });
    expect(ports.groups[0].port).toBe(111);
    expect(ports.groups[0].first_seen.slice(0, 10)).toBe(ch.since);
    expect(new Set(ports.groups.map((g: { day: string }) => g.day)).size).toBe(21); // every night since
    expect(ports.totals.first_seen.slice(0, 10)).toBe(ch.since);
    const page1 = await call(c, 'query_flow_events', { device_id: 'db-core-01', remote_ip: ch.remote_ip, limit: 5 });
    expect(page1.items).toHaveLength(5);
    expect(page1.items[0]).toMatchObject({ country: ch.country, asn: ch.asn, process: 'rpcbind' });
    const page2 = await call(c, 'query_flow_events', { device_id: 'db-core-01', remote_ip: ch.remote_ip, limit: 5, cursor: page1.next_cursor });
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect(page2.items[0].ts <= page1.items[4].ts).toBe(true);
  });

  it('which countries does traffic come from, and which should not be there', async () => {
    const hot = fleet.stories.unexpected_country!;
    const countries = await call(c, 'aggregate_events', { group_by: ['country'], direction: 'in', limit: 10 });
    const policies = await call(c, 'list_policies', {});
    const allow = policies.items.find((p: { kind: string }) => p.kind === 'geo').rule.allow as string[];
    const unexpected = countries.groups.filter((g: { country: string | null }) => g.country && !allow.includes(g.country));
    expect(unexpected[0].country).toBe(hot.country);
  });

  it('sees the lateral movement and posture explains the risk', async () => {
    const fan = await call(c, 'aggregate_events', { group_by: ['port'], device_id: 'ws-fin-07', application: 'lateral' });
    expect(fan.groups.map((g: { port: number }) => g.port).length).toBeGreaterThan(0);
    const posture = await call(c, 'get_posture', { device_id: 'db-core-01' });
    expect(posture.factors.map((f: { factor: string }) => f.factor)).toContain('open_anomalies');
    expect(posture.risk_score).toBeGreaterThanOrEqual(40);
    const anomalies = await call(c, 'list_anomalies', { status: 'open', severity: 'critical' });
    expect(anomalies.items[0]).toMatchObject({ kind: 'persistent_inbound_channel', device_id: 'dev-00001' });
  });
});
