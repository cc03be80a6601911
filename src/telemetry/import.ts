import { readFileSync, openSync, readSync, closeSync, existsSync } from 'node:fs';
import type { SqlAdapter, SqlTx } from './sql.js';
import { GeoDb, ipv4ToNum } from './geo.js';
import { inputError, type Problem } from '../util/errors.js';

export type ImportFormat = 'vpc' | 'zeek' | 'jsonl' | 'csv' | 'parquet';
export interface ImportOptions {
  format: ImportFormat;
  files: string[];
  /** the device these events belong to when no device has their local IP */
  deviceId?: string;
  /** generic formats: our column → the file's column (or a SQL expression over it) */
  mapping?: Record<string, string>;
}
export interface ImportResult {
  imported: number;
  files: number;
  problems: Problem[];
  elapsedMs: number;
}

const TARGET = ['ts', 'device_id', 'direction', 'local_ip', 'local_port', 'remote_ip', 'remote_port', 'protocol', 'action', 'bytes', 'process', 'application'] as const;
const PRIVATE = `(regexp_matches(%s, '^(10\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|127\\.|fd|fe80)'))`;
const isPrivate = (col: string) => PRIVATE.replace('%s', col);
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const PROTO = (col: string) => `CASE CAST(${col} AS VARCHAR) WHEN '6' THEN 'tcp' WHEN '17' THEN 'udp' WHEN '1' THEN 'icmp' ELSE lower(CAST(${col} AS VARCHAR)) END`;

/** A file's direction is decided per row: the private (or known device) side is local. */
function biFlow(src: string, dst: string, srcPort: string, dstPort: string): Record<string, string> {
  const out = `(${isPrivate(src)} OR ${src} IN (SELECT ip FROM devices))`;
  return {
    direction: `CASE WHEN ${out} THEN 'out' ELSE 'in' END`,
    local_ip: `CASE WHEN ${out} THEN ${src} ELSE ${dst} END`,
    remote_ip: `CASE WHEN ${out} THEN ${dst} ELSE ${src} END`,
    local_port: `CAST(CASE WHEN ${out} THEN ${srcPort} ELSE ${dstPort} END AS INTEGER)`,
    remote_port: `CAST(CASE WHEN ${out} THEN ${dstPort} ELSE ${srcPort} END AS INTEGER)`,
  };
}

function zeekFields(file: string): string[] {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(8192);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const line = buf.subarray(0, n).toString('utf8').split('\n').find((l) => l.startsWith('#fields'));
  if (!line) throw inputError(`${file}:1: not a Zeek TSV log (no #fields header)`, { hint: 'for Zeek JSON logs the format is the same (--format zeek); check the file' });
  return line.split('\t').slice(1).map((s) => s.trim());
}

