/**
 * The ATT&CK knowledge base's data. A STIX bundle is read once into a `CompactIndex` (plain
 * JSON, cached by the bundle's sha256), and every lookup goes through `AttackKB`.
 * Nothing here hard-codes a tactic or technique: all of it comes from the loaded release.
 */

export type AttackObjectType =
  | 'technique'
  | 'subtechnique'
  | 'tactic'
  | 'group'
  | 'software'
  | 'mitigation'
  | 'campaign'
  | 'detection-strategy'
  | 'analytic'
  | 'data-component'
  | 'data-source'
  | 'matrix';

/** One ATT&CK object, keyed by its ATT&CK ID (T1059.001, TA0002, G0016, DET0001, AN0001, DC0001…). */
export interface AttackObject {
  id: string;
  type: AttackObjectType;
  name: string;
  /** first paragraph of the description, citations and markdown links removed */
  summary: string;
  url?: string;
  stixId: string;
  revoked: boolean;
  deprecated: boolean;
  /** for revoked objects: the ATT&CK ID of the direct `revoked-by` target */
  revokedBy?: string;
  /** techniques: tactic shortnames in kill-chain order (`execution`, `stealth`, …) */
  tactics?: string[];
  /** techniques and analytics: platforms as ATT&CK spells them (`Windows`, `IaaS`, …) */
  platforms?: string[];
  /** sub-techniques: parent technique ID */
  parent?: string;
  /** techniques: sub-technique IDs */
  subtechniques?: string[];
  /** tactics: shortname (`credential-access`) */
  shortname?: string;
  /** software: `malware` or `tool` */
  softwareType?: 'malware' | 'tool';
  aliases?: string[];
  /** detection strategies: analytic IDs; analytics: data component IDs */
  analytics?: string[];
  dataComponents?: string[];
  /** analytics: log source names with channel (`WinEventLog:Security` / `EventCode=4688`) */
  logSources?: { dataComponent: string; name: string; channel?: string }[];
  /** data components: parent data source name (pre-v18 bundles) */
  dataSource?: string;
}

/** Relations kept by ATT&CK ID, both directions computed at index time. */
export interface CompactIndex {
  format: number;
  /** release version, e.g. `18.1` (from the collection object, else the pin or the user) */
  version: string;
  domain: 'enterprise-attack';
  specVersion: string;
  sha256: string;
  /** tactic IDs in matrix order */
  tacticOrder: string[];
  objects: Record<string, AttackObject>;
  /** technique ID → detection strategy IDs */
  detectedBy: Record<string, string[]>;
  /** technique ID → mitigation IDs */
  mitigatedBy: Record<string, string[]>;
  /** technique ID → group IDs / software IDs / campaign IDs using it */
  usedByGroups: Record<string, string[]>;
  usedBySoftware: Record<string, string[]>;
  usedByCampaigns: Record<string, string[]>;
  /** group/software/campaign ID → technique IDs it uses */
  uses: Record<string, string[]>;
  /** group/campaign ID → software IDs it uses */
  usesSoftware: Record<string, string[]>;
}

/** Where the bundle came from (printed by `tm attack info`, kept in model metadata). */
export interface AttackSource {
  path: string;
  /** `flag` | `env` | `cache` | `download` | `config` */
  origin: string;
  sha256: string;
}

/** A technique row as the rest of tm consumes it. */
export interface TechniqueRef {
  id: string;
  name: string;
  tactics: string[];
  platforms: string[];
  parent?: string;
}

/** Result of `resolve(id)`: what an ID in a rule or a model means in the loaded release. */
export type Resolution =
  | { status: 'active'; id: string; object: AttackObject }
  | { status: 'deprecated'; id: string; object: AttackObject }
  | { status: 'revoked'; id: string; replacedBy?: string; chain: string[]; object: AttackObject }
  | { status: 'unknown'; id: string; suggestions: string[] };

/** The full `tm attack show --json` shape for a technique. */
export interface TechniqueDetail {
  id: string;
  name: string;
  type: AttackObjectType;
  summary: string;
  tactics: string[];
  platforms: string[];
  parent: string | null;
  subtechniques: string[];
  revoked: boolean;
  deprecated: boolean;
  replacedBy: string | null;
  detectionStrategies: {
    id: string;
    name: string;
    analytics: { id: string; platforms: string[]; dataComponents: { id: string; name: string }[]; logSources: { name: string; channel?: string }[] }[];
  }[];
  mitigations: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  software: { id: string; name: string }[];
  campaigns: { id: string; name: string }[];
  url: string | null;
}
