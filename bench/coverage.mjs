#!/usr/bin/env node
// Detection-rule coverage figures (issue 3):
//  1. `tm coverage <dir> --json` as a whole process, warm ATT&CK index, over ../shared/corpora/sigma
//     copied ten times (~3,780 files): median wall and peak RSS (goal: <= 0.5 s, <= 300 MB),
//     next to a node process that merely reads the same files, and one that also parses them with js-yaml.
//  2. rules per second for each format over ../shared/corpora (in-process parse, warm).
// Usage: node bench/coverage.mjs [corpora-dir]   Needs `npm run build` first. Uses node and /usr/bin/time.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = process.argv[2] ?? join(root, '..', 'shared', 'corpora');
const bundle = process.env.TM_ATTACK_DATA ?? join(root, '..', 'shared', 'attack-data', 'enterprise-attack.json');
if (!existsSync(join(corpora, 'sigma')) || !existsSync(bundle)) {
  console.error(`needs ${corpora}/sigma and an ATT&CK bundle (${bundle})`);
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'tm-bench-cov-'));
const rules = join(work, 'rules');
for (let i = 0; i < 10; i++) cpSync(join(corpora, 'sigma'), join(rules, `copy${i}`), { recursive: true });
const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), TM_ATTACK_DATA: bundle, TM_ATTACK_VERSION: process.env.TM_ATTACK_VERSION ?? '18.1', NO_COLOR: '1' };

/** Run a command under /usr/bin/time -v; wall seconds and peak RSS in MB. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const wall = /Elapsed \(wall clock\) time \([^)]*\): ([\d:.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wall: wall[1].split(':').reduce((acc, x) => acc * 60 + Number(x), 0), rss: Number(rss[1]) / 1024, stdout: r.stdout };
}
function series(label, cmd, args, n = 5) {
  const runs = Array.from({ length: n }, () => timed(cmd, args));
  const wall = median(runs.map((r) => r.wall));
  const rss = Math.max(...runs.map((r) => r.rss));
  console.log(`${label.padEnd(44)} median wall ${wall.toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB  (${n} runs)`);
  return { wall, rss, stdout: runs[0].stdout };
}

const tm = join(root, 'bin', 'tm.js');
spawnSync(process.execPath, [tm, 'attack', 'info'], { env }); // warm the compact ATT&CK index cache
const readOnly = `const fs=require('fs'),p=require('path');let n=0,b=0;(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else{b+=fs.readFileSync(f).length;n++}}})(${JSON.stringify(rules)});console.log(n,b)`;
const jsYaml = JSON.stringify(join(root, 'node_modules', 'js-yaml', 'index.js'));
const yamlParse = `const fs=require('fs'),p=require('path'),y=require(${jsYaml});let n=0;(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else{y.loadAll(fs.readFileSync(f,'utf8'),()=>n++,{schema:y.CORE_SCHEMA})}}})(${JSON.stringify(rules)});console.log(n)`;

console.log(`input: ${rules} (${corpora}/sigma x10)`);
const files = series('node: read the files only', process.execPath, ['-e', readOnly]).stdout.trim().split(' ')[0];
series('node: read + js-yaml parse only', process.execPath, ['-e', yamlParse]);
const cov = series('tm coverage <dir> --json (warm ATT&CK)', process.execPath, [tm, 'coverage', rules, '--json']);
const report = JSON.parse(cov.stdout);
console.log(`files: ${files}; rules parsed: ${report.rules.parsed}; failed: ${report.rules.failed.length}; covered ${report.summary.covered}/${report.summary.wanted}`);
console.log(`goal: <= 0.50 s wall and <= 300 MB → ${cov.wall <= 0.5 && cov.rss <= 300 ? 'met' : 'NOT met'}`);

// 2. rules per second per format (in-process, second pass so the disk cache and JIT are warm)
const { parseRulePaths } = await import(join(root, 'dist', 'rules', 'index.js'));
for (const f of ['sigma', 'elastic', 'splunk', 'panther']) {
  const dir = join(corpora, f);
  if (!existsSync(dir)) continue;
  await parseRulePaths([dir]);
  const t0 = process.hrtime.bigint();
  const { detections } = await parseRulePaths([dir]);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${f.padEnd(8)} ${String(detections.length).padStart(5)} rules in ${(s * 1000).toFixed(0).padStart(4)} ms = ${Math.round(detections.length / s)} rules/s`);
}
rmSync(work, { recursive: true, force: true });