/** SELECT producing the TARGET columns from one file. */
function sourceSql(format: ImportFormat, file: string, mapping: Record<string, string>, have: string[] = []): string {
  const f = q(file);
  if (format === 'vpc') {
    const m = biFlow('srcaddr', 'dstaddr', 'srcport', 'dstport');
    return `SELECT to_timestamp(CAST("start" AS BIGINT))::TIMESTAMP AS ts, NULL AS device_id, ${m.direction} AS direction, ${m.local_ip} AS local_ip, ${m.local_port} AS local_port,
      ${m.remote_ip} AS remote_ip, ${m.remote_port} AS remote_port, ${PROTO('protocol')} AS protocol, CASE action WHEN 'ACCEPT' THEN 'allow' ELSE 'deny' END AS action,
      CAST(bytes AS BIGINT) AS bytes, NULL AS process, NULL AS application
      FROM read_csv(${f}, delim = ' ', header = true, all_varchar = true, store_rejects = true, nullstr = '-') WHERE srcaddr IS NOT NULL`;
  }
  if (format === 'zeek') {
    const json = readFileSync(file, 'utf8').trimStart().startsWith('{');
    const from = json
      ? `read_json(${f}, format = 'newline_delimited', ignore_errors = true)`
      : `read_csv(${f}, delim = '\t', header = false, comment = '#', nullstr = '-', all_varchar = true, store_rejects = true, columns = {${zeekFields(file).map((c) => `${q(c)}: 'VARCHAR'`).join(', ')}})`;
    const m = biFlow('"id.orig_h"', '"id.resp_h"', '"id.orig_p"', '"id.resp_p"');
    return `SELECT to_timestamp(CAST(ts AS DOUBLE))::TIMESTAMP AS ts, NULL AS device_id, ${m.direction} AS direction, ${m.local_ip} AS local_ip, ${m.local_port} AS local_port,
      ${m.remote_ip} AS remote_ip, ${m.remote_port} AS remote_port, lower(CAST(proto AS VARCHAR)) AS protocol,
      CASE WHEN CAST(conn_state AS VARCHAR) IN ('REJ', 'S0', 'RSTOS0', 'RSTRH', 'SH', 'SHR') THEN 'deny' ELSE 'allow' END AS action,
      coalesce(TRY_CAST(orig_bytes AS BIGINT), 0) + coalesce(TRY_CAST(resp_bytes AS BIGINT), 0) AS bytes, NULL AS process, CAST(service AS VARCHAR) AS application
      FROM ${from} WHERE "id.orig_h" IS NOT NULL`;
  }
  const from =
    format === 'parquet' ? `read_parquet(${f})` : format === 'csv' ? `read_csv(${f}, header = true, store_rejects = true)` : `read_json(${f}, format = 'newline_delimited', ignore_errors = true)`;
  // a mapping value is a column name (quoted, so `when` or `dst.port` work) or an SQL expression;
  // target columns neither mapped nor present in the file are NULL
  const ident = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const col = (t: string) => {
    const m = mapping[t];
    if (m !== undefined) return have.includes(m) ? ident(m) : m;
    return have.includes(t) ? ident(t) : 'NULL';
  };
  const cols = TARGET.map((t) => {
    if (t === 'ts') return `CASE WHEN TRY_CAST(${col('ts')} AS DOUBLE) IS NOT NULL THEN to_timestamp(CAST(${col('ts')} AS DOUBLE))::TIMESTAMP ELSE CAST(${col('ts')} AS TIMESTAMP) END AS ts`;
    if (t === 'protocol') return `${PROTO(col('protocol'))} AS protocol`;
    if (t === 'local_port' || t === 'remote_port') return `TRY_CAST(${col(t)} AS INTEGER) AS ${t}`;
    if (t === 'bytes') return `TRY_CAST(${col(t)} AS BIGINT) AS bytes`;
    if (t === 'action') return `CASE WHEN lower(CAST(${col(t)} AS VARCHAR)) IN ('deny', 'reject', 'drop', 'blocked', 'block') THEN 'deny' ELSE 'allow' END AS action`;
    return `CAST(${col(t)} AS VARCHAR) AS ${t}`;
  });
  return `SELECT ${cols.join(', ')} FROM ${from}`;
}

