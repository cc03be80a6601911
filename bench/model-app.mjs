#!/usr/bin/env node
// `tm model app` figures (issue 4):
//  1. a generated repository of 100,000 files (services in several stacks, IaC, CI, docs,
//     ignored build output, a few binaries) scanned and modelled: wall, peak RSS, files/s
//     (goal: <= 15 s and <= 500 MB)
//  2. files/s on the checked-in examples
// Usage: node bench/model-app.mjs [files=100000] [bundle.json]
// Needs `npm run build` first. Uses only node and /usr/bin/time (for peak RSS) when present.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const total = Number(process.argv[2] ?? 100_000);
const bundle = process.argv[3] ?? process.env.TM_ATTACK_DATA ?? join(root, '..', 'shared', 'attack-data', 'enterprise-attack.json');
if (!existsSync(bundle)) {
  console.error(`no ATT&CK bundle at ${bundle}; pass one: node bench/model-app.mjs 100000 <enterprise-attack.json>`);
  process.exit(2);
}
const tm = join(root, 'bin', 'tm.js');
const hasTime = existsSync('/usr/bin/time');

// ── generate ──
const repo = join(mkdtempSync(join(tmpdir(), 'tm-bench-app-')), 'big-repo');
const write = (p, s) => {
  mkdirSync(dirname(join(repo, p)), { recursive: true });
  writeFileSync(join(repo, p), s);
};
const t0 = Date.now();
write('.gitignore', 'dist/\n*.log\n');
const js = (i) =>
  `const express = require('express');\nconst { logger } = require('../logger');\nconst router = express.Router();\n\n` +
  `router.get('/items/${i}', requireAuth, async (req, res) => {\n  const rows = await db.query('SELECT * FROM items WHERE id = $1', [req.params.id]);\n  logger.info({ id: req.params.id }, 'item read');\n  res.json(rows);\n});\n\n` +
  `router.post('/items/${i}', async (req, res) => {\n  const key = process.env.SERVICE_${i % 50}_TOKEN;\n  res.status(201).end();\n});\n\nmodule.exports = router;\n` +
  `// ${'padding '.repeat(20 + (i % 40))}\n`;
const py = (i) =>
  `import logging\nimport os\n\nfrom fastapi import APIRouter, Depends\n\nrouter = APIRouter()\nlog = logging.getLogger(__name__)\n\n\n` +
  `@router.get("/orders/${i}")\ndef get_order_${i}(user=Depends(get_current_user)):\n    log.info("order read")\n    return {"id": ${i}, "bucket": os.environ.get("BUCKET_${i % 30}")}\n` +
  `# ${'lorem ipsum '.repeat(10 + (i % 30))}\n`;
