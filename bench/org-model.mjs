#!/usr/bin/env node
// `tm model org` figures (issue 7): the Acme example end to end as a user runs it (tm starts
// the filesystem, SIEM, ticket and telemetry servers over stdio; the telemetry demo fleet is
// seeded into a temporary database by the warm-up run), warm ATT&CK index: median wall time and peak RSS of 5 runs; plus
// the time a dead server (one that never answers) costs with a 1 s timeout.
// Usage: node bench/org-model.mjs   Needs `npm run build` first. Uses node and /usr/bin/time.
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.env.TM_ATTACK_DATA ?? join(root, '..', 'shared', 'attack-data', 'enterprise-attack.json');
if (!existsSync(bundle)) {
  console.error(`needs an ATT&CK bundle (${bundle}); set TM_ATTACK_DATA`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'tm-bench-org-'));
const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), XDG_DATA_HOME: join(work, 'data'), TM_ATTACK_DATA: bundle, TM_ATTACK_VERSION: process.env.TM_ATTACK_VERSION ?? '18.1', NO_COLOR: '1', TM_ACME_DB: join(work, 'acme.duckdb') };
const acme = join(root, 'examples', 'acme');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin', 'tm.js'), ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tm ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+(?:\.\d+)?)$/m.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { s: Number(wall[1] ?? 0) * 60 + Number(wall[2]), mb: Number(rss[1]) / 1024 };
}

const base = ['model', 'org', '--answers', join(acme, 'answers.yaml'), '--as-of', '2026-06-30', '-q'];
timed([...base, '--mcp-config', join(acme, '.mcp.json'), '-o', join(work, 'warm')]); // builds the ATT&CK index cache
const runs = [];
for (let i = 0; i < 5; i++) runs.push(timed([...base, '--mcp-config', join(acme, '.mcp.json'), '-o', join(work, `run${i}`)]));
console.log(`tm model org, Acme example (4 servers over stdio): median ${(median(runs.map((r) => r.s)) * 1000).toFixed(0)} ms wall, peak RSS ${median(runs.map((r) => r.mb)).toFixed(0)} MB (5 runs)`);

// the same with one more server that never answers, 1 s timeout
const cfg = JSON.parse(readFileSync(join(acme, '.mcp.json'), 'utf8'));
for (const s of Object.values(cfg.mcpServers)) s.args = s.args.map((a) => (a.startsWith('../../') ? join(root, a.slice(6)) : /^(docs|rules|alerts\.jsonl|log-sources\.yaml|tickets\/.*)$/.test(a) ? join(acme, a) : a));
cfg.mcpServers.hang = { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] };
writeFileSync(join(work, '.mcp.json'), JSON.stringify(cfg));
const hang = [];
for (let i = 0; i < 3; i++) hang.push(timed([...base, '--mcp-config', join(work, '.mcp.json'), '--timeout', '1000', '-o', join(work, `hang${i}`)]));
console.log(`with a server that never answers (--timeout 1000): median ${(median(hang.map((r) => r.s)) * 1000).toFixed(0)} ms wall (3 runs)`);
