/**
 * Types of `tm model app`: what the repo scanners gather (`AppGatherResult`) and the threat model
 * both engines produce (`AppThreatModel`). The JSON Schema `schemas/app-threat-model.schema.json`
 * is the contract for the model; these types mirror it (snake_case keys, as users keep the file).
 */

// ───────────────────────────── gather ─────────────────────────────

/** A place in the repo: path relative to the repo root (forward slashes) and a 1-based line. */
export interface SourceRef {
  file: string;
  line: number;
}

/** What kind of fact a scanner found. */
export type EvidenceKind =
  | 'language' // a language or package manifest (npm, pip, go.mod, maven, ...)
  | 'framework' // a web/RPC framework (express, fastapi, spring, gin, ...)
  | 'route' // an HTTP/gRPC entry point
  | 'datastore' // database, cache, queue, object store reached by the code
  | 'auth' // authentication/session mechanism
  | 'logging' // logger library, audit event, log call on an auth path
  | 'integration' // third-party SDK/API (payment, email, cloud, webhook)
  | 'container' // Dockerfile, compose service
  | 'kubernetes' // manifest or Helm object
  | 'terraform' // cloud resource, IAM, network exposure
  | 'ci' // CI/CD workflow, secrets use, risky trigger
  | 'secret' // a committed secret (value never kept)
  | 'config'; // env var or config key that wires the above together

/**
 * One fact a scanner found, with where it found it. `name` is a normalised key the engine
 * matches on (`express`, `postgres`, `stripe`, `jwt`, `aws_s3_bucket`, `aws-access-key`).
 * Never holds a secret value: scanners redact before they return.
 */
export interface RepoEvidence {
  /** scanner id that produced it */
  scanner: string;
  kind: EvidenceKind;
  name: string;
  /** short human detail (`POST /login`, `bucket "invoices" is public-read`); capped, redacted */
  detail?: string;
  /** the service folder it belongs to (`.` for the repo root, else `services/api`) */
  service: string;
  at: SourceRef;
  /** small extra facts: `{ method: 'POST', path: '/login', authenticated: false }` */
  attrs?: Record<string, string | number | boolean>;
}

/** A deployable unit found in the repo: a folder with its own manifest. */
export interface RepoService {
  /** folder relative to the repo root, `.` for the root */
  path: string;
  /** service name from its manifest, else the folder name */
  name: string;
  languages: string[];
  frameworks: string[];
  at: SourceRef;
}

/** What was read, skipped and why. */
export interface GatherStats {
  files_seen: number;
  files_read: number;
  skipped_ignored: number;
  skipped_binary: number;
  skipped_large: number;
  skipped_symlink: number;
  bytes_read: number;
}

/** A file or folder that could not be read (non-UTF-8, unreadable, symlink loop); the scan went on. */
export interface GatherProblem {
  file: string;
  line?: number;
  error: string;
}

/** The output of the repo gather stage; the input of both app engines. */
export interface AppGatherResult {
  /** the repo's folder name (never an absolute path, so output is the same on any machine) */
  repository: string;
  services: RepoService[];
  /** sorted by file, line, scanner, kind, name */
  evidence: RepoEvidence[];
  stats: GatherStats;
  problems: GatherProblem[];
}

// ───────────────────────────── model ─────────────────────────────

/** `path/in/repo.ext:line`, relative to the scanned repository root. */
export type EvidenceRef = string;

export interface TechniqueRef {
  id: string;
  name: string;
}

export type Level = 'low' | 'medium' | 'high' | 'critical';
export type Exposure = 'internet' | 'internal' | 'private' | 'unknown';
export type LogVerbosity = 'none' | 'minimal' | 'standard' | 'verbose' | 'unknown';

export type ComponentType =
  | 'service'
  | 'frontend'
  | 'worker'
  | 'datastore'
  | 'cache'
  | 'queue'
  | 'object_storage'
  | 'external_service'
  | 'identity_provider'
  | 'container_platform'
  | 'ci_cd'
  | 'cloud_resource'
  | 'network';

