import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBudget } from '../../src/engines/llm/budget.js';
import { createLlmClient } from '../../src/engines/llm/client.js';
import { runStages, type JobSpec } from '../../src/engines/llm/stage-runner.js';
import { attackTool } from '../../src/engines/llm/tools.js';
import { TmError } from '../../src/util/errors.js';
import { miniKB } from '../helpers/attack.js';
import { FakeMessagesServer, firstPrompt, jsonReply, lastMessage, textReply, toolUseReply, type Block, type FakeReply, type RecordedRequest } from './fake-server.js';

const kb = miniKB();
const TEMPLATES = fileURLToPath(new URL('../fixtures/llm/templates', import.meta.url));

/** A toy document: things, then risks with ATT&CK techniques. */
const SCHEMA = {
  type: 'object',
  properties: {
    things: { type: 'array', items: { $ref: '#/$defs/thing' } },
    risks: { type: 'array', items: { $ref: '#/$defs/risk' } },
  },
  $defs: {
    thing: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string', pattern: '^thing-[a-z]+$' }, name: { type: 'string' } } },
    risk: { type: 'object', additionalProperties: false, required: ['id', 'techniques'], properties: { id: { type: 'string' }, techniques: { type: 'array', items: { $ref: '#/$defs/technique' } } } },
    technique: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string', pattern: '^T[0-9]{4}(\\.[0-9]{3})?$' }, name: { type: 'string' } } },
    unused: { type: 'string' },
  },
};
type Toy = { things?: { id: string; name: string }[]; risks?: { id: string; techniques: { id: string; name: string }[] }[] };

const FALLBACK_THINGS = { things: [{ id: 'thing-offline', name: 'from rules' }] };
const FALLBACK_RISKS = { risks: [{ id: 'risk-offline', techniques: [] }] };

function job(): JobSpec<Toy> {
  return {
    name: 'toy',
    schema: SCHEMA,
    systemTemplate: 'prompts/toy-system.md.hbs',
    systemData: { topic: 'parts' },
    templatesDir: TEMPLATES,
    tools: [attackTool(kb)],
    stages: [
      { name: 'things', label: 'things', template: 'prompts/toy-stage.md.hbs', parts: ['things'], data: () => ({ stage: 'one', known: 'nothing' }), fallback: () => FALLBACK_THINGS },
      { name: 'risks', label: 'risks', template: 'prompts/toy-stage.md.hbs', parts: ['risks'], data: (s) => ({ stage: 'two', known: JSON.stringify(s.things) }), fallback: () => FALLBACK_RISKS },
    ],
  };
}

const GOOD_THINGS = { things: [{ id: 'thing-api', name: 'API' }] };
const GOOD_RISKS = { risks: [{ id: 'risk-a', techniques: [{ id: 'T1078', name: 'x' }] }] };

