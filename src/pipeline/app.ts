import type { LoadedAttack } from '../attack/load.js';
import type { AttackKB } from '../attack/kb.js';
import type { Engine, EngineId, EngineResult } from '../engines/types.js';
import { gatherRepo } from '../gather/repo/index.js';
import { modelToYaml } from '../model/app/canonical.js';
import { renderModelMarkdown } from '../model/app/render.js';
import { sanitizeModelTechniques } from '../model/app/techniques.js';
import type { AppGatherResult, AppThreatModel } from '../model/app/types.js';
import { inputError, TmError, usageError } from '../util/errors.js';
import { validateAgainst } from '../validate/ajv.js';

export interface ModelAppOptions {
  repo: string;
  /** loads ATT&CK (the shell decides where from) */
  attack: () => Promise<LoadedAttack>;
  engine?: EngineId;
  /** options for the Anthropic engine */
  llm?: { model?: string; maxInputTokens?: number };
  kbDirs?: string[];
  rules?: string[];
  format?: 'yaml' | 'md' | 'both';
  /** pins `metadata.generated` (no wall time, this date as generated_at): byte-identical output */
  asOf?: string;
  toolVersion: string;
  templatesDir?: string;
  progress?: (message: string) => void;
}

export interface ModelAppResult {
  model: AppThreatModel;
  yaml: string;
  markdown?: string;
  gather: AppGatherResult;
  stages: EngineResult<AppThreatModel>['stages'];
  warnings: string[];
}

/**
 * `tm model app`, as a recipe: load ATT&CK, gather the repo, produce the model with the
 * engine, validate every ATT&CK ID and the schema, add rule coverage, render.
 */
export async function modelApp(opts: ModelAppOptions): Promise<ModelAppResult> {
  const started = performance.now();
  const { kb } = await opts.attack();

  opts.progress?.('scanning the repository');
  const gather = gatherRepo(opts.repo);
  if (gather.stats.files_read === 0) throw nothingReadable(opts.repo, gather);

  const engine = await engineFor(opts);
  const produced = await engine.produce(gather, { kb, kbDirs: opts.kbDirs, progress: opts.progress });
  const model = produced.output;

  const idWarnings = sanitizeModelTechniques(model, kb);
  if (opts.rules?.length) model.detection_coverage.rules = await ruleCoverage(opts.rules, kb, model, idWarnings);
  model.metadata.warnings = [...new Set([...model.metadata.warnings, ...produced.warnings, ...idWarnings])].sort();
  stamp(model, opts, produced, performance.now() - started);

  const check = validateAgainst('app-threat-model', model);
  if (!check.valid)
    throw new TmError('gate', `the ${engine.id} engine produced a model that does not match schemas/app-threat-model.schema.json:\n  ${check.errors.slice(0, 20).map((e) => `${e.path}: ${e.message}`).join('\n  ')}`, {
      hint: 'this is a bug in the engine or the kb; run with --debug and report it',
    });

  const format = opts.format ?? 'yaml';
  return {
    model,
    yaml: modelToYaml(model),
    markdown: format === 'yaml' ? undefined : renderModelMarkdown(model, { templatesDir: opts.templatesDir }),
    gather,
    stages: produced.stages,
    warnings: model.metadata.warnings,
  };
}

async function engineFor(opts: ModelAppOptions): Promise<Engine<AppGatherResult, AppThreatModel>> {
  if (!opts.engine || opts.engine === 'offline') return (await import('../engines/offline/index.js')).createOfflineAppEngine();
  if (opts.engine !== 'anthropic') throw usageError(`unknown engine "${opts.engine}"`, 'use --engine offline or --engine anthropic');
  // imported only when asked for: the Anthropic SDK stays out of offline runs
  const { createAnthropicAppEngine } = await import('../engines/llm/app-engine.js');
  return createAnthropicAppEngine({ model: opts.llm?.model, maxInputTokens: opts.llm?.maxInputTokens, kbDirs: opts.kbDirs, repoRoot: opts.repo });
}

/** `tm coverage` over the rule folders, for the techniques the model names. */
async function ruleCoverage(paths: string[], kb: AttackKB, model: AppThreatModel, warnings: string[]): Promise<NonNullable<AppThreatModel['detection_coverage']['rules']>> {
  const { coverageForRules } = await import('../coverage/api.js');
  const wanted = [...new Set([...model.detection_coverage.detectable_techniques.map((t) => t.id), ...model.detection_coverage.blind_spots.map((b) => b.technique.id)])].sort();
  const { summary, problems } = await coverageForRules(paths, kb, wanted);
  for (const p of problems) warnings.push(`rules: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.error}`);
  const by: Record<string, string[]> = {};
  for (const id of wanted) if (summary.byTechnique[id]?.length) by[id] = summary.byTechnique[id];
  return { rules_total: summary.rulesTotal, covered: summary.covered.filter((t) => wanted.includes(t)).sort(), gaps: summary.gaps.filter((t) => wanted.includes(t)).sort(), by_technique: by };
}

/** Provenance: the only part of the model that changes between runs on the same input (unless `--as-of`). */
function stamp(model: AppThreatModel, opts: ModelAppOptions, produced: EngineResult<AppThreatModel>, wallMs: number): void {
  if (opts.asOf) model.metadata.as_of = opts.asOf;
  model.metadata.generated = {
    tool_version: opts.toolVersion,
    engine: produced.stages.some((s) => s.engine === 'anthropic') ? 'anthropic' : 'offline',
    attack_version: model.metadata.attack_version,
    generated_at: opts.asOf ?? new Date().toISOString(),
    ...(opts.asOf ? {} : { wall_time_ms: Math.round(wallMs) }),
    stages: produced.stages.map((s) => ({ name: s.name, engine: s.engine, ...(s.fallbackReason ? { fallback_reason: s.fallbackReason } : {}) })),
    ...(produced.usage
      ? {
          usage: {
            input_tokens: produced.usage.inputTokens,
            output_tokens: produced.usage.outputTokens,
            ...(produced.usage.estimatedCostUsd !== undefined ? { estimated_cost_usd: Math.round(produced.usage.estimatedCostUsd * 10000) / 10000 } : {}),
          },
        }
      : {}),
  };
}

function nothingReadable(repo: string, g: AppGatherResult): TmError {
  const why = g.stats.files_seen === 0 ? 'the folder has no files (after .gitignore)' : `none of its ${g.stats.files_seen} file(s) could be read as text`;
  const first = g.problems.slice(0, 5).map((p) => `${p.file}: ${p.error}`);
  return inputError(`nothing readable in ${repo}: ${why}${first.length ? `\n  ${first.join('\n  ')}` : ''}`, { hint: 'point tm model app at the root of a source repository' });
}
