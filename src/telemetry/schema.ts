import type { SqlAdapter } from './sql.js';

/** Bumped when the DDL changes in a way older files need migrating for. */
export const SCHEMA_VERSION = 1;

/**
 * The store's tables. Event tables carry their geo enrichment (country, ASN, network name)
 * denormalised: the questions analysts ask filter and group on them over millions of rows,
 * and a join per query would cost more than the bytes. Big tables have no primary keys
 * (DuckDB builds an index per key, which slows bulk loads); small state tables do.
 */
export const DDL = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS orgs (id VARCHAR PRIMARY KEY, name VARCHAR, expected_countries VARCHAR[]);
CREATE TABLE IF NOT EXISTS devices (
  id VARCHAR PRIMARY KEY, org_id VARCHAR, hostname VARCHAR, ip VARCHAR, os VARCHAR, kind VARCHAR,
  owner_user_id VARCHAR, criticality VARCHAR, patch_age_days INTEGER, disk_encrypted BOOLEAN,
  isolated BOOLEAN DEFAULT false, isolated_at TIMESTAMP, management_ip VARCHAR);
CREATE TABLE IF NOT EXISTS users (
  id VARCHAR PRIMARY KEY, org_id VARCHAR, name VARCHAR, email VARCHAR, role VARCHAR, mfa BOOLEAN,
  suspended BOOLEAN DEFAULT false, suspended_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS sessions (id VARCHAR PRIMARY KEY, user_id VARCHAR, device_id VARCHAR, started_at TIMESTAMP, revoked BOOLEAN DEFAULT false);
CREATE TABLE IF NOT EXISTS workloads (id VARCHAR PRIMARY KEY, org_id VARCHAR, name VARCHAR, kind VARCHAR, device_id VARCHAR, env VARCHAR);
CREATE SEQUENCE IF NOT EXISTS flow_seq;
CREATE TABLE IF NOT EXISTS flow_events (
  id BIGINT, ts TIMESTAMP, org_id VARCHAR, device_id VARCHAR, direction VARCHAR,
  local_ip VARCHAR, local_port INTEGER, remote_ip VARCHAR, remote_ip_num UBIGINT, remote_port INTEGER,
  protocol VARCHAR, action VARCHAR, bytes BIGINT, process VARCHAR, application VARCHAR,
  country VARCHAR, asn INTEGER, as_name VARCHAR);
CREATE TABLE IF NOT EXISTS access_events (
  id BIGINT, ts TIMESTAMP, org_id VARCHAR, device_id VARCHAR, method VARCHAR, user_name VARCHAR,
  source_ip VARCHAR, source_ip_num UBIGINT, result VARCHAR, country VARCHAR, asn INTEGER, as_name VARCHAR);
CREATE TABLE IF NOT EXISTS anomalies (
  id VARCHAR PRIMARY KEY, org_id VARCHAR, device_id VARCHAR, user_id VARCHAR, kind VARCHAR, severity VARCHAR,
  title VARCHAR, detail VARCHAR, status VARCHAR, created_at TIMESTAMP, updated_at TIMESTAMP, resolution VARCHAR);
CREATE TABLE IF NOT EXISTS posture (
  device_id VARCHAR PRIMARY KEY, org_id VARCHAR, baseline_daily_flows DOUBLE, last_day_flows DOUBLE,
  compliance VARCHAR, compliance_failures VARCHAR[]);
CREATE TABLE IF NOT EXISTS policies (
  id VARCHAR PRIMARY KEY, org_id VARCHAR, name VARCHAR, kind VARCHAR, rule VARCHAR, status VARCHAR,
  created_at TIMESTAMP, updated_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS policy_assignments (policy_id VARCHAR, target_kind VARCHAR, target_id VARCHAR);
CREATE TABLE IF NOT EXISTS blocks (
  id VARCHAR PRIMARY KEY, scope VARCHAR, org_id VARCHAR, device_id VARCHAR, destination VARCHAR, dest_kind VARCHAR,
  created_at TIMESTAMP, audit_seq BIGINT);
CREATE TABLE IF NOT EXISTS actions (
  audit_seq BIGINT PRIMARY KEY, tool VARCHAR, target VARCHAR, change VARCHAR, ts TIMESTAMP);
CREATE TABLE IF NOT EXISTS api_keys (
  id VARCHAR PRIMARY KEY, name VARCHAR, key_hash VARCHAR, scope VARCHAR, orgs VARCHAR[],
  created_at TIMESTAMP, revoked_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS audit (
  seq BIGINT PRIMARY KEY, ts VARCHAR, key_id VARCHAR, agent VARCHAR, source VARCHAR, tool VARCHAR,
  args VARCHAR, outcome VARCHAR, result VARCHAR, prev_hash VARCHAR, hash VARCHAR);
CREATE TABLE IF NOT EXISTS ip_geo (ip VARCHAR, ip_num UBIGINT, country VARCHAR, asn INTEGER, as_name VARCHAR);
`;

export async function ensureSchema(db: SqlAdapter): Promise<void> {
  for (const stmt of DDL.split(';').map((s) => s.trim()).filter(Boolean)) await db.run(stmt);
  await db.run(`INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)`, [String(SCHEMA_VERSION)]);
}
