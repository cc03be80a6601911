// Figures: read tool calls per second over HTTP on loopback (target ≥ 300/s, p99 ≤ 50 ms) and
// the server's RSS sampled over a 60 s load (target: flat).
// usage: node bench/telemetry-http.mjs [db] [seconds] [concurrency]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFleet, serve, client, rssMb, pct } from './telemetry-common.mjs';

const db = process.argv[2] ?? join(tmpdir(), 'tm-bench-10m.duckdb');
const seconds = Number(process.argv[3] ?? 60);
const conc = Number(process.argv[4] ?? 8);
const { key } = ensureFleet(db);
const server = await serve(db, ['--rate-limit', '100000']);
const mode = process.env.TM_BENCH_MODE ?? 'legacy';
const clients = await Promise.all(Array.from({ length: conc }, () => client(server.url, key, mode)));
const devices = (await clients[0].callTool({ name: 'list_devices', arguments: { limit: 200 } })).content[0].text;
const ids = JSON.parse(devices).items.map((d) => d.id);
// the read calls an assistant makes between heavy questions
const mix = [
  (i) => ['get_device', { device_id: ids[i % ids.length] }],
  (i) => ['get_posture', { device_id: ids[i % ids.length] }],
  () => ['list_devices', { limit: 20 }],
  () => ['list_anomalies', { status: 'open', limit: 20 }],
  (i) => ['list_workloads', { device_id: ids[i % ids.length] }],
  () => ['list_policies', {}],
];
const lat = [];
const byTool = {};
let errors = 0;
let n = 0;
const rss = [];
const end = Date.now() + seconds * 1000;
const sampler = setInterval(() => rss.push(rssMb(server.child.pid)), 5000);
rss.push(rssMb(server.child.pid));
await Promise.all(
  clients.map(async (c) => {
    while (Date.now() < end) {
      const i = n++;
      const [name, args] = mix[i % mix.length](i);
      const t = performance.now();
      const r = await c.callTool({ name, arguments: args }).catch(() => ({ isError: true }));
      const ms = performance.now() - t;
      lat.push(ms);
      (byTool[name] ??= []).push(ms);
      if (r.isError) errors++;
    }
  }),
);
clearInterval(sampler);
rss.push(rssMb(server.child.pid));
console.log(`read tool calls over HTTP (loopback, ${mode === 'auto' ? 'protocol 2026-07-28' : 'protocol 2025-11-25 sessions'}, ${conc} clients, ${seconds} s): ${Math.round(lat.length / seconds)} calls/s, p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, errors ${errors}`);
console.log(`per tool p50/p99 ms: ${Object.entries(byTool).map(([k, v]) => `${k} ${pct(v, 50).toFixed(1)}/${pct(v, 99).toFixed(1)}`).join(', ')}`);
console.log(`server RSS MB every 5 s: ${rss.join(' ')}`);
for (const c of clients) await c.close();
await server.stop();
