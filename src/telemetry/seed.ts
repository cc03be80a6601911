import { GeoDb } from './geo.js';
import { buildPool, poolRows, EXPECTED_COUNTRIES } from './seed-pool.js';
import { fleetSql, STORY_DEVICES, OWNER_USER } from './seed-fleet.js';
import { eventSql, type EventPlan } from './seed-events.js';
import type { SqlAdapter } from './sql.js';
import { inputError } from '../util/errors.js';

export interface SeedOptions {
  seed?: number;
  events?: number;
  /** last day of the window (exclusive end), YYYY-MM-DD */
  end?: string;
  days?: number;
  /** delete the existing fleet first (keys and the audit chain stay) */
  replace?: boolean;
}

export interface SeedResult {
  seed: number;
  flowEvents: number;
  accessEvents: number;
  orgs: number;
  devices: number;
  users: number;
  window: { start: string; end: string };
  stories: Record<string, unknown>;
  /** wall time of the event build, for the bench (metadata, not content) */
  elapsedMs: number;
}

const FLEET_TABLES = ['orgs', 'devices', 'users', 'sessions', 'workloads', 'flow_events', 'access_events', 'anomalies', 'posture', 'policies', 'policy_assignments', 'blocks', 'ip_geo'];

/** Plan sizes from the requested event count: stories scale with the fleet, capped at the real case. */
export function planFor(seed: number, events: number, start: string, days: number): EventPlan {
  const bfAttempts = Math.min(14_030, Math.max(300, Math.round((events * 14_030) / 10_000_000)));
  const bfSources = Math.max(20, Math.round((bfAttempts * 2_415) / 14_030));
  const hot = Math.round(events * 0.04);
  const lateral = Math.min(600, Math.max(120, Math.round(events / 2000)));
  const channelFromDay = 9;
  const stories = bfAttempts + days * 2 + (days - channelFromDay) * 3 + hot + lateral;
  const nDev = Math.min(2000, Math.max(60, Math.round(events / 5000)));
  return {
    seed, start, days, nDev, background: Math.max(0, events - stories), bfAttempts, bfSources,
    bfTop: Math.round(bfAttempts * 0.09), hot, lateral, channelFromDay, access: Math.max(500, Math.round(events / 100)), poolBg: 1, poolHot: 1,
  };
}

/**
 * Build a realistic, deterministic fleet with the four stories in it: an SSH brute force on
 * web-prod-03 with one legitimate owner IP, a nightly inbound channel to rpcbind on
 * db-core-01 from a foreign hosting provider, heavy traffic from an unexpected country, and
 * ws-fin-07 moving laterally. Events are generated inside DuckDB (range + hash).
 */