const go = (i) => `package handlers\n\nimport "github.com/gin-gonic/gin"\n\nfunc Handler${i}(c *gin.Context) {\n\tc.JSON(200, gin.H{"n": ${i}})\n}\n`;
const md = (i) => `# Note ${i}\n\n${'Some documentation text about the system. '.repeat(8 + (i % 20))}\n`;
let n = 1;
const services = 40;
for (let s = 0; s < services; s++) {
  const kind = s % 3;
  const base = `services/svc-${s}`;
  if (kind === 0) write(`${base}/package.json`, JSON.stringify({ name: `svc-${s}`, dependencies: { express: '^4', pg: '^8', ioredis: '^5', pino: '^9', jsonwebtoken: '^9', stripe: '^16' } }, null, 2));
  if (kind === 1) write(`${base}/pyproject.toml`, `[project]\nname = "svc-${s}"\ndependencies = ["fastapi", "psycopg2-binary", "boto3", "pyjwt", "structlog"]\n`);
  if (kind === 2) write(`${base}/go.mod`, `module example.com/svc-${s}\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/jackc/pgx/v5 v5.6.0\n)\n`);
  write(`${base}/Dockerfile`, `FROM node:20\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["node", "index.js"]\n`);
  write(`${base}/k8s/deployment.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${s}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/svc-${s}:1.0.${s}\n`);
  n += 3;
}
write('infra/main.tf', Array.from({ length: 50 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n}\n`).join('\n'));
write('.github/workflows/ci.yml', 'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n');
n += 2;
for (let i = 0; n < total; i++, n++) {
  const s = i % services;
  const kind = s % 3;
  const dir = `services/svc-${s}/src/m${Math.floor(i / 1000)}`;
  const r = i % 20;
  if (r === 0) write(`docs/d${Math.floor(i / 1000)}/note-${i}.md`, md(i));
  else if (r === 1) write(`services/svc-${s}/dist/bundle-${i}.js`, js(i)); // ignored
  else if (r === 2 && i % 1000 === 2) write(`assets/img-${i}.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  else if (kind === 0) write(`${dir}/route-${i}.js`, js(i));
  else if (kind === 1) write(`${dir}/route_${i}.py`, py(i));
  else write(`${dir}/handler_${i}.go`, go(i));
}
console.log(`generated ${n} files in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${repo}`);

// ── run ──
function run(dir) {
  const out = mkdtempSync(join(tmpdir(), 'tm-bench-out-'));
  const args = [tm, '--attack-data', bundle, 'model', 'app', dir, '-o', out, '--format', 'both'];
  const env = { ...process.env, TM_ATTACK_VERSION: process.env.TM_ATTACK_VERSION ?? '18.1', XDG_CACHE_HOME: join(tmpdir(), 'tm-bench-cache') };
  const start = process.hrtime.bigint();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' }) : spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const rssKb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { wall, rssMb: rssKb / 1024 };
}
if (process.env.BENCH_GENERATE_ONLY) {
  console.log(repo);
  process.exit(0);
}
run(join(root, 'examples', 'node-shop-api')); // warm the ATT&CK index cache (output goes to a temp folder)
const big = run(repo);
console.log(`100k repo: ${n} files, wall ${big.wall.toFixed(2)} s (goal <= 15 s), peak RSS ${big.rssMb.toFixed(0)} MB (goal <= 500 MB), ${Math.round(n / big.wall)} files/s (whole process, ATT&CK load included)`);
for (const x of ['node-shop-api', 'py-payments-aws']) {
  const dir = join(root, 'examples', x);
  const tmp = join(mkdtempSync(join(tmpdir(), 'tm-bench-ex-')), x);
  // copy without the checked-in model, so the output folder is a temp one
  spawnSync('cp', ['-r', dir, tmp]);
  const walls = [];
  for (let i = 0; i < 5; i++) walls.push(run(tmp).wall);
  const w = walls.sort((a, b) => a - b)[2];
  const files = Number(spawnSync('find', [tmp, '-type', 'f', '-not', '-path', '*/threat-model/*'], { encoding: 'utf8' }).stdout.trim().split('\n').length);
  console.log(`example ${x}: ${files} files, median wall ${(w * 1000).toFixed(0)} ms, ${Math.round(files / w)} files/s (whole process)`);
}
// in-process: gather + offline engine only (no process start, ATT&CK loaded once)
{
  process.env.TM_ATTACK_VERSION ??= '18.1';
  const { loadAttack } = await import(join(root, 'dist/attack/load.js'));
  const { gatherRepo } = await import(join(root, 'dist/gather/repo/index.js'));
  const { createOfflineAppEngine } = await import(join(root, 'dist/engines/offline/index.js'));
  const { kb } = await loadAttack({ file: bundle, download: false });
  for (const x of ['node-shop-api', 'py-payments-aws']) {
    const walls = [];
    let files = 0;
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      const g = gatherRepo(join(root, 'examples', x));
      await createOfflineAppEngine().produce(g, { kb });
      walls.push(Number(process.hrtime.bigint() - t) / 1e9);
      files = g.stats.files_seen;
    }
    const w = walls.sort((a, b) => a - b)[10];
    console.log(`example ${x}: gather + model in-process median ${(w * 1000).toFixed(1)} ms, ${Math.round(files / w)} files/s`);
  }
}
if (!process.env.BENCH_KEEP) rmSync(dirname(repo), { recursive: true, force: true });
else console.log(`kept ${repo}`);
