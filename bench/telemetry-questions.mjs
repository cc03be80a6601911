// Figure: the four questions from the issue, each answered over MCP (HTTP, loopback) on 10 M
// flow events; target ≤ 300 ms each. usage: node bench/telemetry-questions.mjs [db]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tm, ensureFleet, serve, client, pct } from './telemetry-common.mjs';

const db = process.argv[2] ?? join(tmpdir(), 'tm-bench-10m.duckdb');
const { key } = ensureFleet(db);
const server = await serve(db);
const c = await client(server.url, key);
const call = async (name, args) => JSON.parse((await c.callTool({ name, arguments: args })).content[0].text);
// find the story values the way an analyst would: from the anomalies
const anomalies = (await call('list_anomalies', { status: 'open', limit: 10 })).items;
const bf = anomalies.find((a) => a.kind === 'ssh_brute_force').detail;
const ch = anomalies.find((a) => a.kind === 'persistent_inbound_channel').detail;
const questions = {
  'how many SSH sessions (denied attempts, unique IPs, top source, who got in)': [
    ['aggregate_events', { group_by: ['remote_ip'], device_id: 'web-prod-03', local_port: 22, direction: 'in', action: 'deny', since: `${bf.day}T00:00:00Z`, until: `${bf.day}T23:59:59Z`, limit: 5 }],
    ['aggregate_events', { group_by: ['remote_ip'], device_id: 'web-prod-03', local_port: 22, direction: 'in', action: 'allow' }],
  ],
  'what is this process connecting to': [['aggregate_events', { group_by: ['remote_ip', 'remote_port', 'direction'], device_id: 'db-core-01', process: 'rpcbind' }]],
  'what is that remote host connecting to on this machine, since when': [['aggregate_events', { group_by: ['port', 'process'], device_id: 'db-core-01', remote_ip: ch.remote_ip, order_by: 'first_seen' }]],
  'which countries does our traffic come from': [['aggregate_events', { group_by: ['country'], direction: 'in', limit: 20 }], ['list_policies', {}]],
};
for (const [q, calls] of Object.entries(questions)) {
  const times = [];
  let answer;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const out = [];
    for (const [name, args] of calls) out.push(await call(name, args));
    times.push(performance.now() - t);
    answer = out[0];
  }
  const summary = answer.totals ? `count ${answer.totals.count}, unique IPs ${answer.totals.unique_ips}, top ${JSON.stringify(answer.groups[0])}` : '';
  console.log(`${q}: median ${pct(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms  [${summary.slice(0, 160)}]`);
}
await c.close();
await server.stop();