async function columnsOf(tx: SqlTx, format: ImportFormat, file: string): Promise<string[]> {
  const from = format === 'parquet' ? `read_parquet(${q(file)})` : format === 'csv' ? `read_csv(${q(file)}, header = true)` : `read_json(${q(file)}, format = 'newline_delimited')`;
  const rows = await tx.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${from}`);
  return rows.map((r) => r.column_name);
}

/**
 * Import flow logs: each file is read by DuckDB's own readers (rejected lines are listed as
 * problems with file:line and the rest goes in), staged, geo-enriched (new remote IPs
 * looked up once each), and appended to flow_events in one transaction.
 */
let importSeq = 0;

export async function importFiles(db: SqlAdapter, opts: ImportOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const problems: Problem[] = [];
  let geo: GeoDb | null = null;
  // Staging commits in its own transaction: DuckDB scans rows written earlier in the same
  // transaction on one thread, so the big INSERT below ran single-threaded when both shared
  // one. The staging table is a connection-local temp table (named per import, since a
  // server may run two imports one after the other on its writer connection); the store
  // itself changes only in the second transaction, all or nothing as before.
  const stg = `stg_${process.pid}_${++importSeq}`;
  await db.transaction(async (tx) => {
    await tx.run(`CREATE OR REPLACE TEMP TABLE ${stg} (ts TIMESTAMP, device_id VARCHAR, direction VARCHAR, local_ip VARCHAR, local_port INTEGER, remote_ip VARCHAR, remote_port INTEGER, protocol VARCHAR, action VARCHAR, bytes BIGINT, process VARCHAR, application VARCHAR)`);
    for (const file of opts.files) {
      if (!existsSync(file)) {
        problems.push({ file, error: 'no such file' });
        continue;
      }
      try {
        if (opts.format === 'jsonl' || opts.format === 'csv' || opts.format === 'parquet') {
          const have = await columnsOf(tx, opts.format, file);
          const needed = ['ts', 'remote_ip'].filter((t) => !have.includes(opts.mapping?.[t] ?? t) && !(opts.mapping?.[t] && !/^[\w.]+$/.test(opts.mapping[t]!)));
          if (needed.length) throw new Error(`no column for ${needed.join(', ')} (file columns: ${have.join(', ')}); map one with --map ${needed[0]}=<column>`);
          await tx.run(`INSERT INTO ${stg} ${sourceSql(opts.format, file, opts.mapping ?? {}, have)}`);
        } else {
          await tx.run(`INSERT INTO ${stg} ${sourceSql(opts.format, file, opts.mapping ?? {})}`);
        }
        if (opts.format !== 'parquet') {
          const rej = await tx.all<{ line: number; error_message: string }>(`SELECT line, first(error_message ORDER BY length(error_message), error_message) AS error_message FROM reject_errors GROUP BY line ORDER BY line`).catch(() => []);
          for (const r of rej) problems.push({ file, line: Number(r.line), error: String(r.error_message).split('\n')[0]! });
          await tx.run('DROP TABLE IF EXISTS reject_errors').catch(() => undefined);
          await tx.run('DROP TABLE IF EXISTS reject_scans').catch(() => undefined);
        }
      } catch (err) {
        problems.push({ file, error: (err instanceof Error ? err.message : String(err)).split('\n')[0]! });
      }
    }
  });
  const mark = (what: string) => process.env.TM_IMPORT_PROFILE && process.stderr.write(`${(performance.now() - t0).toFixed(0)} ms ${what}\n`);
  mark('staged');
  const imported = await db.transaction(async (tx) => {
    const [counts] = await tx.all<{ n: number; bad: number }>(`SELECT count(*) AS n, count(*) FILTER (WHERE ts IS NULL OR remote_ip IS NULL) AS bad FROM ${stg}`);
    const bad = Number(counts!.bad);
    if (bad > 0) problems.push({ file: opts.files.join(','), error: `${bad} rows without a time or remote address were skipped` });
    const fresh = await tx.all<{ ip: string }>(`SELECT DISTINCT remote_ip AS ip FROM ${stg} WHERE ts IS NOT NULL AND remote_ip IS NOT NULL AND remote_ip NOT IN (SELECT ip FROM ip_geo) ORDER BY ip`);
    if (fresh.length) {
      geo ??= GeoDb.load();
      const rows = fresh.map(({ ip }) => {
        const g = geo!.lookup(ip);
        return [ip, ipv4ToNum(ip), g.country, g.asn, g.as_name];
      });
      // one JSON parameter unnested by DuckDB: a placeholder per field cost ~45 µs a row
      await tx.run(`INSERT INTO ip_geo SELECT r->>0, r->>1, r->>2, r->>3, r->>4 FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`, [JSON.stringify(rows)]);
    }
    mark('geo');
    const device = opts.deviceId ? q(opts.deviceId) : 'NULL';
    const [dev] = opts.deviceId ? await tx.all<{ org_id: string }>('SELECT org_id FROM devices WHERE id = ?', [opts.deviceId]) : [];
    const devOrg = dev?.org_id ? q(dev.org_id) : 'NULL';
    // ids continue after the store's last one; the two bounds are read first so the INSERT
    // itself has no scalar subqueries (a cross product with them kept the write on one thread)
    const [{ base }] = (await tx.all<{ base: number }>(`SELECT (SELECT coalesce(max(id), -1) FROM flow_events) + 1 - (SELECT coalesce(min(rowid), 0) FROM ${stg}) AS base`)) as [{ base: number }];
    await tx.run(`INSERT INTO flow_events
      SELECT ${Number(base)} + s.rowid, s.ts,
        coalesce(d.org_id, ${devOrg}), coalesce(s.device_id, d.id, ${device}, 'ip:' || s.local_ip), s.direction, s.local_ip, s.local_port,
        s.remote_ip, g.ip_num, s.remote_port, s.protocol, s.action, s.bytes, s.process, s.application, g.country, g.asn, g.as_name
      FROM ${stg} s LEFT JOIN devices d ON d.ip = s.local_ip LEFT JOIN ip_geo g ON g.ip = s.remote_ip
      WHERE s.ts IS NOT NULL AND s.remote_ip IS NOT NULL`);
    mark('inserted');
    return Number(counts!.n) - bad;
  }).finally(() => db.run(`DROP TABLE IF EXISTS ${stg}`));
  return { imported, files: opts.files.length, problems, elapsedMs: performance.now() - t0 };
}
