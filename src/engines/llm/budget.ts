import { TmError } from '../../util/errors.js';
import type { TokenUsage } from '../types.js';

/**
 * Input-token budget and usage accounting for one engine run.
 *
 * The budget is checked before every request with an estimate (characters / 4: the token
 * counting endpoint is a separate API that not every Messages endpoint offers), and settled
 * with the real `usage.input_tokens` each response reports. Because the engine re-sends the
 * whole conversation each turn, every turn's input counts in full.
 */
export const CHARS_PER_TOKEN = 4;
export const DEFAULT_MAX_INPUT_TOKENS = 300_000;

export const estimateTokens = (chars: number | string): number => Math.ceil((typeof chars === 'string' ? chars.length : chars) / CHARS_PER_TOKEN);

/** USD per million tokens, from Anthropic's published price list (input, output). Unknown models get no cost estimate. */
const PRICES: Record<string, [number, number]> = {
  'claude-fable-5-1': [10, 50],
  'claude-opus-5-5': [4, 20],
  'claude-opus-5': [5, 25],
  'claude-sonnet-5-5': [2, 10],
  'claude-sonnet-5': [2, 10],
  'claude-haiku-5-5': [0.1, 0.5],
  'claude-opus-4-8': [5, 25],
  'claude-sonnet-4-6': [3, 15],
  'claude-haiku-4-5': [1, 5],
};

export function priceOf(model: string): [number, number] | undefined {
  if (PRICES[model]) return PRICES[model];
  // dated snapshots (`claude-haiku-4-5-20251001`) cost what their alias costs
  const alias = model.replace(/-\d{8}$/, '');
  return PRICES[alias];
}

export class TokenBudget {
  inputTokens = 0;
  outputTokens = 0;
  requests = 0;

  constructor(
    readonly maxInputTokens: number,
    readonly model: string,
  ) {}

  /** Throws a user-facing error when sending `estimate` more input tokens would pass the budget. */
  check(estimate: number, where: string): void {
    if (this.inputTokens + estimate <= this.maxInputTokens) return;
    const need = this.inputTokens + estimate;
    throw new TmError('input', `this run needs about ${need.toLocaleString('en-US')} input tokens at ${where}, more than the budget of ${this.maxInputTokens.toLocaleString('en-US')} (--max-input-tokens)`, {
      hint: `raise it (--max-input-tokens ${roundUp(need * 1.5)}, or max_input_tokens in tm.config.yaml), model a sub-folder of the repository, or use --engine offline`,
    });
  }

  /** of `inputTokens`: read from / written to the prompt cache (priced at 0.1× / 1.25× input) */
  cacheReadTokens = 0;
  cacheWriteTokens = 0;

  record(usage: { input_tokens?: number | null; output_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null } | undefined, estimate: number): void {
    this.requests++;
    const read = usage?.cache_read_input_tokens ?? 0;
    const write = usage?.cache_creation_input_tokens ?? 0;
    const input = (usage?.input_tokens ?? 0) + read + write;
    this.inputTokens += input > 0 ? input : estimate;
    this.cacheReadTokens += read;
    this.cacheWriteTokens += write;
    this.outputTokens += usage?.output_tokens ?? 0;
  }

  usage(): TokenUsage {
    const price = priceOf(this.model);
    const u: TokenUsage = { inputTokens: this.inputTokens, outputTokens: this.outputTokens };
    if (price) {
      const plain = this.inputTokens - this.cacheReadTokens - this.cacheWriteTokens;
      const input = plain + this.cacheReadTokens * 0.1 + this.cacheWriteTokens * 1.25;
      u.estimatedCostUsd = Math.round(((input * price[0] + this.outputTokens * price[1]) / 1e6) * 10_000) / 10_000;
    }
    return u;
  }
}

function roundUp(n: number): number {
  const step = 50_000;
  return Math.ceil(n / step) * step;
}
