import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/validate/ajv.js';
import { MINI_BUNDLE } from '../helpers/attack.js';
import { isolatedHome, REPO_ROOT, runTm } from '../helpers/run-tm.js';
import { FakeMessagesServer, textReply } from './fake-server.js';
import { orgAnswers, orgHandler, orgStageOf } from './org-answers.js';

const ACME = join(REPO_ROOT, 'examples', 'acme');
const ENFORCEMENT = /isolate|block|suspend|reinstate|release|close|create|update|delete/i;

/** End to end: the built CLI, the Acme servers over stdio, the real SDK, the fake Messages API (run `npm run build` first). */
describe('tm model org --engine anthropic (CLI, fake API)', () => {
  let fake: FakeMessagesServer;
  const answers = orgAnswers({ baselineKey: 'ransomware', baselineCategory: 'RANSOMWARE', server: 'siem', tool: 'list_alerts', asset: 'Payment gateway', rule: 'acme-okta-mfa-flood' });
  beforeAll(async () => {
    fake = await FakeMessagesServer.start(orgHandler(answers));
  });
  afterAll(() => fake.close());

  const tm = (args: string[], env: Record<string, string | undefined> = {}) =>
    runTm(['model', 'org', '--answers', join(ACME, 'answers.yaml'), '--mcp-config', join(ACME, '.mcp.json'), '--as-of', '2026-06-30', ...args], {
      env: { ...isolatedHome(), TM_ACME_DB: join(mkdtempSync(join(tmpdir(), 'tm-acme-db-')), 'acme.duckdb'), TM_ATTACK_DATA: MINI_BUNDLE, TM_ATTACK_VERSION: '18.1', ANTHROPIC_API_KEY: 'sk-ant-fake', ANTHROPIC_BASE_URL: fake.url, TM_LLM_RETRY_BASE_MS: '5', ...env },
    });

  it('writes a valid register through the two stages; only read-only tools offered; a failing stage falls back and metadata says so', async () => {
    fake.requests.length = 0;
    fake.handler = orgHandler(answers, { recommendations: [textReply('no JSON here'), textReply('still none')] });
    const out = join(mkdtempSync(join(tmpdir(), 'tm-llm-org-cli-')), 'acme');
    const r = await tm(['-o', out, '--engine', 'anthropic', '--model', 'claude-haiku-5-5', '--max-input-tokens', '200000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const reg = parse(readFileSync(join(out, 'threat-register.yaml'), 'utf8'));
    expect(validateAgainst('threat-register', reg).errors).toEqual([]);
    expect(reg.organisation).toBe('Acme Payments');
    expect(reg.threats.map((t: { title: string }) => t.title)).toEqual(expect.arrayContaining(['FROM-THE-MODEL baseline threat, refined', 'FROM-THE-MODEL PowerShell intrusion']));
    expect(reg.threats.every((t: { id: string }) => /^T-[A-Z0-9]+-\d{3}$/.test(t.id))).toBe(true);
    expect(reg.metadata.engine).toBe('anthropic');
    expect(reg.metadata.stages).toEqual([
      { name: 'threats', engine: 'anthropic' },
      { name: 'recommendations', engine: 'offline', fallback_reason: expect.stringMatching(/still invalid after a retry/) },
    ]);
    expect(reg.metadata.usage.input_tokens).toBeGreaterThan(0);
    expect(fake.requests.map(orgStageOf)).toEqual(['threats', 'recommendations', 'recommendations']);
    // stage progress reaches a non-TTY stderr (CI logs), in order
    expect(r.stderr).toMatch(/stage 1\/2 \(threats\)[\s\S]*stage 2\/2 \(recommendations\): falling back to the offline engine/);
    expect(fake.requests.every((q) => q.body.model === 'claude-haiku-5-5')).toBe(true);
    expect(fake.strayRequests).toEqual([]);
    const tools = fake.requests[0].body.tools!.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['attack_lookup', 'mcp_siem_list_detections', 'mcp_tickets_search_issues', 'mcp_docs_read_text_file']));
    for (const q of fake.requests) expect((q.body.tools ?? []).filter((t) => ENFORCEMENT.test(t.name))).toEqual([]);
    // the gathered layers reach the prompt: documents, tickets, rules
    expect(fake.requests[0].raw).toContain('acme-okta-mfa-flood');
    expect(readFileSync(join(out, 'threat-model.md'), 'utf8')).toContain('FROM-THE-MODEL PowerShell intrusion');
  }, 60_000);

  it('engine rules as for model app: a key alone does not switch; --engine anthropic without a key is exit 2; a bad engine is exit 2', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tm-llm-org-cli-'));
    const noKey = await tm(['-o', join(d, 'a'), '--engine', 'anthropic'], { ANTHROPIC_API_KEY: undefined });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/ANTHROPIC_API_KEY/);
    const bad = await tm(['-o', join(d, 'b'), '--engine', 'gpt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--engine gpt is not offline or anthropic/);
    fake.requests.length = 0;
    const off = await tm(['-o', join(d, 'c')]);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).toMatch(/use --engine anthropic/);
    expect(fake.requests.length).toBe(0);
    expect(parse(readFileSync(join(d, 'c', 'threat-register.yaml'), 'utf8')).metadata.engine).toBe('offline');
  }, 60_000);

  it('`engine: anthropic` in tm.config.yaml selects it', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tm-llm-org-cli-'));
    writeFileSync(join(d, 'tm.config.yaml'), readFileSync(join(ACME, 'tm.config.yaml'), 'utf8') + 'engine: anthropic\n');
    fake.requests.length = 0;
    fake.handler = orgHandler(answers);
    const r = await tm(['--config', join(d, 'tm.config.yaml'), '-o', join(d, 'out')].slice(0), {});
    expect(r.code, r.stderr).toBe(0);
    expect(fake.requests.map(orgStageOf)).toEqual(['threats', 'recommendations']);
    expect(parse(readFileSync(join(d, 'out', 'threat-register.yaml'), 'utf8')).metadata.stages.map((s: { engine: string }) => s.engine)).toEqual(['anthropic', 'anthropic']);
  }, 60_000);
});
