import { readFileSync } from 'node:fs';
import type { AppGatherResult, AppThreatModel, ArchitecturePart, ThreatsPart } from '../../model/app/types.js';
import { APP_STAGE_PARTS } from '../../model/app/types.js';
import { packagePath } from '../../util/paths.js';
import { baseMetadata, offlineStages, type OfflineStageContext } from '../offline/index.js';
import type { Engine, EngineContext, EngineResult } from '../types.js';
import { evidenceBlock, fileListing, selectExcerpts, DEFAULT_LIMITS, type PromptLimits } from './app-context.js';
import { checkEvidence, checkReferences } from './app-checks.js';
import { DEFAULT_MAX_INPUT_TOKENS, TokenBudget } from './budget.js';
import { createEngineClient, type LlmClientOptions } from './client.js';
import { RepoFiles } from './repo-files.js';
import { runStages, type JobSpec, type StageSpec } from './stage-runner.js';
import { attackTool, repoTools } from './tools.js';

/** Options `tm model app --engine anthropic` passes (see src/pipeline/app.ts). */
export interface AnthropicAppEngineOptions extends Pick<LlmClientOptions, 'apiKey' | 'baseURL' | 'model' | 'maxRetries' | 'retryBaseMs'> {
  /** the scanned repository folder: file excerpts and the read_file/search_repo tools read it */
  repoRoot?: string;
  /** input-token budget for the whole run (default 300,000) */
  maxInputTokens?: number;
  /** extra offline kb folders, for the stages that fall back */
  kbDirs?: string[];
  /** tool-use rounds per stage answer (default 4) */
  maxToolTurns?: number;
  limits?: Partial<PromptLimits>;
}

type AppState = Partial<AppThreatModel> & Record<string, unknown>;

let appSchema: Record<string, unknown> | undefined;
const schema = () => (appSchema ??= JSON.parse(readFileSync(packagePath('schemas', 'app-threat-model.schema.json'), 'utf8')) as Record<string, unknown>);

/**
 * The Anthropic engine for `tm model app`: the three stages of the offline engine
 * (architecture; threats; response), each asked of Claude with its own prompt template,
 * validated against its part of schemas/app-threat-model.schema.json, and replaced by the
 * offline stage when the model cannot give a valid answer.
 *
 * Throws at creation when no API key is available (the CLI maps it to exit 2).
 */
export function createAnthropicAppEngine(opts: AnthropicAppEngineOptions = {}): Engine<AppGatherResult, AppThreatModel> {
  const { client, setProgress } = createEngineClient(opts);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  return {
    id: 'anthropic',
    async produce(g: AppGatherResult, ctx: EngineContext): Promise<EngineResult<AppThreatModel>> {
      const progress = ctx.progress;
      setProgress(progress);
      const warnings: string[] = [];
      const files = opts.repoRoot ? new RepoFiles(opts.repoRoot, g.evidence.filter((e) => e.kind === 'secret').map((e) => e.at)) : undefined;
      if (!files) warnings.push('anthropic engine: no repository folder was given, so the model saw only the scanners’ evidence (no excerpts, no file tools)');
      const budget = new TokenBudget(opts.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS, client.model);
      const offlineWarnings = new Set<string>();
      const sctx: OfflineStageContext = { ...ctx, kbDirs: opts.kbDirs ?? ctx.kbDirs, warnings: offlineWarnings };
      const job = appJob(g, files, limits, sctx, ctx);
      const run = await runStages(job, {} as AppState, { client, budget, kb: ctx.kb, progress, maxToolTurns: opts.maxToolTurns ?? 4 });
      const usage = budget.usage();
      progress?.(
        `anthropic engine: ${budget.requests} request(s), ${usage.inputTokens.toLocaleString('en-US')} input and ${usage.outputTokens.toLocaleString('en-US')} output tokens` +
          (usage.estimatedCostUsd !== undefined ? `, about $${usage.estimatedCostUsd.toFixed(2)}` : ''),
      );
      const all = [...warnings, ...run.warnings, ...offlineWarnings].sort();
      const s = run.state;
      const output: AppThreatModel = {
        metadata: baseMetadata(g, ctx, all),
        architecture_components: s.architecture_components!,
        data_flows: s.data_flows!,
        trust_boundaries: s.trust_boundaries!,
        authentication: s.authentication!,
        sensitive_assets: s.sensitive_assets!,
        external_integrations: s.external_integrations!,
        log_sources: s.log_sources!,
        findings: s.findings!,
        attack_paths: s.attack_paths!,
        threat_scenarios: s.threat_scenarios!,
        detection_coverage: s.detection_coverage!,
        response_playbooks: s.response_playbooks!,
        monitoring_recommendations: s.monitoring_recommendations!,
      };
      output.metadata.generated.engine = 'anthropic';
      return { output, warnings: all, stages: run.stages, usage };
    },
  };
}