describe('stage runner against the fake Messages API', () => {
  let fake: FakeMessagesServer;
  beforeAll(async () => {
    fake = await FakeMessagesServer.start(() => textReply('unset'));
  });
  afterAll(() => fake.close());

  /** Route each request by stage (from its prompt) to a list of replies, in order. */
  const script = (byStage: Record<'one' | 'two', FakeReply[]>) => {
    fake.requests.length = 0;
    const seen = { one: 0, two: 0 };
    fake.handler = (req: RecordedRequest) => {
      const stage = firstPrompt(req).includes('Toy stage one') ? 'one' : 'two';
      const list = byStage[stage];
      return list[Math.min(seen[stage]++, list.length - 1)];
    };
  };
  const run = (maxInputTokens = 100_000) => {
    const progress: string[] = [];
    const client = createLlmClient({ apiKey: 'test', baseURL: fake.url, retryBaseMs: 1 });
    return runStages(job(), {}, { client, budget: new TokenBudget(maxInputTokens, client.model), kb, progress: (m) => progress.push(m) }).then((r) => ({ ...r, progress }));
  };

  it('runs the stages in order, each with its own part of the schema, and passes earlier output on', async () => {
    script({ one: [jsonReply(GOOD_THINGS)], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    expect(r.state).toEqual({ ...GOOD_THINGS, risks: [{ id: 'risk-a', techniques: [{ id: 'T1078', name: 'Valid Accounts' }] }] });
    expect(r.stages).toEqual([
      { name: 'things', engine: 'anthropic', attempts: 1 },
      { name: 'risks', engine: 'anthropic', attempts: 1 },
    ]);
    const [p1, p2] = fake.requests.map(firstPrompt);
    expect(p1).toContain('Toy stage one');
    expect(p2).toContain('Toy stage two');
    expect(p2).toContain('thing-api');
    // stage schema: only its own part and the $defs it reaches
    const schema1 = JSON.parse(p1.slice(p1.indexOf('Schema: ') + 8));
    expect(schema1.required).toEqual(['things']);
    expect(Object.keys(schema1.$defs)).toEqual(['thing']);
    expect(fake.requests[0].body.system).toContain('You list the parts');
    expect(r.progress.some((m) => m.startsWith('stage 1/2 (things)'))).toBe(true);
  });

  it('runs a tool_use turn and sends the whole conversation back with the tool result', async () => {
    script({ one: [toolUseReply([{ name: 'attack_lookup', input: { query: 'T1086' } }]), jsonReply(GOOD_THINGS)], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    expect(r.stages[0]).toMatchObject({ engine: 'anthropic', attempts: 1 });
    const second = fake.requests[1].body;
    expect(second.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    const use = (second.messages[1].content as Block[]).find((b) => b.type === 'tool_use')!;
    const result = (second.messages[2].content as Block[])[0];
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: use.id });
    expect(String(result.content)).toMatch(/T1086 is REVOKED.*T1059\.001/);
    expect(second.tools?.map((t) => t.name)).toEqual(['attack_lookup']);
  });

  it('tells a model that keeps calling tools to answer, and falls back if it still does not', async () => {
    script({ one: [toolUseReply([{ name: 'attack_lookup', input: { query: 'T1078' } }])], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    const stageOne = fake.requests.filter((q) => firstPrompt(q).includes('Toy stage one'));
    // the tool rounds allowed (8 by default; the app engine allows 4), then a turn with tool_choice none
    expect(stageOne.length).toBeGreaterThan(2);
    const forced = stageOne.filter((q) => q.body.tool_choice?.type === 'none');
    expect(forced.length).toBeGreaterThan(0);
    expect(JSON.stringify(stageOne.at(-1)!.body.messages)).toContain('Answer now with the JSON object');
    expect(r.stages[0]).toMatchObject({ engine: 'offline', fallbackReason: expect.stringMatching(/kept calling tools/) });
    expect(r.stages[1]).toMatchObject({ engine: 'anthropic' });
  });

  it('retries once with the parse error when the reply is not JSON, then accepts the valid answer', async () => {
    script({ one: [textReply('Here are the things: {"things": [oops'), jsonReply(GOOD_THINGS)], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    expect(r.stages[0]).toEqual({ name: 'things', engine: 'anthropic', attempts: 2 });
    const retry = lastMessage(fake.requests[1]);
    expect(retry.role).toBe('user');
    expect(String(retry.content)).toMatch(/not valid JSON/);
    expect(fake.requests[1].body.messages).toHaveLength(3);
  });

  it('retries with the schema errors appended, and falls back to the offline stage when still invalid', async () => {
    const bad = { things: [{ id: 'API', name: 'API', extra: true }] };
    script({ one: [jsonReply(bad), jsonReply(bad)], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    expect(r.state.things).toEqual(FALLBACK_THINGS.things);
    expect(r.stages[0]).toMatchObject({ name: 'things', engine: 'offline', attempts: 2 });
    expect(r.stages[0].fallbackReason).toMatch(/still invalid after a retry.*\/things\/0/);
    expect(r.stages[1]).toMatchObject({ name: 'risks', engine: 'anthropic' });
    const retry = String(lastMessage(fake.requests[1]).content);
    expect(retry).toContain('/things/0/extra');
    expect(retry).toContain('/things/0/id');
    expect(r.progress.some((m) => m.includes('falling back to the offline engine'))).toBe(true);
  });

  it('drops ATT&CK IDs the release does not have, with a warning', async () => {
    script({ one: [jsonReply(GOOD_THINGS)], two: [jsonReply({ risks: [{ id: 'risk-a', techniques: [{ id: 'T9999', name: 'Fake' }, { id: 'T1086', name: 'PowerShell' }] }] })] });
    const r = await run();
    expect(r.state.risks![0].techniques).toEqual([{ id: 'T1059.001', name: 'PowerShell' }]);
    expect(r.warnings.join('\n')).toMatch(/T9999 is not in ATT&CK 18\.1; dropped/);
    expect(r.warnings.join('\n')).toMatch(/T1086 is revoked.*remapped to T1059\.001/);
  });

  it('falls back when the API stays unavailable, and stops on a rejected key', async () => {
    script({ one: [{ status: 503, headers: { 'retry-after-ms': '1' }, body: { type: 'error', error: { type: 'api_error', message: 'down' } } }], two: [jsonReply(GOOD_RISKS)] });
    const r = await run();
    expect(r.stages[0]).toMatchObject({ engine: 'offline' });
    expect(r.stages[0].fallbackReason).toMatch(/unavailable \(503\)/);
    script({ one: [{ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } }], two: [] });
    await expect(run()).rejects.toThrow(/ANTHROPIC_API_KEY was rejected/);
  });

  it('refuses to send more than the input-token budget, with a clear error', async () => {
    script({ one: [jsonReply(GOOD_THINGS)], two: [jsonReply(GOOD_RISKS)] });
    const err = await run(50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmError);
    expect((err as TmError).message).toMatch(/needs about [\d,]+ input tokens at stage 1\/2 \(things\), more than the budget of 50/);
    expect((err as TmError).hint).toMatch(/--max-input-tokens/);
    expect(fake.requests).toHaveLength(0);
  });
});
