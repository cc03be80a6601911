import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { AttackKB } from '../../attack/kb.js';
import { renderTemplate } from '../../render/handlebars.js';
import type { ValidationIssue } from '../../validate/ajv.js';
import type { EngineResult } from '../types.js';
import { fixAttackIds } from './attack-ids.js';
import type { TokenBudget } from './budget.js';
import { LlmRequestError, LlmUnavailableError, type LlmClient } from './client.js';
import { converse } from './conversation.js';
import { extractJson } from './json-extract.js';
import { redact } from './redact.js';
import { stageSchema, validateStage } from './subschema.js';
import type { LlmTool } from './tools.js';

type State = Record<string, unknown>;

/**
 * One prompt stage of a job. A stage asks for some top-level properties (`parts`) of the
 * job's document, shows the model the schema of exactly those, and falls back to the offline
 * engine's matching stage when the model cannot produce a valid answer. See README.md.
 */
export interface StageSpec<S extends State> {
  /** stage name, as recorded in `metadata.generated.stages` */
  name: string;
  /** for progress lines: `architecture, flows and assets` */
  label: string;
  /** handlebars template under templates/ (`prompts/app-architecture.md.hbs`) */
  template: string;
  /** the top-level document properties this stage produces */
  parts: readonly string[];
  /** template data; `schema` (the stage's JSON Schema, minified) is added by the runner */
  data(state: Readonly<S>): Record<string, unknown>;
  /** the offline engine's stage: the same parts, from rules */
  fallback(state: Readonly<S>): Partial<S> | Promise<Partial<S>>;
  /**
   * Job-specific checks of an answer (after ATT&CK IDs are fixed), in place: returns warnings
   * (kept if the answer is accepted) and issues (make the answer invalid, like schema errors).
   */
  check?(part: Record<string, unknown>, state: Readonly<S>): { warnings: string[]; issues: ValidationIssue[] };
  /** output token cap for this stage's replies */
  maxTokens?: number;
}

/** A whole job: a system prompt, the read-only tools, the stages in order, and the document schema. */
export interface JobSpec<S extends State> {
  /** `app`, `org` */
  name: string;
  /** the full JSON Schema of the job's document; stage schemas are cut from its properties */
  schema: Record<string, unknown>;
  systemTemplate: string;
  systemData: Record<string, unknown>;
  /** a folder whose templates override the shipped ones by name (users' own prompts, tests) */
  templatesDir?: string;
  tools: readonly LlmTool[];
  stages: readonly StageSpec<S>[];
}

export interface RunOptions {
  client: LlmClient;
  budget: TokenBudget;
  kb: AttackKB;
  progress?: (message: string) => void;
  maxToolTurns?: number;
}

export interface RunResult<S> {
  state: S;
  stages: EngineResult<unknown>['stages'];
  warnings: string[];
}

const MAX_ISSUES_SHOWN = 25;

/**
 * Run a job's stages in order. Each stage's answer is parsed, its ATT&CK IDs fixed, checked and
 * validated against its part of the schema; an invalid answer is retried once with the problems
 * appended to the same conversation; a second invalid answer, or an API that stays unavailable,
 * makes that stage fall back to the offline engine (recorded with the reason). A rejected key or
 * an exhausted token budget stops the run (they would fail every stage the same way).
 */
export async function runStages<S extends State>(job: JobSpec<S>, initial: S, opts: RunOptions): Promise<RunResult<S>> {
  const state = { ...initial } as S;
  const stages: RunResult<S>['stages'] = [];
  const warnings = new Set<string>();
  const system = redact(renderTemplate(job.systemTemplate, job.systemData, { templatesDir: job.templatesDir }));
  const n = job.stages.length;
  for (const [i, stage] of job.stages.entries()) {
    const where = `stage ${i + 1}/${n} (${stage.name})`;
    opts.progress?.(`${where}: ${stage.label}: asking ${opts.client.model}`);
    let outcome: StageOutcome;
    try {
      outcome = await runStage(job, stage, state, system, where, opts);
    } catch (e) {
      if (!(e instanceof LlmUnavailableError || e instanceof LlmRequestError)) throw e;
      outcome = { ok: false, reason: e.message, attempts: 1 };
    }
    if (outcome.ok) {
      Object.assign(state, outcome.value);
      for (const w of outcome.warnings) warnings.add(w);
      stages.push({ name: stage.name, engine: 'anthropic', attempts: outcome.attempts });
      opts.progress?.(`${where}: done${outcome.attempts > 1 ? ' (after a retry)' : ''}`);
    } else {
      opts.progress?.(`${where}: falling back to the offline engine: ${outcome.reason}`);
      Object.assign(state, await stage.fallback(state));
      stages.push({ name: stage.name, engine: 'offline', fallbackReason: outcome.reason, attempts: outcome.attempts });
    }
  }
  return { state, stages, warnings: [...warnings].sort() };
}

