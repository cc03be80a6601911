#!/usr/bin/env node
// Input tokens per app model with the anthropic engine (issue 5), counted from what a local fake
// Messages API receives (request body characters / 4, the engine's own estimate), on:
//  1. the checked-in examples (node-shop-api, py-payments-aws)
//  2. a generated mid-size monorepo: the two examples copied side by side as 16 services
// Goal: a mid-size repository modelled in under 150,000 input tokens.
//
// The fake answers like a model that reads two files in one tool round in the first stage and
// then answers every stage right the first time (answers = the offline engine's stages), so the
// figure is what the engine sends: prompts, excerpts, schemas, the re-sent conversation, and the
// tool results. A model that calls more tools or needs retries costs more; see the README.
//
// Usage: node bench/llm-tokens.mjs [copies=8] [bundle.json]   (needs `npm run build` first)
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
if (!existsSync(join(root, 'dist', 'engines', 'llm', 'app-engine.js'))) {
  console.error('dist/ is missing the anthropic engine: run `npm run build` first');
  process.exit(2);
}
const copies = Number(process.argv[2] ?? 8);
const shared = join(root, '..', 'shared', 'attack-data', 'enterprise-attack.json');
const bundle = process.argv[3] ?? process.env.TM_ATTACK_DATA ?? (existsSync(shared) ? shared : join(root, 'test', 'fixtures', 'attack', 'mini-enterprise.json'));

const { loadAttack } = await import(dist('attack/load.js'));
const { gatherRepo } = await import(dist('gather/repo/index.js'));
const { offlineStages } = await import(dist('engines/offline/index.js'));
const { createAnthropicAppEngine } = await import(dist('engines/llm/app-engine.js'));
const { kb } = await loadAttack({ file: bundle, version: process.env.TM_ATTACK_VERSION ?? '18.1' });

/** The fake Messages API: POST /v1/messages only; answers by stage, counts what it receives. */
function startFake(answers, firstTool) {
  const seen = { requests: 0, chars: 0, stages: {} };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.requests++;
      seen.chars += raw.length;
      const body = JSON.parse(raw);
      const c = body.messages[0].content;
      const first = typeof c === 'string' ? c : c.map((b) => b.text ?? '').join('');
      const stage = first.includes('# Task: architecture') ? 'architecture' : first.includes('# Task: attack paths') ? 'threats' : 'response';
      seen.stages[stage] = (seen.stages[stage] ?? 0) + Math.ceil(raw.length / 4);
      let content;
      let stop = 'end_turn';
      if (stage === 'architecture' && body.messages.length === 1 && firstTool) {
        content = [
          { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: firstTool } },
          { type: 'tool_use', id: 'toolu_2', name: 'search_repo', input: { query: 'password' } },
        ];
        stop = 'tool_use';
      } else content = [{ type: 'text', text: JSON.stringify(answers[stage]) }];
      const out = JSON.stringify(content);
      const msg = { id: 'msg_bench', type: 'message', role: 'assistant', model: body.model, content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: Math.ceil(raw.length / 4), output_tokens: Math.ceil(out.length / 4) } };
      if (body.stream) res.writeHead(200, { 'content-type': 'text/event-stream' }).end(sse(msg));
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(msg));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}` })));
}

/** The streaming form of a message (the engine streams by default). */
function sse(msg) {
  const ev = (event, data) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
  let out = ev('message_start', { message: { ...msg, content: [], stop_reason: null } });
  msg.content.forEach((b, index) => {
    const tool = b.type === 'tool_use';
    out += ev('content_block_start', { index, content_block: tool ? { ...b, input: {} } : { type: 'text', text: '' } });
    out += ev('content_block_delta', { index, delta: tool ? { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } : { type: 'text_delta', text: b.text } });
    out += ev('content_block_stop', { index });
  });
  out += ev('message_delta', { delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: { output_tokens: msg.usage.output_tokens } });
  return out + ev('message_stop', {});
}

async function measure(name, repo) {
  const g = gatherRepo(repo);
  const ctx = { kb, warnings: new Set() };
  const architecture = offlineStages.architecture(g, ctx);
  const threats = offlineStages.threats(g, architecture, ctx);
  const response = offlineStages.response(g, { ...architecture, ...threats }, ctx);
  // the file with the most evidence is the one a model would open first
  const counts = new Map();
  for (const e of g.evidence) counts.set(e.at.file, (counts.get(e.at.file) ?? 0) + 1);
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fake = await startFake({ architecture, threats, response }, busiest);
  const engine = createAnthropicAppEngine({ apiKey: 'bench', baseURL: fake.url, repoRoot: repo, maxInputTokens: 10_000_000 });
  const res = await engine.produce(g, { kb });
  fake.server.close();
  const fell = res.stages.filter((s) => s.engine !== 'anthropic').map((s) => `${s.name}: ${s.fallbackReason}`);
  if (fell.length) console.error(`  warning: ${name}: stages fell back: ${fell.join('; ')}`);
  return { name, fallbacks: fell.length, files: g.stats.files_read, evidence: g.evidence.length, requests: fake.seen.requests, tokens: Math.ceil(fake.seen.chars / 4), stages: fake.seen.stages, usage: res.usage };
}

function midSizeRepo() {
  const dir = join(mkdtempSync(join(tmpdir(), 'tm-bench-llm-')), 'mid-size-monorepo');
  const sources = ['node-shop-api', 'py-payments-aws'].map((e) => join(root, 'examples', e));
  for (let i = 0; i < copies; i++)
    for (const src of sources) cpSync(src, join(dir, 'services', `${src.split('/').pop()}-${i + 1}`), { recursive: true, filter: (p) => !/app-threat-model\.(yaml|md)$/.test(p) });
  writeFileSync(join(dir, 'README.md'), '# monorepo\n');
  return dir;
}

const rows = [];
for (const ex of ['node-shop-api', 'py-payments-aws']) if (existsSync(join(root, 'examples', ex))) rows.push(await measure(ex, join(root, 'examples', ex)));
const mid = midSizeRepo();
rows.push(await measure(`mid-size monorepo (${readdirSync(join(mid, 'services')).length} services)`, mid));

console.log(`ATT&CK bundle: ${bundle === shared ? '../shared (v18.1)' : bundle}`);
console.log('repo | files read | evidence | requests | stages fallen back | input tokens (architecture / threats / response) | output tokens | est. cost (claude-sonnet-5-5)');
for (const r of rows)
  console.log(
    `${r.name} | ${r.files} | ${r.evidence} | ${r.requests} | ${r.fallbacks} | ${r.tokens.toLocaleString('en-US')} (${['architecture', 'threats', 'response'].map((s) => (r.stages[s] ?? 0).toLocaleString('en-US')).join(' / ')}) | ${r.usage.outputTokens.toLocaleString('en-US')} | $${(r.usage.estimatedCostUsd ?? 0).toFixed(2)}`,
  );
const m = rows.at(-1);
console.log(`mid-size repo: ${m.tokens.toLocaleString('en-US')} input tokens per app model (goal < 150,000: ${m.tokens < 150_000 ? 'met' : 'NOT met'})`);
