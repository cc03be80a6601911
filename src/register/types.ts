/**
 * The threat register: the document `tm model org` keeps from run to run. Keys are snake_case
 * because users keep and edit this file (CONTRACTS.md). Pure data, no I/O.
 */

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type MitigationStatus = 'unmitigated' | 'partial' | 'mitigated';
export type ThreatStatus = 'open' | 'accepted' | 'mitigated' | 'resolved';

/**
 * Where a claim comes from: the MCP server, the tool and the arguments that returned it. Answers
 * given in the interview use `server: "interview"`, `tool: "answers"`, `arguments: {field}`.
 */
export interface Evidence {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  note: string;
}

/** One status change: `date` is the run's --as-of, `from` is null when the threat first appears. */
export interface StatusChange {
  date: string;
  from: ThreatStatus | null;
  to: ThreatStatus;
  note: string;
}

/** A threat in the register: the producer's draft plus what the register assigns and keeps. */
export interface Threat extends DraftThreat {
  /** `T-<CATEGORY>-<NNN>`, stable across runs */
  id: string;
  /** likelihood × impact, 1 … 25 */
  risk: number;
  risk_level: RiskLevel;
  status: ThreatStatus;
  first_seen: string;
  last_seen: string;
  history: StatusChange[];
  /** kept from run to run for people to fill in; tm never sets them */
  owner?: string;
  notes?: string;
}

export interface Register {
  schema_version: 1;
  organisation: string;
  as_of: string;
  threats: Threat[];
  /** provenance; tests may strip it. Holds no wall time so runs stay byte-identical. */
  metadata?: Record<string, unknown>;
}

/** What a producer proposes on one run, before IDs and history are assigned. */
export interface DraftThreat {
  /** content key the producer derives (category, scenario, asset); how a threat is found again */
  key: string;
  category: string;
  title: string;
  description: string;
  assets: string[];
  /** ATT&CK group IDs relevant to this threat */
  actors: string[];
  /** ATT&CK technique IDs, validated against the loaded release */
  techniques: string[];
  /** 1 (rare) … 5 (almost certain) */
  likelihood: number;
  /** 1 (negligible) … 5 (severe) */
  impact: number;
  mitigation_status: MitigationStatus;
  /** detection rule IDs covering any of the techniques */
  detections: string[];
  evidence: Evidence[];
}
