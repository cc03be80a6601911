import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTm, REPO_ROOT } from '../helpers/run-tm.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { rows } from './helpers.js';

const F = (name: string) => join(REPO_ROOT, 'test/fixtures/telemetry', name);

describe('tm telemetry import', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'tm-imp-')), 't.duckdb');

  it('AWS VPC flow logs: direction from the private side, REJECT → deny, NODATA skipped, a bad line named file:line (exit 2), the rest imported', async () => {
    const r = await runTm(['telemetry', 'import', '--db', db, '--format', 'vpc', F('vpc.log'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vpc\.log:7: /);
    expect(JSON.parse(r.stdout).imported).toBe(4);
    const got = await rows(db, `SELECT direction, local_ip, local_port, remote_ip, protocol, action, country, asn, as_name FROM flow_events WHERE remote_ip = '185.220.101.4' ORDER BY ts`);
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({ direction: 'in', local_ip: '10.0.0.1', local_port: 22, protocol: 'tcp', action: 'deny' });
    expect(got[0]!.country).toMatch(/^[A-Z]{2}$/); // enriched offline
    expect(typeof got[0]!.asn).toBe('number');
  });

  it('Zeek conn.log as TSV and as JSON', async () => {
    const r = await runTm(['telemetry', 'import', '--db', db, '--format', 'zeek', F('zeek-conn.log'), F('zeek-conn.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).imported).toBe(5);
    const rej = await rows(db, `SELECT direction, local_port, action, application FROM flow_events WHERE remote_ip = '45.155.205.233' ORDER BY ts`);
    expect(rej).toEqual([
      { direction: 'in', local_port: 22, action: 'deny', application: null },
      { direction: 'in', local_port: 3389, action: 'deny', application: null },
    ]);
    const ssl = await rows(db, `SELECT bytes, application FROM flow_events WHERE local_ip = '10.0.0.7' AND remote_port = 443`);
    expect(ssl).toEqual([{ bytes: 9500n, application: 'ssl' }]);
  });

  it('generic CSV with a column mapping, JSON lines by our own names, Parquet', async () => {
    const map = ['ts=when', 'local_ip=src', 'remote_ip=dst', 'remote_port=dport', 'local_port=sport', 'protocol=proto', 'action=verdict', 'bytes=size', 'process=exe', "direction='out'"].flatMap((m) => ['--map', m]);
    const csv = await runTm(['telemetry', 'import', '--db', db, '--format', 'csv', F('flows.csv'), ...map, '--json']);
    expect(csv.code).toBe(0);
    expect(JSON.parse(csv.stdout).imported).toBe(3);
    const unmapped = await runTm(['telemetry', 'import', '--db', db, '--format', 'csv', F('flows.csv')]);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/no column for ts, remote_ip .*--map ts=<column>/);
    const jsonl = await runTm(['telemetry', 'import', '--db', db, '--format', 'jsonl', F('flows.jsonl'), '--json']);
    expect(JSON.parse(jsonl.stdout).imported).toBe(2);
    const pq = join(db, '..', 'flows.parquet');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(`COPY (SELECT * FROM read_json('${F('flows.jsonl')}')) TO '${pq}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    const parquet = await runTm(['telemetry', 'import', '--db', db, '--format', 'parquet', pq, '--json']);
    expect(JSON.parse(parquet.stdout).imported).toBe(2);
    const nc = await rows(db, `SELECT process, action, remote_port FROM flow_events WHERE remote_ip = '203.0.113.50'`);
    expect(nc).toEqual([{ process: 'nc', action: 'deny', remote_port: 4444 }]);
    expect((await rows(db, `SELECT count(*) AS n FROM flow_events WHERE process = 'dig'`))[0]!.n).toBe(2n);
    // ids continue from the events already there, one per event
    expect((await rows(db, 'SELECT min(id) AS lo, max(id) AS hi, count(*) AS n, count(DISTINCT id) AS d FROM flow_events'))[0]).toEqual({ lo: 0n, hi: 15n, n: 16n, d: 16n });
  });
});
