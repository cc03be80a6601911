import type { AttackKB } from '../attack/kb.js';

/**
 * The one contract both engines implement. An engine turns gathered evidence into a model
 * document; it never reads files itself except through the tools its caller hands it, never
 * prints, and returns warnings, token usage and fallbacks as data.
 *
 * `TInput`/`TOutput` are the job's own types: for `tm model app`, the repo gather result and
 * the app threat model (src/model/app/types.ts); for `tm model org`, the org context and the
 * register draft (src/register/types.ts).
 */
export interface Engine<TInput, TOutput> {
  /** `offline` (deterministic rules, the default) or `anthropic` */
  readonly id: EngineId;
  produce(input: TInput, ctx: EngineContext): Promise<EngineResult<TOutput>>;
}

export type EngineId = 'offline' | 'anthropic';

export interface EngineContext {
  kb: AttackKB;
  /** progress lines for stderr (the shell decides whether to show them) */
  progress?: (message: string) => void;
  /** extra knowledge-base folders (`--kb <dir>`) for the offline engine */
  kbDirs?: string[];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD, from the model's published price when known */
  estimatedCostUsd?: number;
}

export interface EngineResult<T> {
  output: T;
  warnings: string[];
  /** per stage: which engine produced it, and why it fell back when it did */
  stages: { name: string; engine: EngineId; fallbackReason?: string; attempts?: number }[];
  usage?: TokenUsage;
}
