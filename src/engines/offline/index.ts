import type { Engine, EngineContext, EngineResult } from '../types.js';
import { APP_STAGE_PARTS, type AppGatherResult, type AppStageName, type AppThreatModel } from '../../model/app/types.js';
import { architectureStage } from './architecture.js';
import type { OfflineStageContext } from './context.js';
import { responseStage } from './response.js';
import { threatsStage } from './threats.js';

/**
 * The offline stages, one per LLM stage, so the Anthropic engine can fall back stage by stage:
 * `offlineStages.architecture(gather, ctx)`, then `threats(gather, arch, ctx)`, then
 * `response(gather, {...arch, ...threats}, ctx)`. Pass `ctx.warnings` (a Set) to collect
 * ATT&CK ID replacements and drops.
 */
export const offlineStages = {
  architecture: architectureStage,
  threats: threatsStage,
  response: responseStage,
} as const;

/** The top-level model properties a stage produces (for prompts, merging and fallbacks). */
export function stageParts(stage: AppStageName): readonly (keyof AppThreatModel)[] {
  return APP_STAGE_PARTS[stage];
}

/** The deterministic engine: the kb rules over the gathered evidence. */
export function createOfflineAppEngine(): Engine<AppGatherResult, AppThreatModel> {
  return {
    id: 'offline',
    async produce(g: AppGatherResult, ctx: EngineContext): Promise<EngineResult<AppThreatModel>> {
      const warnings = new Set<string>();
      const sctx: OfflineStageContext = { ...ctx, warnings };
      ctx.progress?.('architecture');
      const arch = offlineStages.architecture(g, sctx);
      ctx.progress?.('attack paths and scenarios');
      const threats = offlineStages.threats(g, arch, sctx);
      ctx.progress?.('detection and response');
      const response = offlineStages.response(g, { ...arch, ...threats }, sctx);
      const output: AppThreatModel = {
        metadata: baseMetadata(g, ctx, [...warnings]),
        ...arch,
        ...threats,
        ...response,
      };
      return {
        output,
        warnings: [...warnings].sort(),
        stages: (['architecture', 'threats', 'response'] as const).map((name) => ({ name, engine: 'offline' as const })),
      };
    },
  };
}

/** Metadata every engine can start from; the pipeline fills `generated`. */
export function baseMetadata(g: AppGatherResult, ctx: EngineContext, warnings: string[]): AppThreatModel['metadata'] {
  return {
    schema_version: '1',
    repository: g.repository,
    attack_version: ctx.kb.version,
    services: g.services.map((s) => s.name).sort(),
    stats: g.stats,
    warnings: [...new Set([...warnings, ...g.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.error}`)])].sort(),
    generated: { tool_version: '', engine: 'offline', attack_version: ctx.kb.version, generated_at: '' },
  };
}

export { architectureStage, threatsStage, responseStage };
export type { OfflineStageContext };
export { loadModelKB, type ModelKB } from './kb.js';
