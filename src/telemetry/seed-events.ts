import { STORY_DEVICES, OWNER_USER } from './seed-fleet.js';

/** Sizes and times every seeded event table is built from. */
export interface EventPlan {
  seed: number;
  /** first instant of the window, ISO */
  start: string;
  days: number;
  nDev: number;
  background: number;
  /** brute-force denied attempts, their distinct sources, and the top source's share */
  bfAttempts: number;
  bfSources: number;
  bfTop: number;
  hot: number;
  lateral: number;
  channelFromDay: number;
  access: number;
  /** how many background and hot-country addresses the pool holds */
  poolBg: number;
  poolHot: number;
}

const US_PER_DAY = 86_400_000_000;
const ts = (start: string, us: string) => `TIMESTAMP '${start}' + to_microseconds((${us})::BIGINT)`;
/**
 * `round(i * step)` with step rounded to 6 decimals, in integer maths: a DECIMAL product per
 * row cost more than the rest of the row. i * step in micro-units overflows BIGINT at 10 M
 * rows, so the step is split into whole and millionth parts.
 */
function spread(i: string, step: number): string {
  const micro = Math.round(Number(step.toFixed(6)) * 1e6);
  const whole = Math.floor(micro / 1e6);
  return `${i} * ${whole} + (${i} * ${micro - whole * 1e6} + 500000) // 1000000`;
}
/** a pool lookup: geo columns of pool row (role, idx) */
const geoCols = 'p.ip, p.ip_num';
const FLOW_COLS = 'id, ts, org_id, device_id, direction, local_ip, local_port, remote_ip, remote_ip_num, remote_port, protocol, action, bytes, process, application, country, asn, as_name';

/**
 * The event SQL. Every row comes from range() and hb(i, seed), never a JS loop, so ten
 * million events build at DuckDB speed. Each story is its own INSERT with its own id range.
 */
