/**
 * SQL for the seeded fleet's entities (orgs, devices, users, workloads, sessions, policies).
 * Everything derives from hb(i, seed), so the same --seed gives the same fleet.
 */
export const ORGS: Array<[string, string, string]> = [
  ['org-acme', 'Acme Corp', 'acme.example'],
  ['org-globex', 'Globex', 'globex.example'],
  ['org-initech', 'Initech', 'initech.example'],
  ['org-umbrella', 'Umbrella Health', 'umbrella.example'],
  ['org-hooli', 'Hooli', 'hooli.example'],
  ['org-stark', 'Stark Logistics', 'stark.example'],
];

/** Named devices the stories happen on (indices 0..2 are all in org-acme). */
export const STORY_DEVICES = { bruteForce: 'dev-00000', channel: 'dev-00001', lateral: 'dev-00002' } as const;
export const OWNER_USER = 'alice.ng';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: string[]) => `[${xs.map(q).join(',')}]`;

export function fleetSql(seed: number, nDev: number, nUser: number, expected: string[]): string[] {
  const orgs = ORGS.map(([id, name]) => `(${q(id)}, ${q(name)}, ${list(expected)})`).join(',');
  const domains = list(ORGS.map((o) => o[2]));
  const orgIds = list(ORGS.map((o) => o[0]));
  const n = ORGS.length;
  const first = list(['alice', 'bob', 'carol', 'dan', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'nia', 'oscar', 'peggy', 'rupert', 'sybil', 'trent', 'uma', 'victor', 'wendy']);
  const last = list(['ng', 'smith', 'okafor', 'garcia', 'kim', 'novak', 'silva', 'haddad', 'muller', 'rossi', 'tanaka', 'kowalski', 'brown', 'li', 'dubois']);
  return [
    `INSERT INTO orgs VALUES ${orgs}`,
    `CREATE OR REPLACE TEMP TABLE seed_dev AS
     SELECT i AS idx, 'dev-' || lpad(i::VARCHAR, 5, '0') AS id, ${orgIds}[(i % ${n}) + 1] AS org_id, i % ${n} AS org_idx,
       CASE WHEN i IN (0, 1) THEN 'server' WHEN i = 2 THEN 'workstation'
            ELSE ['server','server','workstation','workstation','laptop'][(hb(i, ${seed}, 1) % 5) + 1] END AS kind,
       '10.' || (i % ${n}) || '.' || (i // 250) || '.' || (i % 250 + 1) AS ip
     FROM range(0, ${nDev}) t(i)`,
    `INSERT INTO devices SELECT id, org_id,
       CASE idx WHEN 0 THEN 'web-prod-03' WHEN 1 THEN 'db-core-01' WHEN 2 THEN 'ws-fin-07'
         ELSE CASE kind WHEN 'server' THEN ['web','app','db','build'][(hb(idx, ${seed}, 2) % 4) + 1] WHEN 'workstation' THEN 'ws' ELSE 'lt' END || '-' || idx END,
       ip, CASE kind WHEN 'server' THEN 'ubuntu-24.04' WHEN 'workstation' THEN 'windows-11' ELSE 'macos-15' END, kind,
       'usr-' || lpad(idx::VARCHAR, 5, '0'),
       CASE WHEN idx < 2 THEN 'high' ELSE ['low','medium','high'][(hb(idx, ${seed}, 3) % 3) + 1] END,
       (hb(idx, ${seed}, 4) % 60)::INTEGER, hb(idx, ${seed}, 5) % 10 <> 0, false, NULL,
       '10.255.' || org_idx || '.' || (idx % 250 + 1)
     FROM seed_dev`,
    `INSERT INTO users SELECT 'usr-' || lpad(i::VARCHAR, 5, '0'), ${orgIds}[(i % ${nDev} % ${n}) + 1],
       CASE WHEN i = 0 THEN '${OWNER_USER}' ELSE ${first}[(hb(i, ${seed}, 6) % 20) + 1] || '.' || ${last}[(hb(i, ${seed}, 7) % 15) + 1] || (i // 300 + 1)::VARCHAR END AS name,
       NULL, ['engineer','analyst','finance','admin','sales'][(hb(i, ${seed}, 8) % 5) + 1], hb(i, ${seed}, 9) % 7 <> 0, false, NULL
     FROM range(0, ${nUser}) t(i)`,
    `UPDATE users SET email = name || '@' || ${domains}[list_position(${orgIds}, org_id)]`,
    `INSERT INTO sessions SELECT 'ses-' || lpad(i::VARCHAR, 6, '0'), 'usr-' || lpad((i % ${nUser})::VARCHAR, 5, '0'),
       'dev-' || lpad((i % ${nUser} % ${nDev})::VARCHAR, 5, '0'), TIMESTAMP '2026-10-30' + to_seconds((hb(i, ${seed}, 10) % 86400)::BIGINT), false
     FROM range(0, ${Math.round(nUser * 1.5)}) t(i)`,
    `INSERT INTO workloads SELECT 'wl-' || substr(d.id, 5), d.org_id, d.hostname || '-svc',
       CASE WHEN d.hostname LIKE 'db%' THEN 'database' WHEN d.hostname LIKE 'web%' THEN 'web-service' WHEN d.hostname LIKE 'build%' THEN 'ci-runner' ELSE 'service' END,
       d.id, CASE WHEN hb(d.id, ${seed}) % 4 = 0 THEN 'staging' ELSE 'prod' END
     FROM devices d WHERE d.kind = 'server'`,
    `INSERT INTO policies VALUES
       ('pol-0001', 'org-acme', 'Deny inbound SSH from the internet', 'firewall', '{"direction":"in","port":22,"action":"deny","except":"owner-allowlist"}', 'active', TIMESTAMP '2026-09-01', TIMESTAMP '2026-09-01'),
       ('pol-0002', 'org-acme', 'Require MFA for every user', 'identity', '{"mfa":"required"}', 'active', TIMESTAMP '2026-09-01', TIMESTAMP '2026-09-01'),
       ('pol-0003', NULL, 'Allowed countries', 'geo', '{"allow":${JSON.stringify(expected)}}', 'active', TIMESTAMP '2026-09-01', TIMESTAMP '2026-09-01')`,
    `INSERT INTO policy_assignments VALUES ('pol-0001', 'org', 'org-acme'), ('pol-0002', 'org', 'org-acme'), ('pol-0003', 'fleet', '*')`,
  ];
}
