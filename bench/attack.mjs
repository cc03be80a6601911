#!/usr/bin/env node
// ATT&CK knowledge-base figures (issue 2):
//  1. cold load of the bundle to a ready index vs a bare JSON.parse of the same file (same run)
//  2. warm `tm attack show T1059.001` as a whole process vs `node -e 0`: median wall, peak RSS
// Usage: node bench/attack.mjs [bundle.json]   (default ../shared/attack-data/enterprise-attack.json)
// Needs `npm run build` first. Uses only node and /usr/bin/time when present.
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.argv[2] ?? join(root, '..', 'shared', 'attack-data', 'enterprise-attack.json');
if (!existsSync(bundle)) {
  console.error(`no bundle at ${bundle}; pass one: node bench/attack.mjs <enterprise-attack.json>`);
  process.exit(2);
}
const { buildIndex } = await import(join(root, 'dist/attack/build-index.js'));
const { readBundle } = await import(join(root, 'dist/attack/read-bundle.js'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// 1. cold load
const parseTimes = [];
const loadTimes = [];
for (let i = 0; i < 5; i++) {
  let t0 = process.hrtime.bigint();
  JSON.parse(readFileSync(bundle, 'utf8'));
  parseTimes.push(ms(t0));
  t0 = process.hrtime.bigint();
  const raw = readBundle(bundle); // read + sha256 + parse + shape checks
  buildIndex(raw.objects, { sha256: raw.sha256, specVersion: raw.specVersion });
  loadTimes.push(ms(t0));
}
const p = median(parseTimes);
const l = median(loadTimes);
console.log(`cold load: bare read+JSON.parse median ${p.toFixed(0)} ms; read+hash+parse+index median ${l.toFixed(0)} ms; ratio ${(l / p).toFixed(2)}x (goal <= 3x)`);

// 2. warm whole-process runs
const home = mkdtempSync(join(tmpdir(), 'tm-bench-'));
const env = { ...process.env, XDG_CACHE_HOME: join(home, 'cache'), TM_ATTACK_DATA: bundle, TM_ATTACK_VERSION: '18.1', NO_COLOR: '1' };
const tm = join(root, 'bin', 'tm.js');
spawnSync(process.execPath, [tm, 'attack', 'show', 'T1059.001'], { env }); // warms the index cache
const haveTime = existsSync('/usr/bin/time');
function run(args) {
  const t0 = process.hrtime.bigint();
  const r = haveTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const wall = ms(t0);
  const rssKb = haveTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, rssMb: rssKb / 1024 };
}
const N = 11;
const tmRuns = [];
const nodeRuns = [];
for (let i = 0; i < N; i++) {
  nodeRuns.push(run(['-e', '0']));
  tmRuns.push(run([tm, 'attack', 'show', 'T1059.001']));
}
const tmWall = median(tmRuns.map((r) => r.wall));
const nodeWall = median(nodeRuns.map((r) => r.wall));
const peak = Math.max(...tmRuns.map((r) => r.rssMb));
console.log(`warm 'tm attack show T1059.001': median ${tmWall.toFixed(0)} ms over ${N} runs (goal <= 250 ms); node -e 0 median ${nodeWall.toFixed(0)} ms; ratio ${(tmWall / nodeWall).toFixed(2)}x (goal <= 3x)`);
console.log(`warm peak RSS: ${haveTime ? peak.toFixed(0) + ' MB' : 'n/a (no /usr/bin/time)'} (goal < 150 MB)`);
