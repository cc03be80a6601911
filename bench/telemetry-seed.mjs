// Figure: seed and import throughput (target ≥ 500k events/s), 10 M flow events by default.
// usage: node bench/telemetry-seed.mjs [events]
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tm } from './telemetry-common.mjs';

const events = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), 'tm-bench-seed-'));
const db = join(dir, 't.duckdb');
let t = performance.now();
const seeded = JSON.parse(tm(['telemetry', 'seed', '--db', db, '--events', String(events), '--json']));
const wall = (performance.now() - t) / 1000;
console.log(`seed: ${seeded.flowEvents.toLocaleString('en')} flow events; event build ${(seeded.metadata.elapsedMs / 1000).toFixed(2)} s = ${seeded.metadata.eventsPerSecond.toLocaleString('en')} events/s; whole command (process start, geo load, posture, checkpoint) ${wall.toFixed(1)} s = ${Math.round(seeded.flowEvents / wall).toLocaleString('en')} events/s`);

// import: the seeded events exported as Parquet and JSON lines, then imported into a fresh db
const pq = join(dir, 'flows.parquet');
const export1 = `COPY (SELECT ts, direction, local_ip, local_port, remote_ip, remote_port, protocol, action, bytes, process, application FROM flow_events) TO '${pq}' (FORMAT parquet)`;
const { DuckDBInstance } = await import('@duckdb/node-api');
const inst = await DuckDBInstance.create(db);
const conn = await inst.connect();
await conn.run(export1);
conn.closeSync();
inst.closeSync();
t = performance.now();
const imp = JSON.parse(tm(['telemetry', 'import', '--db', join(dir, 'imported.duckdb'), '--format', 'parquet', pq, '--json']));
const iwall = (performance.now() - t) / 1000;
console.log(`import (parquet): ${imp.imported.toLocaleString('en')} events in ${(imp.metadata.elapsedMs / 1000).toFixed(2)} s = ${Math.round(imp.imported / (imp.metadata.elapsedMs / 1000)).toLocaleString('en')} events/s (whole command ${iwall.toFixed(1)} s)`);
writeFileSync(join(dir, 'done'), '');
rmSync(dir, { recursive: true, force: true });
