/**
 * The small API other parts of tm (models, reports, MCP servers) call for coverage.
 * Gather (parse rule files) + compute, no printing.
 */
import type { AttackKB } from '../attack/kb.js';
import type { Problem } from '../util/errors.js';
import { parseRulePaths } from '../rules/index.js';
import { computeCoverage } from './compute.js';
import type { CoverageReport } from './types.js';

export type { CoverageReport } from './types.js';

export interface CoverageSummary {
  covered: string[];
  gaps: string[];
  rulesTotal: number;
  /** technique id -> ruleRefs, including those via sub-techniques */
  byTechnique: Record<string, string[]>;
}

/** Parse rule files under the given paths and compute coverage of `wanted` (default: all active techniques). */
export async function coverageForRules(
  paths: string[],
  kb: AttackKB,
  wanted?: string[],
): Promise<{ summary: CoverageSummary; report: CoverageReport; problems: Problem[] }> {
  const { detections, problems } = await parseRulePaths(paths);
  const report = computeCoverage(detections, problems, kb, { wanted, wantedSource: wanted ? 'list' : 'all' });
  return { summary: summarize(report), report, problems };
}

/** The short view of a report. */
export function summarize(report: CoverageReport): CoverageSummary {
  const byTechnique: Record<string, string[]> = {};
  const covered: string[] = [];
  const gaps: string[] = [];
  for (const t of report.techniques) {
    if (t.covered) covered.push(t.id);
    else gaps.push(t.id);
    byTechnique[t.id] = [...new Set([...t.direct, ...t.viaSubtechniques])].sort();
  }
  for (const t of report.otherCovered) byTechnique[t.id] = [...new Set([...t.direct, ...t.viaSubtechniques])].sort();
  return { covered, gaps, rulesTotal: report.rules.total, byTechnique };
}
