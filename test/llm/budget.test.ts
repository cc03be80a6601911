import { describe, expect, it } from 'vitest';
import { estimateTokens, priceOf, TokenBudget } from '../../src/engines/llm/budget.js';
import { extractJson } from '../../src/engines/llm/json-extract.js';
import { TmError } from '../../src/util/errors.js';

describe('token budget and cost', () => {
  it('estimates 4 characters a token and checks before sending', () => {
    expect(estimateTokens('x'.repeat(401))).toBe(101);
    const b = new TokenBudget(1000, 'claude-sonnet-5-5');
    b.check(900, 'stage 1/3 (architecture)');
    b.record({ input_tokens: 900, output_tokens: 10 }, 880);
    expect(() => b.check(200, 'stage 2/3 (threats)')).toThrow(TmError);
    expect(() => b.check(200, 'stage 2/3 (threats)')).toThrow(/about 1,100 input tokens at stage 2\/3 \(threats\), more than the budget of 1,000/);
  });

  it('uses the estimate when a response reports no usage, and prices cache reads lower', () => {
    const b = new TokenBudget(1e9, 'claude-sonnet-5-5');
    b.record(undefined, 500);
    expect(b.usage().inputTokens).toBe(500);
    const c = new TokenBudget(1e9, 'claude-sonnet-5-5');
    c.record({ input_tokens: 0, cache_read_input_tokens: 1_000_000, output_tokens: 0 }, 1);
    expect(c.usage()).toEqual({ inputTokens: 1_000_000, outputTokens: 0, estimatedCostUsd: 0.2 });
    const d = new TokenBudget(1e9, 'claude-sonnet-5-5');
    d.record({ input_tokens: 1_000_000, output_tokens: 100_000 }, 1);
    expect(d.usage().estimatedCostUsd).toBe(3);
  });

  it('knows dated snapshots by their alias, and gives no cost for unknown models', () => {
    expect(priceOf('claude-haiku-4-5-20251001')).toEqual(priceOf('claude-haiku-4-5'));
    expect(new TokenBudget(10, 'some-proxy-model').usage().estimatedCostUsd).toBeUndefined();
  });
});

describe('extractJson', () => {
  it('takes plain JSON, a fenced block, or the object inside a sentence; refuses broken JSON', () => {
    expect(extractJson('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(extractJson('Here:\n```json\n{"a":2}\n```\n')).toEqual({ value: { a: 2 } });
    expect(extractJson('The model: {"a":3} done.')).toEqual({ value: { a: 3 } });
    expect(extractJson('{"a":')).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(extractJson('  ')).toMatchObject({ error: expect.stringMatching(/empty/) });
  });
});
