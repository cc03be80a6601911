import type { EngineContext } from '../types.js';
import { techniqueResolver } from '../../model/app/techniques.js';
import type { TechniqueRef } from '../../model/app/types.js';
import { loadModelKB, type ModelKB } from './kb.js';

/** What every offline stage needs; `warnings` collects ATT&CK ID replacements and drops. */
export type OfflineStageContext = EngineContext & { warnings?: Set<string> };

export interface StageTools {
  kb: ModelKB;
  tech: (ids: readonly string[]) => TechniqueRef[];
  warnings: Set<string>;
}

export function toolsFor(ctx: OfflineStageContext): StageTools {
  const warnings = ctx.warnings ?? new Set<string>();
  return { kb: loadModelKB(ctx.kbDirs ?? []), tech: techniqueResolver(ctx.kb, warnings), warnings };
}