export function eventSql(p: EventPlan): string[] {
  const S = p.seed;
  const span = p.days * US_PER_DAY;
  const lastDay = (p.days - 1) * US_PER_DAY;
  let id = 0;
  const ids = (n: number) => {
    const base = id;
    id += n;
    return base;
  };
  const bg = ids(p.background);
  const bf = ids(p.bfAttempts);
  const own = ids(p.days * 2);
  const ch = ids((p.days - p.channelFromDay) * 3);
  const hot = ids(p.hot);
  const lat = ids(p.lateral);
  // services weighted to 100 slots; slot k is picked by hash. The brute-forced host gets no
  // background inbound SSH so its story numbers are exact.
  const services: Array<[string, number, string, string, string, string, number]> = [
    ['out', 443, 'tcp', 'chrome', 'https', 'allow', 30], ['out', 443, 'tcp', 'python3', 'https', 'allow', 5],
    ['out', 443, 'tcp', 'slack', 'https', 'allow', 5], ['out', 443, 'tcp', 'svchost.exe', 'windows-update', 'allow', 5],
    ['out', 80, 'tcp', 'apt', 'http', 'allow', 5], ['out', 53, 'udp', 'systemd-resolved', 'dns', 'allow', 20],
    ['out', 123, 'udp', 'chronyd', 'ntp', 'allow', 4], ['out', 22, 'tcp', 'ssh', 'ssh', 'allow', 3],
    ['out', 8080, 'tcp', 'java', 'http-alt', 'allow', 3], ['in', 443, 'tcp', 'nginx', 'https', 'allow', 12],
    ['in', 80, 'tcp', 'nginx', 'http', 'allow', 2], ['in', 3389, 'tcp', 'svchost.exe', 'rdp', 'deny', 2],
    ['in', 22, 'tcp', 'sshd', 'ssh', 'deny', 4],
  ];
  const slots = services.flatMap(([d, port, proto, proc, app, act, w]) => Array.from({ length: w }, () => `'${d}', ${port}, '${proto}', '${proc}', '${app}', '${act}'`)).map((v, k) => `(${k}, ${v})`);
  const sshIn = slots.length - 4;
  const svc = `CREATE OR REPLACE TEMP TABLE seed_svc AS
    SELECT k::BIGINT AS k, direction, port, protocol, process, application, action FROM (VALUES ${slots.join(', ')}) s(k, direction, port, protocol, process, application, action)`;
  const nbg = p.poolBg;
  const background = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${bg} + i, ${ts(p.start, spread('i', span / Math.max(1, p.background)))}, d.org_id, d.id, s.direction, d.ip,
      CASE WHEN s.direction = 'in' THEN s.port ELSE 32768 + (h2 % 28000) END, ${geoCols},
      CASE WHEN s.direction = 'in' THEN 32768 + (h2 % 28000) ELSE s.port END, s.protocol,
      CASE WHEN s.direction = 'out' AND (h2 >> 40) % 100 < 2 THEN 'deny' ELSE s.action END,
      CASE WHEN s.action = 'deny' THEN 60 + (h2 >> 8) % 80 ELSE 200 + (h2 >> 8) % 250000 END, s.process, s.application, p.country, p.asn, p.as_name
    FROM (SELECT i, hb(i, ${S}) AS h1, hb(i, ${S}, 7) AS h2 FROM range(0, ${p.background}) t(i)) g
    JOIN seed_dev d ON d.idx = CASE WHEN g.h1 % ${p.nDev} = 0 AND (g.h1 >> 32) % 100 >= ${sshIn} THEN 1 ELSE g.h1 % ${p.nDev} END
    JOIN seed_svc s ON s.k = (g.h1 >> 32) % 100
    JOIN seed_bg p ON p.idx = g.h2 % ${nbg}`;
  const bruteForce = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${bf} + i, ${ts(p.start, `${lastDay} + hb(i, ${S}, 11) % ${US_PER_DAY}`)}, d.org_id, d.id, 'in', d.ip, 22, ${geoCols},
      32768 + hb(i, ${S}, 12) % 28000, 'tcp', 'deny', 60 + hb(i, ${S}, 13) % 90, 'sshd', 'ssh', p.country, p.asn, p.as_name
    FROM range(0, ${p.bfAttempts}) t(i)
    JOIN seed_dev d ON d.id = '${STORY_DEVICES.bruteForce}'
    JOIN seed_pool p ON p.role = 'bf' AND p.idx = CASE WHEN i < ${p.bfTop} THEN 0 ELSE 1 + (i - ${p.bfTop}) % ${Math.max(1, p.bfSources - 1)} END`;
  const ownerTimes = `SELECT i, ${ts(p.start, `(i // 2) * ${US_PER_DAY} + (8 + (i % 2) * 5) * 3600000000 + hb(i, ${S}, 14) % 3600000000`)} AS t FROM range(0, ${p.days * 2}) r(i)`;
  const owner = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${own} + i, t, d.org_id, d.id, 'in', d.ip, 22, ${geoCols}, 32768 + hb(i, ${S}, 15) % 28000, 'tcp', 'allow',
      50000 + hb(i, ${S}, 16) % 5000000, 'sshd', 'ssh', p.country, p.asn, p.as_name
    FROM (${ownerTimes}) o JOIN seed_dev d ON d.id = '${STORY_DEVICES.bruteForce}' JOIN seed_pool p ON p.role = 'owner'`;
  const ownerAccess = `INSERT INTO access_events
    SELECT ${own} + i, t, d.org_id, d.id, 'ssh', '${OWNER_USER}', p.ip, p.ip_num, 'success', p.country, p.asn, p.as_name
    FROM (${ownerTimes}) o JOIN seed_dev d ON d.id = '${STORY_DEVICES.bruteForce}' JOIN seed_pool p ON p.role = 'owner'`;
  // the persistent channel: every night since channelFromDay, the hosting-provider peer
  // connects to rpcbind twice and rpcbind calls back out once
  const channel = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${ch} + i, ${ts(p.start, `(${p.channelFromDay} + i // 3) * ${US_PER_DAY} + (2 * 60 + 17) * 60000000::BIGINT + (i % 3) * 240000000::BIGINT + hb(i, ${S}, 17) % 60000000::BIGINT`)},
      d.org_id, d.id, CASE WHEN i % 3 = 2 THEN 'out' ELSE 'in' END, d.ip,
      CASE WHEN i % 3 = 2 THEN 40000 + hb(i, ${S}, 18) % 20000 ELSE 111 END, ${geoCols},
      CASE WHEN i % 3 = 2 THEN 443 ELSE 40000 + hb(i, ${S}, 19) % 20000 END, 'tcp', 'allow',
      CASE WHEN i % 3 = 2 THEN 50000 + hb(i, ${S}, 20) % 150000 ELSE 2000 + hb(i, ${S}, 21) % 8000 END,
      'rpcbind', CASE WHEN i % 3 = 2 THEN 'https' ELSE 'sunrpc' END, p.country, p.asn, p.as_name
    FROM range(0, ${(p.days - p.channelFromDay) * 3}) t(i)
    JOIN seed_dev d ON d.id = '${STORY_DEVICES.channel}' JOIN seed_pool p ON p.role = 'c2'`;
  const nhot = p.poolHot;
  const hotSql = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${hot} + i, ${ts(p.start, `h % ${span}`)}, d.org_id, d.id, CASE WHEN h % 10 < 7 THEN 'in' ELSE 'out' END, d.ip,
      CASE WHEN h % 10 < 7 THEN [22, 443, 3389, 445, 8080][(h >> 8) % 5 + 1] ELSE 32768 + (h >> 8) % 28000 END, ${geoCols},
      CASE WHEN h % 10 < 7 THEN 32768 + (h >> 16) % 28000 ELSE 443 END, 'tcp',
      CASE WHEN h % 10 < 7 AND (h >> 8) % 5 <> 1 THEN 'deny' ELSE 'allow' END, 100 + (h >> 12) % 40000,
      CASE WHEN h % 10 < 7 THEN 'kernel' ELSE 'chrome' END, CASE WHEN h % 10 < 7 THEN 'unknown' ELSE 'https' END, p.country, p.asn, p.as_name
    FROM (SELECT i, hb(i, ${S}, 22) AS h FROM range(0, ${p.hot}) t(i)) g
    JOIN seed_dev d ON d.idx = 1 + (h >> 40) % ${p.nDev - 1}
    JOIN seed_pool p ON p.role = 'hot' AND p.idx = (h >> 20) % ${nhot}`;
  const targets = Math.max(1, Math.min(40, Math.floor((p.nDev - 1) / 6) - 1));
  const lateral = `INSERT INTO flow_events (${FLOW_COLS})
    SELECT ${lat} + i, ${ts(p.start, `${(p.days - 2) * US_PER_DAY} + 13 * 3600000000 + i * ${Math.floor((2 * 3600e6) / Math.max(1, p.lateral))}`)},
      s.org_id, s.id, 'out', s.ip, 49152 + hb(i, ${S}, 23) % 16000, tg.ip, NULL, [445, 3389, 22, 5985][hb(i, ${S}, 24) % 4 + 1], 'tcp',
      CASE WHEN hb(i, ${S}, 25) % 10 < 6 THEN 'allow' ELSE 'deny' END, 200 + hb(i, ${S}, 26) % 20000,
      ['powershell.exe', 'psexec.exe', 'wmic.exe'][hb(i, ${S}, 27) % 3 + 1], 'lateral', NULL, NULL, NULL
    FROM range(0, ${p.lateral}) t(i)
    JOIN seed_dev s ON s.id = '${STORY_DEVICES.lateral}'
    JOIN seed_dev tg ON tg.idx = 6 * (1 + hb(i, ${S}, 28) % ${targets})`;
  const access = `INSERT INTO access_events
    SELECT ${id} + i, ${ts(p.start, `hb(i, ${S}, 29) % ${span}`)}, d.org_id, d.id,
      CASE dv.os WHEN 'ubuntu-24.04' THEN 'ssh' WHEN 'windows-11' THEN ['interactive','rdp'][hb(i, ${S}, 30) % 2 + 1] ELSE 'interactive' END,
      u.name, '10.' || d.org_idx || '.200.' || (hb(i, ${S}, 31) % 250 + 1), NULL,
      CASE WHEN hb(i, ${S}, 32) % 100 < 95 THEN 'success' ELSE 'failure' END, NULL, NULL, NULL
    FROM range(0, ${p.access}) t(i)
    JOIN seed_dev d ON d.idx = 1 + hb(i, ${S}, 33) % ${p.nDev - 1}
    JOIN devices dv ON dv.id = d.id
    JOIN users u ON u.id = dv.owner_user_id`;
  // a single-key join on a table of just the background peers is markedly faster than a two-key one
  const bgPool = `CREATE OR REPLACE TEMP TABLE seed_bg AS SELECT idx::BIGINT AS idx, ip, ip_num, country, asn, as_name FROM seed_pool WHERE role = 'bg'`;
  return [svc, bgPool, background, bruteForce, owner, ownerAccess, channel, hotSql, lateral, access];
}
