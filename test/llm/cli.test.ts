import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/validate/ajv.js';
import { MINI_BUNDLE, miniKB } from '../helpers/attack.js';
import { isolatedHome, REPO_ROOT, runTm } from '../helpers/run-tm.js';
import { appHandler, offlineAnswers, type Answers } from './app-answers.js';
import { apiError, appStageOf, FakeMessagesServer, textReply } from './fake-server.js';

/** End to end: the built CLI, the real SDK, the fake Messages API on loopback (run `npm run build` first). */
describe('tm model app --engine anthropic (CLI, fake API)', () => {
  const NODE = join(REPO_ROOT, 'examples', 'node-shop-api');
  let fake: FakeMessagesServer;
  let answers: Answers;
  beforeAll(async () => {
    answers = offlineAnswers(NODE, miniKB());
    fake = await FakeMessagesServer.start(appHandler(answers));
  });
  afterAll(() => fake.close());

  const tm = (args: string[], env: Record<string, string | undefined> = {}, cwd?: string) =>
    runTm(['--attack-data', MINI_BUNDLE, 'model', 'app', ...args], {
      cwd,
      env: { ...isolatedHome(), TM_ATTACK_VERSION: '18.1', ANTHROPIC_API_KEY: 'sk-ant-fake', ANTHROPIC_BASE_URL: fake.url, TM_LLM_RETRY_BASE_MS: '5', ...env },
    });

  it('writes a valid model, stage by stage, with progress on stderr', async () => {
    fake.requests.length = 0;
    fake.handler = appHandler(answers, { threats: [apiError(429, 'rate_limit_error', 'slow down', { 'retry-after-ms': '10' }), 'answer'] });
    const out = mkdtempSync(join(tmpdir(), 'tm-llm-out-'));
    const r = await tm([NODE, '--engine', 'anthropic', '--model', 'claude-haiku-5-5', '-o', out, '--as-of', '2026-01-15']);
    expect(r.code, r.stderr).toBe(0);
    const model = parse(readFileSync(join(out, 'app-threat-model.yaml'), 'utf8'));
    expect(validateAgainst('app-threat-model', model).errors).toEqual([]);
    expect(model.architecture_components[0].description).toMatch(/^FROM-THE-MODEL/);
    expect(model.metadata.generated.engine).toBe('anthropic');
    expect(model.metadata.generated.stages).toEqual([
      { name: 'architecture', engine: 'anthropic' },
      { name: 'threats', engine: 'anthropic' },
      { name: 'response', engine: 'anthropic' },
    ]);
    expect(fake.requests.map(appStageOf)).toEqual(['architecture', 'threats', 'threats', 'response']);
    // token use reaches metadata, and stage progress reaches a non-TTY stderr (CI logs)
    expect(model.metadata.generated.usage.input_tokens).toBeGreaterThan(0);
    expect(model.metadata.generated.usage.output_tokens).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/architecture/);
    expect(fake.requests.every((q) => q.body.model === 'claude-haiku-5-5')).toBe(true);
    // the CLI hands the engine the repo folder: excerpts in the prompt, file tools offered
    expect(fake.requests[0].body.tools?.map((t) => t.name).sort()).toEqual(['attack_lookup', 'read_file', 'search_repo']);
    expect(fake.requests[0].raw).toContain('## File excerpts');
    expect(model.metadata.warnings.filter((w: string) => /no repository folder|evidence .* dropped/.test(w))).toEqual([]);
    expect(fake.strayRequests).toEqual([]);
    // per-stage progress lines go through the CLI's progress logger, which is silent when stderr is not a TTY
    // (they are asserted in app-engine.test.ts); the file summary is always printed
    expect(r.stderr).toMatch(/wrote app-threat-model\.yaml/);
  });

  it('falls back to the offline engine for a stage the model keeps getting wrong, and says so in metadata', async () => {
    fake.requests.length = 0;
    fake.handler = appHandler(answers, { response: [textReply('no json here')] });
    const r = await tm([NODE, '--engine', 'anthropic', '--as-of', '2026-01-15']);
    expect(r.code, r.stderr).toBe(0);
    const model = parse(r.stdout);
    expect(validateAgainst('app-threat-model', model).errors).toEqual([]);
    const response = model.metadata.generated.stages.find((s: { name: string }) => s.name === 'response');
    expect(response).toMatchObject({ engine: 'offline', fallback_reason: expect.stringMatching(/still invalid after a retry/) });
  });

  it('engine: anthropic in tm.config.yaml selects it too', async () => {
    fake.requests.length = 0;
    fake.handler = appHandler(answers);
    const dir = mkdtempSync(join(tmpdir(), 'tm-llm-cfg-'));
    writeFileSync(join(dir, 'tm.config.yaml'), 'engine: anthropic\nmodel: claude-opus-5-5\n');
    const r = await tm([NODE], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(fake.requests.length).toBe(3);
    expect(fake.requests[0].body.model).toBe('claude-opus-5-5');
  });

  it('a rejected key is a clear error with exit 2', async () => {
    fake.requests.length = 0;
    fake.handler = () => apiError(401, 'authentication_error', 'invalid x-api-key');
    const r = await tm([NODE, '--engine', 'anthropic']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ANTHROPIC_API_KEY was rejected/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(fake.requests).toHaveLength(1);
  });

  it('without a key it exits 2 naming the variable; a key alone does not switch engines', async () => {
    fake.requests.length = 0;
    const r = await tm([NODE, '--engine', 'anthropic'], { ANTHROPIC_API_KEY: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ANTHROPIC_API_KEY/);
    const offline = await tm([NODE]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toMatch(/hint: .*--engine anthropic/);
    expect(parse(offline.stdout).metadata.generated.engine).toBe('offline');
    expect(fake.requests).toHaveLength(0);
  });

  it('--max-input-tokens too small for the repo: exit 2 with how much it needs', async () => {
    fake.requests.length = 0;
    fake.handler = appHandler(answers);
    const r = await tm([NODE, '--engine', 'anthropic', '--max-input-tokens', '2000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs about [\d,]+ input tokens .* more than the budget of 2,000/);
    expect(r.stderr).toMatch(/hint: raise it/);
    expect(fake.requests).toHaveLength(0);
  });
});