export async function seedFleet(db: SqlAdapter, opts: SeedOptions = {}): Promise<SeedResult> {
  const seed = opts.seed ?? 1;
  const events = opts.events ?? 200_000;
  const days = opts.days ?? 30;
  const end = new Date(`${opts.end ?? '2026-11-01'}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) throw inputError(`--end ${opts.end} is not a date`, { hint: 'use YYYY-MM-DD' });
  const start = new Date(end.getTime() - days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
  const existing = await db.all<{ n: number }>('SELECT count(*) AS n FROM devices');
  if (existing[0]!.n > 0) {
    if (!opts.replace) throw inputError(`the database already holds a fleet (${existing[0]!.n} devices)`, { hint: 'pass --replace to rebuild it (keys and audit stay), or use another --db' });
    for (const t of FLEET_TABLES) await db.run(`DELETE FROM ${t}`);
  }
  const plan = planFor(seed, events, start, days);
  const nUser = Math.round(plan.nDev * 1.2);
  const geo = GeoDb.load();
  const { pool, hotCountry } = buildPool(geo, seed, {
    bg: Math.min(20_000, Math.max(2_000, Math.round(events / 50))), bf: plan.bfSources, hot: Math.min(300, Math.max(20, Math.round(events / 20_000))),
  });
  plan.poolBg = pool.filter((p) => p.role === 'bg').length;
  plan.poolHot = Math.max(1, pool.filter((p) => p.role === 'hot').length);
  await db.run('CREATE OR REPLACE TEMP TABLE seed_pool (role VARCHAR, idx INTEGER, ip VARCHAR, ip_num UBIGINT, country VARCHAR, asn INTEGER, as_name VARCHAR)');
  await db.append('seed_pool', ['role', 'idx', 'ip', 'ip_num', 'country', 'asn', 'as_name'], poolRows(pool));
  await db.run('INSERT INTO ip_geo SELECT ip, ip_num, country, asn, as_name FROM seed_pool');
  // hb(): hash as a signed BIGINT, so it indexes lists and mixes with integer maths
  await db.run('CREATE OR REPLACE TEMP MACRO hb(a, b, c := 0) AS CAST(hash(a, b, c) >> 2 AS BIGINT)');
  // rows are generated, not read: their order carries no meaning, so let DuckDB write in parallel
  await db.run('SET preserve_insertion_order = false');
  const t0 = performance.now();
  for (const sql of fleetSql(seed, plan.nDev, nUser, EXPECTED_COUNTRIES)) await db.run(sql);
  for (const sql of eventSql(plan)) {
    const t = performance.now();
    await db.run(sql);
    if (process.env.TM_SEED_PROFILE) process.stderr.write(`${(performance.now() - t).toFixed(0)} ms: ${sql.slice(0, 60).replace(/\s+/g, ' ')}\n`);
  }
  const elapsedMs = performance.now() - t0;
  const c2 = pool.find((p) => p.role === 'c2')!;
  const top = pool.find((p) => p.role === 'bf')!;
  const ownerIp = pool.find((p) => p.role === 'owner')!;
  const dayIso = (d: number) => new Date(end.getTime() - (days - d) * 86_400_000).toISOString().slice(0, 10);
  const stories = {
    ssh_brute_force: { device: STORY_DEVICES.bruteForce, hostname: 'web-prod-03', day: dayIso(days - 1), denied_attempts: plan.bfAttempts, unique_ips: plan.bfSources, top_source: top.ip, top_source_attempts: plan.bfTop, owner_ip: ownerIp.ip, owner_user: OWNER_USER },
    persistent_channel: { device: STORY_DEVICES.channel, hostname: 'db-core-01', process: 'rpcbind', remote_ip: c2.ip, country: c2.country, asn: c2.asn, as_name: c2.as_name, since: dayIso(plan.channelFromDay) },
    unexpected_country: { country: hotCountry, events: plan.hot, expected: EXPECTED_COUNTRIES },
    lateral_movement: { device: STORY_DEVICES.lateral, hostname: 'ws-fin-07', day: dayIso(days - 2), events: plan.lateral },
  };
  await insertAnomalies(db, seed, stories, end.toISOString());
  await buildPosture(db, start, days);
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('seed', ?)`, [JSON.stringify({ seed, events, stories })]);
  await db.run('DROP TABLE IF EXISTS seed_pool');
  await db.run('RESET preserve_insertion_order');
  await db.run('CHECKPOINT');
  const count = async (t: string) => (await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n;
  return {
    seed, flowEvents: await count('flow_events'), accessEvents: await count('access_events'), orgs: await count('orgs'),
    devices: await count('devices'), users: await count('users'), window: { start: start.replace(' ', 'T') + 'Z', end: end.toISOString() }, stories, elapsedMs,
  };
}

async function insertAnomalies(db: SqlAdapter, seed: number, s: Record<string, Record<string, unknown>>, endIso: string): Promise<void> {
  const at = (daysBack: number) => new Date(new Date(endIso).getTime() - daysBack * 86_400_000).toISOString().slice(0, 19);
  const rows: Array<[string, string, string | null, string | null, string, string, string, unknown, string]> = [
    ['anom-0001', 'org-acme', STORY_DEVICES.bruteForce, null, 'ssh_brute_force', 'high', 'SSH brute force against web-prod-03', s.ssh_brute_force, at(0.5)],
    ['anom-0002', 'org-acme', STORY_DEVICES.channel, null, 'persistent_inbound_channel', 'critical', 'Nightly inbound connections to rpcbind from a foreign hosting provider', s.persistent_channel, at(3)],
    ['anom-0003', 'org-acme', null, null, 'unexpected_country', 'medium', `Heavy traffic from ${String(s.unexpected_country!.country)}`, s.unexpected_country, at(1)],
    ['anom-0004', 'org-acme', STORY_DEVICES.lateral, null, 'lateral_movement', 'high', 'ws-fin-07 fanned out over SMB/RDP/WinRM to internal hosts', s.lateral_movement, at(1.5)],
  ];
  for (const r of rows) {
    await db.run(`INSERT INTO anomalies VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), NULL)`, [r[0], r[1], r[2], r[3], r[4], r[5], r[6], JSON.stringify(r[7]), r[8], r[8]]);
  }
  // background noise: low-severity findings on a tenth of the devices, some already closed
  await db.run(`INSERT INTO anomalies
    SELECT 'anom-' || lpad((5 + row_number() OVER (ORDER BY id))::VARCHAR, 4, '0'), org_id, id, NULL,
      ['new_listening_port', 'rare_process', 'login_outside_hours'][hb(id, ${seed}) % 3 + 1], 'low', 'Unusual activity on ' || hostname, '{}',
      CASE WHEN hb(id, ${seed}, 1) % 3 = 0 THEN 'closed' ELSE 'open' END,
      TIMESTAMP '${at(5)}', TIMESTAMP '${at(5)}', NULL
    FROM devices WHERE hb(id, ${seed}, 2) % 10 = 0 AND id NOT IN ('dev-00000', 'dev-00001', 'dev-00002')`);
}

async function buildPosture(db: SqlAdapter, start: string, days: number): Promise<void> {
  await db.run(`INSERT INTO posture
    SELECT d.id, d.org_id, coalesce(b.base, 0), coalesce(b.last, 0),
      CASE WHEN d.patch_age_days > 30 OR NOT d.disk_encrypted THEN 'non_compliant' ELSE 'compliant' END,
      list_filter([CASE WHEN d.patch_age_days > 30 THEN 'patch_age_over_30_days' END, CASE WHEN NOT d.disk_encrypted THEN 'disk_not_encrypted' END], x -> x IS NOT NULL)
    FROM devices d LEFT JOIN (
      SELECT device_id, count(*) FILTER (WHERE ts < TIMESTAMP '${start}' + INTERVAL ${days - 1} DAY) / ${days - 1} AS base,
             count(*) FILTER (WHERE ts >= TIMESTAMP '${start}' + INTERVAL ${days - 1} DAY) AS last
      FROM flow_events GROUP BY device_id) b ON b.device_id = d.id`);
}