export interface ArchitectureComponent {
  /** content-derived: `comp-api-express`, `comp-postgres` */
  id: string;
  name: string;
  type: ComponentType;
  technology: string[];
  description: string;
  exposure: Exposure;
  /** telemetry this component can emit (`application logs (pino)`, `postgres audit log`) */
  data_sources: string[];
  log_verbosity: LogVerbosity;
  evidence: EvidenceRef[];
}

export interface DataFlow {
  /** `flow-api-to-postgres` */
  id: string;
  source: string;
  destination: string;
  protocol: string;
  data: string[];
  authenticated: boolean | 'unknown';
  encrypted: boolean | 'unknown';
  /** trust boundary IDs this flow crosses */
  crosses: string[];
  /** what a defender can see of this flow today */
  visibility: string;
  detection_points: string[];
  evidence: EvidenceRef[];
}

export interface TrustBoundary {
  id: string;
  name: string;
  description: string;
  components: string[];
  evidence: EvidenceRef[];
}

export interface AuthenticationMechanism {
  id: string;
  mechanism: 'jwt' | 'session_cookie' | 'oauth_oidc' | 'api_key' | 'password' | 'mfa' | 'basic' | 'mtls' | 'webhook_signature' | 'cloud_iam';
  components: string[];
  description: string;
  /** auth events the code logs (login success/failure, token issue) */
  logged_events: string[];
  /** auth events we found no log call for */
  not_logged: string[];
  /** what identifies a session in telemetry (cookie name, JWT claims, API key header) */
  session_indicators: string[];
  weaknesses: string[];
  evidence: EvidenceRef[];
}

export interface SensitiveAsset {
  id: string;
  name: string;
  type: 'data' | 'credential' | 'secret' | 'infrastructure' | 'code';
  location: string[];
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  business_impact: string;
  crown_jewel: boolean;
  evidence: EvidenceRef[];
}

export interface ExternalIntegration {
  id: string;
  name: string;
  category: 'payment' | 'email' | 'cloud' | 'identity' | 'messaging' | 'monitoring' | 'ai' | 'webhook' | 'api' | 'source_control';
  components: string[];
  /** where its credentials come from (`env STRIPE_SECRET_KEY`, `hardcoded`, `unknown`) */
  credential_source: string;
  credential_exposure: 'none' | 'environment' | 'secret_manager' | 'config_file' | 'hardcoded' | 'unknown';
  attack_surface: string;
  evidence: EvidenceRef[];
}

export interface LogSource {
  /** `log-app-pino`, `log-aws-cloudtrail` */
  id: string;
  name: string;
  type: 'application' | 'access' | 'audit' | 'database' | 'container' | 'orchestrator' | 'cloud' | 'ci_cd' | 'network' | 'third_party';
  components: string[];
  /** present: found in the repo; recommended: the kb says it should exist but we saw no sign of it */
  status: 'present' | 'recommended';
  telemetry: string[];
  gaps: string[];
  retention: string;
  evidence: EvidenceRef[];
}

export interface Finding {
  /** `find-secret-aws-access-key-3f2a9c1b` */
  id: string;
  title: string;
  category: 'secret' | 'iac' | 'ci_cd' | 'authentication' | 'logging' | 'exposure' | 'configuration';
  severity: Level;
  /** never holds a secret value */
  description: string;
  techniques: TechniqueRef[];
  evidence: EvidenceRef[];
}

export type KillChainStage =
  | 'reconnaissance'
  | 'initial_access'
  | 'execution'
  | 'persistence'
  | 'privilege_escalation'
  | 'defense_evasion'
  | 'credential_access'
  | 'discovery'
  | 'lateral_movement'
  | 'collection'
  | 'command_and_control'
  | 'exfiltration'
  | 'impact';

export interface AttackPathStage {
  stage: KillChainStage;
  description: string;
  techniques: TechniqueRef[];
  components: string[];
  detection_opportunities: string[];
  /** log source IDs that can see this stage */
  log_sources: string[];
}

export interface AttackPath {
  id: string;
  name: string;
  description: string;
  likelihood: Level;
  impact: Level;
  stages: AttackPathStage[];
  /** finding IDs and evidence that make this path plausible here */
  findings: string[];
  evidence: EvidenceRef[];
}