type StageOutcome = { ok: true; value: Record<string, unknown>; warnings: string[]; attempts: number } | { ok: false; reason: string; attempts: number };

const schemas = new WeakMap<object, Map<string, Record<string, unknown>>>();

function schemaFor(job: JobSpec<State>, parts: readonly string[]): Record<string, unknown> {
  let m = schemas.get(job.schema);
  if (!m) schemas.set(job.schema, (m = new Map()));
  const key = parts.join(',');
  let s = m.get(key);
  if (!s) m.set(key, (s = stageSchema(job.schema, parts)));
  return s;
}

async function runStage<S extends State>(job: JobSpec<S>, stage: StageSpec<S>, state: S, system: string, where: string, opts: RunOptions): Promise<StageOutcome> {
  const schema = schemaFor(job as unknown as JobSpec<State>, stage.parts);
  const prompt = renderTemplate(stage.template, { ...stage.data(state), schema: JSON.stringify(schema), parts: stage.parts }, { templatesDir: job.templatesDir });
  // the stage prompt is re-sent with every tool round and the retry: mark it for prompt caching
  // (endpoints without caching ignore the marker; input tokens are counted in full either way)
  const messages: MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: redact(prompt), cache_control: { type: 'ephemeral' } }] }];
  let issues: ValidationIssue[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await converse(opts.client, { system, messages, tools: job.tools, maxTokens: stage.maxTokens ?? 16_000, maxToolTurns: opts.maxToolTurns }, opts.budget, where, opts.progress);
    const checked = checkAnswer(reply.text, reply.stopReason, stage, state, schema, opts.kb);
    if (checked.ok) return { ok: true, value: checked.value, warnings: checked.warnings, attempts: attempt };
    issues = checked.issues;
    if (attempt === 1) {
      opts.progress?.(`${where}: answer invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}); asking again with the errors`);
      messages.push({
        role: 'user',
        content: redact(renderTemplate('prompts/retry.md.hbs', { issues: issues.slice(0, MAX_ISSUES_SHOWN), more: Math.max(0, issues.length - MAX_ISSUES_SHOWN) }, { templatesDir: job.templatesDir })),
      });
    }
  }
  const first = issues.slice(0, 3).map((x) => `${x.path}: ${x.message}`).join('; ');
  return { ok: false, reason: `answer still invalid after a retry (${issues.length} problem${issues.length === 1 ? '' : 's'}: ${first})`, attempts: 2 };
}

type Checked = { ok: true; value: Record<string, unknown>; warnings: string[] } | { ok: false; issues: ValidationIssue[] };

function checkAnswer<S extends State>(text: string, stopReason: string | null, stage: StageSpec<S>, state: S, schema: Record<string, unknown>, kb: AttackKB): Checked {
  if (stopReason === 'max_tokens') return { ok: false, issues: [{ path: '/', message: 'the reply was cut off at the output token limit; answer again, shorter (fewer items, shorter descriptions)' }] };
  if (stopReason === 'refusal') return { ok: false, issues: [{ path: '/', message: 'the reply was a refusal' }] };
  const parsed = extractJson(text);
  if ('error' in parsed) return { ok: false, issues: [{ path: '/', message: parsed.error }] };
  if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return { ok: false, issues: [{ path: '/', message: `the answer must be a JSON object with the keys ${stage.parts.join(', ')}` }] };
  const fixed = fixAttackIds(parsed.value as Record<string, unknown>, kb);
  const extra = stage.check?.(fixed.value, state) ?? { warnings: [], issues: [] };
  const issues = [...extra.issues, ...validateStage(schema, fixed.value)];
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: fixed.value, warnings: [...fixed.warnings, ...extra.warnings] };
}
