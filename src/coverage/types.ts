/**
 * The coverage JSON contract (`tm coverage --json`, schemas/coverage.schema.json).
 * Keys camelCase; lists sorted; the only time-dependent values live in `metadata`.
 */
import type { LogSource, RuleFormat } from '../rules/types.js';

/** A rule's file path relative to the scanned folder, plus `#<rule id>` when a file holds several rules. */
export type RuleRef = string;

export interface TechniqueCoverage {
  id: string;
  name: string;
  /** tactic shortnames in kill-chain order */
  tactics: string[];
  /** parent technique ID, for sub-techniques */
  parent?: string;
  /** rules that name this technique (or a revoked ID replaced by it) */
  direct: RuleRef[];
  /** rules that name one of its sub-techniques and not the technique itself */
  viaSubtechniques: RuleRef[];
  covered: boolean;
  /** for gaps: data components that could see it, and whether any rule already reads such a source */
  gap?: { dataComponents: { id: string; name: string }[]; logSourceInUse: boolean; logSourcesInUse: string[] };
}

export interface TacticTotal {
  id: string;
  shortname: string;
  name: string;
  wanted: number;
  covered: number;
  /** distinct active rules covering a wanted technique of this tactic */
  rules: number;
  /** rules tagged with this tactic (tags alone cover nothing) */
  taggedRules: number;
}

export interface DetectionSummary {
  ref: RuleRef;
  id: string;
  title: string;
  format: RuleFormat;
  status?: string;
  level?: string;
  active: boolean;
  /** IDs as the rule names them, so another release can recompute coverage */
  techniques: string[];
  tactics: string[];
  logSource?: LogSource;
}

export interface CoverageReport {
  attack: { version: string; domain: string };
  wanted: { source: string; count: number };
  summary: { wanted: number; covered: number; gaps: number; percent: number };
  rules: {
    total: number;
    parsed: number;
    failed: { file: string; line?: number; error: string }[];
    withoutTechniques: number;
    inactive: number;
    byFormat: Partial<Record<RuleFormat, number>>;
  };
  /** every technique and sub-technique in the wanted set */
  techniques: TechniqueCoverage[];
  /** covered techniques outside the wanted set (kept so diffs see them) */
  otherCovered: TechniqueCoverage[];
  tactics: TacticTotal[];
  unknown: { id: string; rules: RuleRef[]; hint: string }[];
  unknownTactics: { tactic: string; rules: RuleRef[]; hint: string }[];
  revoked: { id: string; replacedBy: string | null; rules: RuleRef[] }[];
  deprecated: { id: string; rules: RuleRef[] }[];
  detections: DetectionSummary[];
  metadata?: { generatedAt: string; durationMs: number; tool: string };
}
