import type { AttackKB } from '../../attack/kb.js';
import type { DraftThreat } from '../../register/types.js';
import { byString } from '../../util/json.js';
import { isCovered } from '../offline/org-analysis.js';
import { produceOrgDraft } from '../offline/org.js';
import type { OrgDraft, OrgInput } from '../offline/org-types.js';
import type { Engine, EngineContext, EngineResult } from '../types.js';
import { DEFAULT_MAX_INPUT_TOKENS, TokenBudget } from './budget.js';
import { createEngineClient, type LlmClientOptions } from './client.js';
import { checkOrgResponse, checkOrgThreats } from './org-checks.js';
import { baselineThreats, orgContextBlocks, ORG_LIMITS, type OrgPromptLimits } from './org-context.js';
import { orgJobSchema } from './org-schema.js';
import { mcpReadOnlyTools, type McpCaller } from './org-tools.js';
import { runStages, type JobSpec, type StageSpec } from './stage-runner.js';
import { attackTool } from './tools.js';

/**
 * What `tm model org` hands an org engine: the offline engine's input, plus (for the Anthropic
 * engine) the still-open MCP pool for the read-only tools and the previous register's threats,
 * whose keys the model is asked to reuse. The offline engine ignores the extras.
 */
export interface OrgEngineInput extends OrgInput {
  pool?: McpCaller;
  previous?: { key: string; category: string; title: string; status: string }[];
}

/** Options `tm model org --engine anthropic` passes (see src/pipeline/org.ts). */
export interface AnthropicOrgEngineOptions extends Pick<LlmClientOptions, 'apiKey' | 'baseURL' | 'model' | 'maxRetries' | 'retryBaseMs'> {
  /** input-token budget for the whole run (default 300,000) */
  maxInputTokens?: number;
  /** tool-use rounds per stage answer (default 4) */
  maxToolTurns?: number;
  limits?: Partial<OrgPromptLimits>;
  /** a folder whose prompt templates override the shipped ones (tests, users' own prompts) */
  templatesDir?: string;
}

type OrgState = { threats?: DraftThreat[]; recommendations?: OrgDraft['recommendations']; controls?: OrgDraft['controls'] } & Record<string, unknown>;

/**
 * The Anthropic engine for `tm model org`: (1) the register's threats from the five context
 * layers and the answers, (2) recommendations and current controls; each validated against its
 * part of the org draft schema (cut from schemas/threat-register.schema.json), retried once,
 * and replaced by the offline org engine's matching part when still invalid. The rest of the
 * draft (ranked assets, actors, incident analysis, coverage, gaps) is computed by the offline
 * engine's rules around the model's threats. IDs are not the engine's business: the register
 * (src/register/) assigns them after it.
 *
 * Throws at creation when no API key is available (the CLI maps it to exit 2).
 */
export function createAnthropicOrgEngine(opts: AnthropicOrgEngineOptions = {}): Engine<OrgEngineInput, OrgDraft> {
  const { client, setProgress } = createEngineClient(opts);
  const limits = { ...ORG_LIMITS, ...opts.limits };
  return {
    id: 'anthropic',
    async produce(input: OrgEngineInput, ctx: EngineContext): Promise<EngineResult<OrgDraft>> {
      const progress = ctx.progress;
      setProgress(progress);
      // the offline draft: the fallback of each stage, and the rule-computed rest of the report
      const base = produceOrgDraft(input, ctx.kb);
      const budget = new TokenBudget(opts.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS, client.model);
      const job = orgJob(input, base, ctx.kb, limits, opts.templatesDir);
      const run = await runStages(job, {} as OrgState, { client, budget, kb: ctx.kb, progress, maxToolTurns: opts.maxToolTurns ?? 4 });
      const usage = budget.usage();
      progress?.(
        `anthropic engine: ${budget.requests} request(s), ${usage.inputTokens.toLocaleString('en-US')} input and ${usage.outputTokens.toLocaleString('en-US')} output tokens` +
          (usage.estimatedCostUsd !== undefined ? `, about $${usage.estimatedCostUsd.toFixed(2)}` : ''),
      );
      const drafts = run.state.threats!;
      const output: OrgDraft = {
        ...base,
        drafts,
        recommendations: run.state.recommendations!,
        controls: run.state.controls!,
        actors: actorsFor(base, drafts, ctx.kb),
        gaps: gapsFor(base, drafts, ctx.kb),
        warnings: [...new Set([...base.warnings, ...run.warnings])].sort(byString),
      };
      return { output, warnings: output.warnings, stages: run.stages, usage };
    },
  };
}

