import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmClient, LlmRequestError, LlmUnavailableError } from '../../src/engines/llm/client.js';
import { TmError } from '../../src/util/errors.js';
import { apiError, FakeMessagesServer, textReply, type Handler } from './fake-server.js';

describe('Anthropic client against the fake Messages API', () => {
  let fake: FakeMessagesServer;
  beforeAll(async () => {
    fake = await FakeMessagesServer.start(() => textReply('hi'));
  });
  afterAll(() => fake.close());

  const client = (extra: Record<string, unknown> = {}) => createLlmClient({ apiKey: 'sk-ant-test-key', baseURL: fake.url, retryBaseMs: 5, ...extra });
  const script = (replies: Parameters<Handler>[0] extends never ? never : ReturnType<Handler>[]) => {
    fake.requests.length = 0;
    fake.handler = (_r, i) => replies[Math.min(i, replies.length - 1)];
  };
  const ask = (c = client()) => c.create({ max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });

  it('sends a plain POST /v1/messages with the key, the model and the whole conversation', async () => {
    script([textReply('hello back')]);
    const msg = await ask(client({ model: 'claude-haiku-5-5' }));
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'hello back' });
    expect(fake.requests).toHaveLength(1);
    // this SDK line sends the key as x-api-key or as a bearer token; either way it is the one given
    const h = fake.requests[0].headers;
    expect(String(h['x-api-key'] ?? h.authorization)).toMatch(/^(Bearer )?sk-ant-test-key$/);
    expect(fake.requests[0].body).toMatchObject({ model: 'claude-haiku-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    // streamed by default (long answers), assembled into one message
    expect(fake.requests[0].body.stream).toBe(true);
    expect(fake.strayRequests).toEqual([]);
  });

  it('can also ask for a plain JSON response', async () => {
    script([textReply('not streamed')]);
    const msg = await ask(client({ stream: false }));
    expect(msg.content[0]).toMatchObject({ text: 'not streamed' });
    expect(fake.requests[0].body.stream).toBe(false);
  });

  it('retries an overloaded error that arrives inside the stream', async () => {
    script([{ body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, textReply('after the storm')]);
    const msg = await ask();
    expect(msg.content[0]).toMatchObject({ text: 'after the storm' });
    expect(fake.requests).toHaveLength(2);
  });

  it('retries 429 (honouring retry-after) and 5xx, then succeeds', async () => {
    script([apiError(429, 'rate_limit_error', 'slow down', { 'retry-after': '0' }), apiError(529, 'overloaded_error', 'busy', { 'retry-after-ms': '5' }), apiError(500, 'api_error', 'oops'), textReply('ok')]);
    const notes: string[] = [];
    const msg = await ask(client({ onRetry: (m: string) => notes.push(m) }));
    expect(msg.content[0]).toMatchObject({ text: 'ok' });
    expect(fake.requests).toHaveLength(4);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/429/);
  });

  it('gives up after maxRetries with an error the stage runner can fall back on', async () => {
    script([apiError(503, 'api_error', 'down', { 'retry-after-ms': '1' })]);
    await expect(ask(client({ maxRetries: 2 }))).rejects.toBeInstanceOf(LlmUnavailableError);
    expect(fake.requests).toHaveLength(3);
  });

  it('a 400 is not retried', async () => {
    script([apiError(400, 'invalid_request_error', 'bad field')]);
    await expect(ask()).rejects.toBeInstanceOf(LlmRequestError);
    expect(fake.requests).toHaveLength(1);
  });

  it('a 401 is a clear error naming the key, not retried', async () => {
    script([apiError(401, 'authentication_error', 'invalid x-api-key')]);
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmError);
    expect((err as TmError).message).toMatch(/ANTHROPIC_API_KEY was rejected/);
    expect((err as TmError).kind).toBe('input');
    expect(fake.requests).toHaveLength(1);
  });

  it('without a key it says which variable to set', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => createLlmClient({ baseURL: fake.url })).toThrow(/needs ANTHROPIC_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
