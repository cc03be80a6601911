import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicAppEngine } from '../../src/engines/llm/app-engine.js';
import { gatherRepo } from '../../src/gather/repo/index.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { miniKB } from '../helpers/attack.js';
import { appHandler, offlineAnswers } from './app-answers.js';
import { apiError, appStageOf, FakeMessagesServer, textReply, toolUseReply, type Block } from './fake-server.js';
import { PLANTED, secretRepoCopy } from './helpers.js';

describe('anthropic app engine against the fake Messages API', () => {
  const kb = miniKB();
  const repo = secretRepoCopy();
  const answers = offlineAnswers(repo, kb);
  // the model cites a file that does not exist and an unknown technique: both must be dropped
  answers.architecture.architecture_components![0].evidence.push('src/imagined.js:3');
  answers.architecture.findings!.push({ id: 'find-model-extra', title: 'x', category: 'configuration', severity: 'low', description: 'x', techniques: [{ id: 'T9999', name: 'Fake' }, { id: 'T1078', name: 'Valid Accounts' }], evidence: ['src/server.js:15'] });
  let fake: FakeMessagesServer;
  let result: Awaited<ReturnType<ReturnType<typeof createAnthropicAppEngine>['produce']>>;
  const progress: string[] = [];

  beforeAll(async () => {
    fake = await FakeMessagesServer.start(
      appHandler(answers, {
        architecture: [
          toolUseReply([
            { name: 'read_file', input: { path: 'src/server.js' } },
            { name: 'read_file', input: { path: '../outside.txt' } },
            { name: 'read_file', input: { path: 'local.secrets' } },
            { name: 'search_repo', input: { query: 'secret' } },
            { name: 'attack_lookup', input: { query: 'T1078' } },
          ]),
          'answer',
        ],
        threats: [apiError(429, 'rate_limit_error', 'slow down', { 'retry-after-ms': '1' }), textReply('{"attack_paths": [ broken'), 'answer'],
        response: [textReply('not json'), textReply('{"still": "wrong"}')],
      }),
    );
    const engine = createAnthropicAppEngine({ apiKey: 'test-key', baseURL: fake.url, repoRoot: repo, retryBaseMs: 1 });
    result = await engine.produce(gatherRepo(repo), { kb, progress: (m) => progress.push(m) });
  });
  afterAll(() => fake.close());

  it('asks the three stages in order, retrying the invalid ones', () => {
    // threats: a 429 (retried after retry-after), a broken answer, the retry with the error
    expect(fake.requests.map(appStageOf)).toEqual(['architecture', 'architecture', 'threats', 'threats', 'threats', 'response', 'response']);
    expect(progress.some((m) => /API answered 429; retrying/.test(m))).toBe(true);
    expect(fake.strayRequests).toEqual([]);
    expect(progress.filter((m) => /^stage \d\/3 \(\w+\): .*: asking claude-/.test(m))).toHaveLength(3);
  });

  it('sends no planted secret, in prompts, excerpts or tool results', () => {
    const sent = fake.allSent();
    expect(sent).toContain('src/server.js');
    for (const s of PLANTED) expect(sent).not.toContain(s);
    expect(sent).not.toContain('PLANTED');
    expect(sent).toContain('[REDACTED');
  });

  it('runs the read-only tools and sends their results back', () => {
    const second = fake.requests[1].body;
    const uses = (second.messages[1].content as Block[]).filter((b) => b.type === 'tool_use');
    const results = (second.messages[2].content as Block[]).filter((b) => b.type === 'tool_result');
    expect(results.map((r) => r.tool_use_id)).toEqual(uses.map((u) => u.id));
    const [server, outside, ignored, search, lookup] = results;
    expect(String(server.content)).toContain("15| app.post('/login'");
    expect(outside).toMatchObject({ is_error: true });
    expect(String(outside.content)).toMatch(/outside the repository/);
    expect(ignored).toMatchObject({ is_error: true });
    expect(String(search.content)).toMatch(/src\/server\.js:\d+:/);
    expect(String(lookup.content)).toMatch(/^T1078 Valid Accounts/);
    expect(second.tools?.map((t) => t.name).sort()).toEqual(['attack_lookup', 'read_file', 'search_repo']);
  });

  it('writes a schema-valid model; the response stage fell back and metadata says why', () => {
    const model = result.output;
    expect(validateAgainst('app-threat-model', model).errors).toEqual([]);
    expect(result.stages).toEqual([
      { name: 'architecture', engine: 'anthropic', attempts: 1 },
      { name: 'threats', engine: 'anthropic', attempts: 2 },
      { name: 'response', engine: 'offline', attempts: 2, fallbackReason: expect.stringMatching(/still invalid after a retry/) },
    ]);
    expect(model.architecture_components[0].description).toMatch(/^FROM-THE-MODEL/);
    expect(model.metadata.generated.engine).toBe('anthropic');
  });

  it('drops what does not hold: unknown ATT&CK IDs and evidence that points nowhere', () => {
    const model = result.output;
    // metadata.warnings names what was dropped; the body must not hold it
    const body = JSON.stringify({ ...model, metadata: undefined });
    expect(body).not.toContain('T9999');
    expect(body).not.toContain('src/imagined.js');
    expect(model.findings.find((f) => f.id === 'find-model-extra')?.techniques).toEqual([{ id: 'T1078', name: 'Valid Accounts' }]);
    expect(result.warnings.join('\n')).toMatch(/T9999 is not in ATT&CK/);
    expect(result.warnings.join('\n')).toMatch(/evidence src\/imagined\.js:3 .* dropped/);
    // metadata also lists the gather problems (the symlink that points outside the repo)
    expect(model.metadata.warnings).toEqual(expect.arrayContaining(result.warnings));
  });

  it('reports token usage and a cost estimate', () => {
    // the rate-limited request (index 2) is not billed
    const total = fake.requests.filter((_, i) => i !== 2).reduce((n, r) => n + Math.ceil(r.raw.length / 4), 0);
    expect(result.usage?.inputTokens).toBe(total);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    expect(result.usage?.estimatedCostUsd).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatch(/anthropic engine: 6 request\(s\), [\d,]+ input and [\d,]+ output tokens, about \$/);
  });
});
