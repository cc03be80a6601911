import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { DraftThreat, Evidence } from '../../register/types.js';
import type { ThreatIntel } from './org-intel.js';

/** Interview answers (schemas/answers.schema.json). */
export interface Answers {
  company?: string;
  industry?: string;
  geography?: string[];
  interviewee_title?: string;
  crown_jewels?: string[];
  critical_systems?: string[];
  compliance?: string[];
  known_incidents?: string[];
  worries?: string[];
}

export interface OrgInput {
  context: OrgContext;
  answers: Answers;
  intel: ThreatIntel;
}

export interface Recommendation {
  text: string;
  /** threat content keys; the pipeline turns them into register IDs */
  threats: string[];
}

export interface IncidentAnalysis {
  window: { since: string; until: string };
  alerts: { total: number; open: number; by_severity: { severity: string; count: number }[] };
  tickets: { total: number; open: number; resolved: number };
  recurring: { rule_id: string; title: string; count: number; evidence: Evidence }[];
  noise: { rule_id: string; title: string; count: number; false_positive: number; evidence: Evidence }[];
  unresolved: { kind: 'alert' | 'ticket'; id: string; title: string; since: string; evidence: Evidence }[];
  /** telemetry anomalies not closed, most severe first */
  anomalies: { total: number; open: number; items: { id: string; title: string; severity: string; device: string; evidence: Evidence }[] };
}

/** What the org engine produces besides the register drafts: the rest of the report. */
export interface OrgDraft {
  organisation: string;
  drafts: DraftThreat[];
  assets: { name: string; kind: string; impact: number; evidence: Evidence[] }[];
  actors: { id: string; name: string; motive: string; reason: string; techniques: string[] }[];
  incidents: IncidentAnalysis;
  coverage: {
    detections_total: number;
    detections_active: number;
    techniques: string[];
    log_sources: { name: string; rules: number }[];
    sources_without_rules: string[];
  };
  controls: { name: string; evidence: Evidence }[];
  gaps: { technique: string; name: string; tactics: string[]; threats: string[] }[];
  recommendations: { immediate: Recommendation[]; short_term: Recommendation[]; long_term: Recommendation[] };
  warnings: string[];
}