/**
 * The architecture without `evidence` lists (file:line refs the later stages do not reason
 * about), except for the parts named in `keep`: a third of the tokens on a large repo.
 */
function withoutEvidence<T extends object>(part: T, keep: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(part)) out[k] = keep.includes(k) || !Array.isArray(v) ? v : v.map((x) => (x && typeof x === 'object' ? { ...x, evidence: undefined } : x));
  return out as T;
}

/** The app job: system prompt, tools and the three stages, with their offline fallbacks. */
function appJob(g: AppGatherResult, files: RepoFiles | undefined, limits: PromptLimits, sctx: OfflineStageContext, ctx: EngineContext): JobSpec<AppState> {
  const pick = <K extends keyof AppThreatModel>(s: AppState, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, s[k]])) as Pick<AppThreatModel, K>;
  const arch = (s: AppState) => pick(s, APP_STAGE_PARTS.architecture) as ArchitecturePart;
  const threats = (s: AppState) => pick(s, APP_STAGE_PARTS.threats) as ThreatsPart;
  const check = (name: string) => (part: Record<string, unknown>, state: AppState) => {
    const e = checkEvidence(part, files, name);
    const r = checkReferences(name, part, state);
    const warnings = [...e.warnings, ...r.warnings];
    // rule coverage comes from `--rules` (measured by tm coverage), never from the model
    const dc = part.detection_coverage as { rules?: unknown } | undefined;
    if (dc && typeof dc === 'object' && 'rules' in dc) {
      delete dc.rules;
      warnings.push(`${name}: detection_coverage.rules from the model ignored (rule coverage is measured with --rules)`);
    }
    return { warnings, issues: r.issues };
  };

  const stages: StageSpec<AppState>[] = [
    {
      name: 'architecture',
      label: 'architecture, flows, boundaries and assets',
      template: 'prompts/app-architecture.md.hbs',
      parts: APP_STAGE_PARTS.architecture,
      maxTokens: 64_000,
      data() {
        const ev = evidenceBlock(g, limits);
        const excerpts = files ? selectExcerpts(g, files, limits) : [];
        const listing = fileListing(files, excerpts, limits);
        return { repository: g.repository, services: g.services, evidence: ev.text, evidence_omitted: ev.omitted, excerpts, files: listing.text, files_omitted: listing.omitted };
      },
      fallback: () => offlineStages.architecture(g, sctx),
      check: check('architecture'),
    },
    {
      name: 'threats',
      label: 'attack paths and threat scenarios',
      template: 'prompts/app-threats.md.hbs',
      parts: APP_STAGE_PARTS.threats,
      maxTokens: 24_000,
      data: (s) => ({ repository: g.repository, architecture: JSON.stringify(withoutEvidence(arch(s), ['findings'])) }),
      fallback: (s) => offlineStages.threats(g, arch(s), sctx),
      check: check('threats'),
    },
    {
      name: 'response',
      label: 'detection coverage, playbooks and monitoring',
      template: 'prompts/app-response.md.hbs',
      parts: APP_STAGE_PARTS.response,
      maxTokens: 24_000,
      data: (s) => ({
        repository: g.repository,
        // the response stage needs what can see what, not every flow and asset
        architecture: JSON.stringify({ architecture_components: (s.architecture_components ?? []).map(({ id, name, type, exposure }) => ({ id, name, type, exposure })), log_sources: s.log_sources }),
        threats: JSON.stringify(threats(s)),
      }),
      fallback: (s) => offlineStages.response(g, { ...arch(s), ...threats(s) }, sctx),
      check: check('response'),
    },
  ];
  return {
    name: 'app',
    schema: schema(),
    systemTemplate: 'prompts/system.md.hbs',
    systemData: { repository: g.repository, attack_version: ctx.kb.version },
    tools: [...(files ? repoTools(files) : []), attackTool(ctx.kb)],
    stages,
  };
}