/** The org job: system prompt, read-only tools, and the two stages with their offline fallbacks. */
function orgJob(input: OrgEngineInput, base: OrgDraft, kb: AttackKB, limits: OrgPromptLimits, templatesDir?: string): JobSpec<OrgState> {
  const ctx = input.context;
  const tools = [attackTool(kb), ...(input.pool ? mcpReadOnlyTools(input.pool, ctx.roles) : [])];
  const blocks = orgContextBlocks(ctx, input.answers, base, kb, limits);
  const keysOf = (s: Readonly<OrgState>) => new Set((s.threats ?? []).map((t) => t.key));
  const stages: StageSpec<OrgState>[] = [
    {
      name: 'threats',
      label: 'register threats from the five context layers',
      template: 'prompts/org-threats.md.hbs',
      parts: ['threats'],
      maxTokens: 32_000,
      data: () => ({
        organisation: base.organisation,
        as_of: ctx.asOf,
        ...blocks,
        baseline: baselineThreats(base.drafts),
        previous: JSON.stringify((input.previous ?? []).map(({ key, category, title, status }) => ({ key, category, title, status }))),
      }),
      fallback: () => ({ threats: base.drafts }),
      check: (part) => checkOrgThreats(part, ctx, kb),
    },
    {
      name: 'recommendations',
      label: 'recommendations and current controls',
      template: 'prompts/org-response.md.hbs',
      parts: ['recommendations', 'controls'],
      maxTokens: 16_000,
      data: (s) => ({
        organisation: base.organisation,
        threats: JSON.stringify((s.threats ?? []).map(({ evidence: _e, description: _d, ...t }) => t)),
        coverage: `${base.coverage.detections_active} active rules of ${base.coverage.detections_total}; log sources without rules: ${base.coverage.sources_without_rules.join(', ') || 'none'}; detection gaps (techniques of the threats no active rule covers): ${gapsFor(base, s.threats ?? [], kb).map((g) => g.technique).join(', ') || 'none'}`,
        history: blocks.history,
        controls: JSON.stringify(base.controls),
      }),
      // the offline recommendations name the offline threats' keys: keep only those this run has
      fallback: (s) => {
        const keys = keysOf(s);
        const keep = (rs: OrgDraft['recommendations']['immediate']) => rs.map((r) => ({ ...r, threats: r.threats.filter((k) => keys.has(k)) })).filter((r, i) => r.threats.length || !rs[i].threats.length);
        return { recommendations: { immediate: keep(base.recommendations.immediate), short_term: keep(base.recommendations.short_term), long_term: keep(base.recommendations.long_term) }, controls: base.controls };
      },
      check: (part, s) => checkOrgResponse(part, keysOf(s), ctx),
    },
  ];
  return {
    name: 'org',
    schema: orgJobSchema(),
    systemTemplate: 'prompts/org-system.md.hbs',
    systemData: { organisation: base.organisation, attack_version: kb.version, tools: tools.map((t) => t.name) },
    templatesDir,
    tools,
    stages,
  };
}

/** The relevant actors, with the techniques of this run's threats each one uses. */
function actorsFor(base: OrgDraft, drafts: DraftThreat[], kb: AttackKB): OrgDraft['actors'] {
  const all = [...new Set(drafts.flatMap((d) => d.techniques))];
  const techs = (id: string) => {
    const used = new Set(kb.techniquesUsedBy(id, { viaSoftware: true }));
    return all.filter((t) => isCovered(t, used)).sort(byString);
  };
  const out = base.actors.map((a) => ({ ...a, techniques: techs(a.id) }));
  // a group the model named that the industry/geography intel did not: listed, and says so
  for (const id of [...new Set(drafts.flatMap((d) => d.actors))].sort(byString))
    if (!out.some((a) => a.id === id)) out.push({ id, name: kb.get(id)?.name ?? id, motive: 'unknown', reason: 'named by the model for threats of this register', techniques: techs(id) });
  return out;
}

/** Techniques of this run's threats that no active rule covers, with the threats (keys) that need them. */
function gapsFor(base: OrgDraft, drafts: readonly DraftThreat[], kb: AttackKB): OrgDraft['gaps'] {
  const covered = new Set(base.coverage.techniques);
  const gaps = new Map<string, Set<string>>();
  for (const d of drafts) for (const t of d.techniques) if (!isCovered(t, covered)) (gaps.get(t) ?? gaps.set(t, new Set()).get(t)!).add(d.key);
  return [...gaps]
    .map(([technique, ks]) => ({ technique, name: kb.get(technique)?.name ?? technique, tactics: kb.get(technique)?.tactics ?? [], threats: [...ks].sort(byString) }))
    .sort((a, b) => b.threats.length - a.threats.length || byString(a.technique, b.technique));
}
