/**
 * The one shape every rule parser produces. A parser reads a format as its project publishes
 * it and says what ATT&CK the rule claims, raw (as written, normalised for case); resolving
 * the IDs against a release is coverage's job, not the parser's.
 */
export type RuleFormat = 'sigma' | 'elastic' | 'splunk' | 'panther' | 'sentinel' | 'tm';

export const RULE_FORMATS: readonly RuleFormat[] = ['sigma', 'elastic', 'splunk', 'panther', 'sentinel', 'tm'];

export interface LogSource {
  product?: string;
  service?: string;
  category?: string;
}

/** One detection rule. */
export interface Detection {
  /** the rule's own id (Sigma id, Elastic rule_id, Panther RuleID, …); else the file path */
  id: string;
  title: string;
  /**
   * the rule file as a user names it: relative to the path argument it was found under,
   * prefixed with that argument (as given) when several paths were scanned
   */
  file: string;
  /** the same file as a path from the working folder (what CI annotations point at) */
  path: string;
  /** 1-based line where the rule starts */
  line: number;
  format: RuleFormat;
  /** the format's own status word (`stable`, `experimental`, `production`, `deprecated`, …) */
  status?: string;
  /** severity/level as the format spells it, lowercased */
  level?: string;
  enabled: boolean;
  deprecated: boolean;
  /** technique and sub-technique IDs as the rule names them, upper-case (`T1059.001`) */
  techniques: string[];
  /** tactics as the rule names them: `TA0002` or a shortname (`execution`, `stealth`) */
  tactics: string[];
  /** ATT&CK group/software/other IDs the rule is tagged with (not techniques) */
  otherAttackRefs: string[];
  logSource: LogSource;
  /** the coverage ruleRef: `file`, plus `#<rule id>` when one file holds several rules */
  ref: string;
}

/** Active = counts toward coverage (not deprecated, not disabled). */
export const isActive = (d: Pick<Detection, 'enabled' | 'deprecated'>): boolean => d.enabled && !d.deprecated;