export interface ThreatScenario {
  id: string;
  name: string;
  objective: string;
  actor: string;
  kill_chain: KillChainStage[];
  techniques: TechniqueRef[];
  attack_paths: string[];
  iocs: string[];
  forensic_artifacts: string[];
  likelihood: Level;
  impact: Level;
}

export interface DetectableTechnique extends TechniqueRef {
  log_sources: string[];
  detection_opportunities: string[];
}

export interface BlindSpot {
  technique: TechniqueRef;
  reason: string;
  recommendation: string;
}

export interface DetectionCoverage {
  /** techniques the model names, each with the log sources that could see it */
  detectable_techniques: DetectableTechnique[];
  blind_spots: BlindSpot[];
  /** present when `--rules <dir>` was given: the result of `tm coverage` over those rules */
  rules?: {
    rules_total: number;
    covered: string[];
    gaps: string[];
    by_technique: Record<string, string[]>;
  };
}

export interface ResponsePlaybook {
  id: string;
  name: string;
  trigger: string;
  scenarios: string[];
  techniques: TechniqueRef[];
  containment: string[];
  evidence_preservation: string[];
  eradication: string[];
  recovery: string[];
  escalation_triggers: string[];
}

export interface MonitoringRecommendation {
  id: string;
  type: 'alert' | 'hunt' | 'dashboard';
  title: string;
  description: string;
  priority: Level;
  techniques: TechniqueRef[];
  log_sources: string[];
  /** a query sketch in plain pseudo-SQL/KQL style, not tied to one SIEM */
  query?: string;
}

/** Provenance that changes run to run; the only block tests strip. */
export interface GeneratedInfo {
  tool_version: string;
  engine: string;
  attack_version: string;
  /** present unless `--as-of` pins the output */
  wall_time_ms?: number;
  /** ISO time, or the `--as-of` date */
  generated_at: string;
  stages?: { name: string; engine: string; fallback_reason?: string }[];
  /** tokens the anthropic engine used, with a cost estimate when the model's price is known */
  usage?: { input_tokens: number; output_tokens: number; estimated_cost_usd?: number };
}

export interface ModelMetadata {
  schema_version: '1';
  repository: string;
  attack_version: string;
  /** `--as-of` date when given (pins output) */
  as_of?: string;
  services: string[];
  stats: GatherStats;
  /** deterministic warnings: dropped/replaced ATT&CK IDs, unreadable files */
  warnings: string[];
  generated: GeneratedInfo;
}

/** The app threat model (`app-threat-model.yaml`). */
export interface AppThreatModel {
  metadata: ModelMetadata;
  architecture_components: ArchitectureComponent[];
  data_flows: DataFlow[];
  trust_boundaries: TrustBoundary[];
  authentication: AuthenticationMechanism[];
  sensitive_assets: SensitiveAsset[];
  external_integrations: ExternalIntegration[];
  log_sources: LogSource[];
  findings: Finding[];
  attack_paths: AttackPath[];
  threat_scenarios: ThreatScenario[];
  detection_coverage: DetectionCoverage;
  response_playbooks: ResponsePlaybook[];
  monitoring_recommendations: MonitoringRecommendation[];
}

/** The three produce stages shared by the offline and LLM engines, in order. */
export type AppStageName = 'architecture' | 'threats' | 'response';

/** Which top-level model properties each stage produces (the LLM engine prompts per sub-part). */
export const APP_STAGE_PARTS: Readonly<Record<AppStageName, readonly (keyof AppThreatModel)[]>> = {
  architecture: [
    'architecture_components',
    'data_flows',
    'trust_boundaries',
    'sensitive_assets',
    'authentication',
    'external_integrations',
    'log_sources',
    'findings',
  ],
  threats: ['attack_paths', 'threat_scenarios'],
  response: ['detection_coverage', 'response_playbooks', 'monitoring_recommendations'],
};

export type ArchitecturePart = Pick<AppThreatModel, 'architecture_components' | 'data_flows' | 'trust_boundaries' | 'sensitive_assets' | 'authentication' | 'external_integrations' | 'log_sources' | 'findings'>;
export type ThreatsPart = Pick<AppThreatModel, 'attack_paths' | 'threat_scenarios'>;
export type ResponsePart = Pick<AppThreatModel, 'detection_coverage' | 'response_playbooks' | 'monitoring_recommendations'>;
