import { Console } from 'node:console';
import Anthropic, { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages.js';
import { TmError } from '../../util/errors.js';

/** The Claude model used when neither `--model` nor `model:` in tm.config.yaml names one. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export interface LlmClientOptions {
  /** defaults to ANTHROPIC_API_KEY */
  apiKey?: string;
  /** defaults to ANTHROPIC_BASE_URL, else the SDK's default (https://api.anthropic.com) */
  baseURL?: string;
  model?: string;
  /** retries on 429, 5xx and connection errors (default 4) */
  maxRetries?: number;
  /** first backoff delay when the server sends no retry-after (default 1000 ms; tests use a few ms) */
  retryBaseMs?: number;
  /** per-request timeout (default 20 minutes) */
  timeoutMs?: number;
  /** called before each retry, for a progress line */
  onRetry?: (message: string) => void;
  /**
   * Stream each response (default true): long answers (a large repo's architecture) take minutes,
   * and a streamed response keeps the connection alive. Either way it is one `POST /v1/messages`
   * and the engine sees the assembled message.
   */
  stream?: boolean;
}

/**
 * The client an engine holds: `TM_LLM_RETRY_BASE_MS` honoured (tests shorten the backoff), and
 * retry lines sent to whichever progress callback the current run set. The client exists before
 * `produce()` is handed its progress callback, hence the setter.
 */
export function createEngineClient(opts: LlmClientOptions): { client: LlmClient; setProgress: (p?: (m: string) => void) => void } {
  const envBase = Number(process.env.TM_LLM_RETRY_BASE_MS);
  let progress: ((m: string) => void) | undefined;
  const client = createLlmClient({
    ...opts,
    retryBaseMs: opts.retryBaseMs ?? (Number.isFinite(envBase) && envBase > 0 ? envBase : undefined),
    onRetry: (m) => progress?.(m),
  });
  return { client, setProgress: (p) => (progress = p) };
}

/** The one call the engine makes: `POST /v1/messages` (streamed, then assembled). */
export interface LlmClient {
  readonly model: string;
  readonly baseURL: string;
  create(params: Omit<MessageCreateParamsNonStreaming, 'model'>): Promise<Message>;
}

/** The API kept failing with 429/5xx (or the connection did) after every retry; the stage may fall back. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
}

/** The API refused this request (400, 413, 422…); the stage may fall back, the run goes on. */
export class LlmRequestError extends Error {
  override name = 'LlmRequestError';
}

/**
 * A client over the official SDK. The SDK's own retries are off (maxRetries 0) so that the
 * backoff, the retry-after handling and the progress lines are ours and testable; we never use
 * server-held threads or beta tool runners, so any endpoint that implements `POST /v1/messages`
 * works, including the test fake.
 */
export function createLlmClient(opts: LlmClientOptions = {}): LlmClient {
  const apiKey = opts.apiKey ?? process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    throw new TmError('usage', 'the anthropic engine needs ANTHROPIC_API_KEY, which is not set', {
      hint: 'export ANTHROPIC_API_KEY=<your key> (from https://console.anthropic.com), or run with --engine offline',
    });
  }
  const baseURL = opts.baseURL ?? (process.env.ANTHROPIC_BASE_URL || undefined);
  const model = opts.model || DEFAULT_MODEL;
  const sdk = new Anthropic({
    apiKey,
    // an explicit key means the SDK never looks for profiles or credential files
    baseURL: baseURL ?? null,
    maxRetries: 0,
    timeout: opts.timeoutMs ?? 1_200_000,
    openTelemetry: false,
    // the SDK logs to stdout by default; stdout carries the model (`tm model app` without -o)
    logger: new Console(process.stderr),
  });
  const maxRetries = opts.maxRetries ?? 4;
  const base = opts.retryBaseMs ?? 1000;
  const where = sdk.baseURL;

  return {
    model,
    baseURL: where,
    async create(params) {
      for (let attempt = 0; ; attempt++) {
        try {
          if (opts.stream === false) return await sdk.messages.create({ ...params, model, stream: false });
          return await sdk.messages.stream({ ...params, model }).finalMessage();
        } catch (err) {
          const status = err instanceof APIError ? err.status : undefined;
          // an `error` event inside a stream has no HTTP status, only the error type
          const streamed = err instanceof APIError && status === undefined ? errorType(err) : undefined;
          const transient =
            err instanceof APIConnectionError || status === 408 || status === 429 || (status !== undefined && status >= 500) || streamed === 'overloaded_error' || streamed === 'api_error' || streamed === 'rate_limit_error';
          if (status === 401) {
            throw new TmError('input', `ANTHROPIC_API_KEY was rejected (401 from ${where})`, {
              hint: 'check the key (a new one: https://console.anthropic.com/settings/keys), or that ANTHROPIC_BASE_URL points at the right endpoint',
              cause: err,
            });
          }
          if (status === 403) throw new TmError('input', `the API key may not use ${model} (403 from ${where}): ${apiMessage(err)}`, { hint: 'pick a model the key can use with --model', cause: err });
          if (status === 404) throw new TmError('input', `${where} does not know model ${model} (404): ${apiMessage(err)}`, { hint: 'check --model (or model: in tm.config.yaml), e.g. --model claude-sonnet-5-5', cause: err });
          if (!transient) throw new LlmRequestError(`the API refused the request (${status ?? 'error'}): ${apiMessage(err)}`);
          if (attempt >= maxRetries) throw new LlmUnavailableError(`the API is unavailable (${status ?? 'connection error'}) after ${attempt + 1} tries: ${apiMessage(err)}`);
          const delay = retryDelay(err, attempt, base);
          opts.onRetry?.(`API answered ${status ?? 'connection error'}; retrying in ${(delay / 1000).toFixed(delay < 1000 ? 2 : 0)} s (${attempt + 1}/${maxRetries})`);
          await sleep(delay);
        }
      }
    },
  };
}

/** The server's retry-after (ms or seconds or an HTTP date) when given, else exponential backoff with jitter; capped at 60 s. */
export function retryDelay(err: unknown, attempt: number, baseMs: number): number {
  const headers = err instanceof APIError ? err.headers : undefined;
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.min(ms, 60_000);
  const ra = headers?.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, 60_000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.max(0, Math.min(at - Date.now(), 60_000));
  }
  const exp = baseMs * 2 ** attempt;
  return Math.min(exp * (0.75 + Math.random() * 0.5), 30_000);
}

function errorType(err: APIError): string | undefined {
  return (err.error as { error?: { type?: string } } | undefined)?.error?.type;
}

function apiMessage(err: unknown): string {
  if (err instanceof APIError) {
    const body = err.error as { error?: { message?: string } } | undefined;
    return body?.error?.message ?? err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
