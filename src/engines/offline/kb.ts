import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import jsYaml from 'js-yaml';
import { inputError } from '../../util/errors.js';
import { packagePath } from '../../util/paths.js';
import type { ComponentType, KillChainStage, Level } from '../../model/app/types.js';

/**
 * The offline knowledge base: YAML under `kb/` (shipped) plus any `--kb <dir>` folders. Entries
 * are keyed by `id` (or by name for the component tables); a later folder's entry with the same
 * key replaces the earlier one, so users can both add and override.
 */
export interface TechAsset {
  name?: string;
  classification: 'public' | 'internal' | 'confidential' | 'restricted';
  business_impact: string;
}
export interface DatastoreEntry {
  name: string;
  type: ComponentType;
  protocol: string;
  data: string[];
  data_sources: string[];
  asset?: TechAsset;
}
export interface IntegrationEntry {
  name: string;
  category: 'payment' | 'email' | 'cloud' | 'identity' | 'messaging' | 'monitoring' | 'ai' | 'webhook' | 'api' | 'source_control';
  env: string[];
  data: string[];
  attack_surface: string;
}
export interface CloudResourceEntry {
  type: ComponentType;
  name: string;
  exposure?: 'internet' | 'internal' | 'private';
  asset?: TechAsset;
}
export interface FindingRule {
  id: string;
  match: string[];
  where?: Record<string, string | number | boolean>;
  detail?: string;
  detail_not?: string;
  unless?: string[];
  per: 'each' | 'file' | 'first';
  title: string;
  category: 'secret' | 'iac' | 'ci_cd' | 'authentication' | 'logging' | 'exposure' | 'configuration';
  severity: Level | 'from_evidence';
  description: string;
  techniques: string[];
}
export interface LogSourceEntry {
  id: string;
  name: string;
  type: 'application' | 'access' | 'audit' | 'database' | 'container' | 'orchestrator' | 'cloud' | 'ci_cd' | 'network' | 'third_party';
  present_when: string[];
  recommended_when: string[];
  components: string[];
  telemetry: string[];
  gaps_if_missing: string;
  retention: string;
  sees: string[];
}
export interface PathStageEntry {
  stage: KillChainStage;
  description: string;
  when?: string[];
  techniques: string[];
  components: string[];
  detection_opportunities: string[];
  log_sources: string[];
}
export interface AttackPathEntry {
  id: string;
  name: string;
  when: string[];
  requires: string[];
  likelihood: Level;
  impact: Level;
  description: string;
  stages: PathStageEntry[];
}
export interface ScenarioEntry {
  id: string;
  name: string;
  objective: string;
  actor: string;
  attack_paths: string[];
  likelihood: Level;
  impact: Level;
  iocs: string[];
  forensic_artifacts: string[];
}
export interface PlaybookEntry {
  id: string;
  name: string;
  trigger: string;
  scenarios: string[];
  when: string[];
  techniques: string[];
  containment: string[];
  evidence_preservation: string[];
  eradication: string[];
  recovery: string[];
  escalation_triggers: string[];
}
export interface MonitoringEntry {
  id: string;
  type: 'alert' | 'hunt' | 'dashboard';
  title: string;
  when: string[];
  priority: Level;
  techniques: string[];
  log_sources: string[];
  description: string;
  query?: string;
}

export interface ModelKB {
  frameworks: Record<string, { name: string; language: string }>;
  datastores: Record<string, DatastoreEntry>;
  integrations: Record<string, IntegrationEntry>;
  cloud_resources: Record<string, CloudResourceEntry>;
  findings: FindingRule[];
  log_sources: LogSourceEntry[];
  attack_paths: AttackPathEntry[];
  scenarios: ScenarioEntry[];
  playbooks: PlaybookEntry[];
  monitoring: MonitoringEntry[];
  /** the folders it was read from, in order */
  sources: string[];
}

const TABLES = ['frameworks', 'datastores', 'integrations', 'cloud_resources'] as const;
const LISTS = ['findings', 'log_sources', 'attack_paths', 'scenarios', 'playbooks', 'monitoring'] as const;
const STAGES = new Set(['reconnaissance', 'initial_access', 'execution', 'persistence', 'privilege_escalation', 'defense_evasion', 'credential_access', 'discovery', 'lateral_movement', 'collection', 'command_and_control', 'exfiltration', 'impact']);
const LEVELS = new Set(['low', 'medium', 'high', 'critical']);
const TECH = /^T\d{4}(\.\d{3})?$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const cache = new Map<string, ModelKB>();

/** Load the shipped kb and extra folders; validated. Throws an input error listing every problem. */
export function loadModelKB(extraDirs: readonly string[] = []): ModelKB {
  const key = extraDirs.join('\0');
  const hit = cache.get(key);
  if (hit) return hit;
  const dirs = [packagePath('kb'), ...extraDirs];
  const kb: ModelKB = { frameworks: {}, datastores: {}, integrations: {}, cloud_resources: {}, findings: [], log_sources: [], attack_paths: [], scenarios: [], playbooks: [], monitoring: [], sources: dirs };
  const problems: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${dir}: not a folder`);
      continue;
    }
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const file = join(dir, f);
      let doc: unknown;
      try {
        doc = jsYaml.load(readFileSync(file, 'utf8'));
      } catch (e) {
        const mark = (e as { mark?: { line: number } }).mark;
        problems.push(`${file}${mark ? `:${mark.line + 1}` : ''}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      if (!doc || typeof doc !== 'object') continue;
      for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
        if ((TABLES as readonly string[]).includes(k) && v && typeof v === 'object') Object.assign(kb[k as (typeof TABLES)[number]], v);
        else if ((LISTS as readonly string[]).includes(k) && Array.isArray(v)) merge(kb[k as (typeof LISTS)[number]] as { id: string }[], v as { id: string }[]);
        else problems.push(`${relative(process.cwd(), file) || file}: unknown section "${k}" (expected one of ${[...TABLES, ...LISTS].join(', ')})`);
      }
    }
  }
  problems.push(...checkKB(kb));
  if (problems.length) throw inputError(`knowledge base has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, { hint: 'fix the YAML named above (see kb/README.md for the format)' });
  cache.set(key, kb);
  return kb;
}

function merge<T extends { id: string }>(into: T[], add: T[]): void {
  for (const e of add) {
    const i = into.findIndex((x) => x.id === e.id);
    if (i >= 0) into[i] = e;
    else into.push(e);
  }
}

/** Structural and cross-reference checks; returns one message per problem. */
export function checkKB(kb: ModelKB): string[] {
  const p: string[] = [];
  const need = (where: string, o: Record<string, unknown>, fields: string[]) => {
    for (const f of fields) if (o[f] === undefined || o[f] === null) p.push(`${where}: missing "${f}"`);
  };
  const techs = (where: string, list: unknown) => {
    if (!Array.isArray(list)) return p.push(`${where}: techniques must be a list`);
    for (const t of list) if (typeof t !== 'string' || !TECH.test(t)) p.push(`${where}: "${String(t)}" is not a technique ID (T1234 or T1234.001)`);
  };
  const lists = (where: string, o: Record<string, unknown>, fields: string[]) => {
    for (const f of fields) if (o[f] !== undefined && !Array.isArray(o[f])) p.push(`${where}: "${f}" must be a list`);
  };
  const logIds = new Set(kb.log_sources.map((l) => l.id));
  const pathIds = new Set(kb.attack_paths.map((a) => a.id));
  const scenIds = new Set(kb.scenarios.map((s) => s.id));
  for (const [section, list] of [['findings', kb.findings], ['log_sources', kb.log_sources], ['attack_paths', kb.attack_paths], ['scenarios', kb.scenarios], ['playbooks', kb.playbooks], ['monitoring', kb.monitoring]] as const) {
    for (const e of list as unknown as Record<string, unknown>[]) if (typeof e.id !== 'string' || !ID.test(e.id)) p.push(`${section}: id "${String(e.id)}" must be lower-case words joined by "-"`);
  }
  for (const f of kb.findings) {
    const w = `findings/${f.id}`;
    need(w, f as never, ['match', 'per', 'title', 'category', 'severity', 'description', 'techniques']);
    lists(w, f as never, ['match', 'unless']);
    techs(w, f.techniques);
    if (f.severity !== 'from_evidence' && !LEVELS.has(f.severity)) p.push(`${w}: severity "${f.severity}" is not low|medium|high|critical|from_evidence`);
    for (const r of [f.detail, f.detail_not]) if (r !== undefined) try { new RegExp(r, 'i'); } catch { p.push(`${w}: bad regex ${r}`); }
  }
  for (const l of kb.log_sources) {
    const w = `log_sources/${l.id}`;
    need(w, l as never, ['name', 'type', 'present_when', 'recommended_when', 'components', 'telemetry', 'retention', 'sees']);
    lists(w, l as never, ['present_when', 'recommended_when', 'components', 'telemetry', 'sees']);
    techs(w, l.sees);
  }
  for (const a of kb.attack_paths) {
    const w = `attack_paths/${a.id}`;
    need(w, a as never, ['name', 'when', 'likelihood', 'impact', 'description', 'stages']);
    if (!Array.isArray(a.stages) || !a.stages.length) p.push(`${w}: needs at least one stage`);
    for (const [i, s] of (a.stages ?? []).entries()) {
      if (!STAGES.has(s.stage)) p.push(`${w}/stages/${i}: unknown stage "${s.stage}"`);
      techs(`${w}/stages/${i}`, s.techniques);
      for (const ls of s.log_sources ?? []) if (!logIds.has(ls)) p.push(`${w}/stages/${i}: unknown log source "${ls}"`);
    }
  }
  for (const s of kb.scenarios) {
    need(`scenarios/${s.id}`, s as never, ['name', 'objective', 'actor', 'attack_paths', 'likelihood', 'impact', 'iocs', 'forensic_artifacts']);
    for (const ap of s.attack_paths ?? []) if (!pathIds.has(ap)) p.push(`scenarios/${s.id}: unknown attack path "${ap}"`);
  }
  for (const pb of kb.playbooks) {
    const w = `playbooks/${pb.id}`;
    need(w, pb as never, ['name', 'trigger', 'techniques', 'containment', 'evidence_preservation', 'eradication', 'recovery', 'escalation_triggers']);
    techs(w, pb.techniques);
    for (const sc of pb.scenarios ?? []) if (!scenIds.has(sc)) p.push(`${w}: unknown scenario "${sc}"`);
  }
  for (const m of kb.monitoring) {
    const w = `monitoring/${m.id}`;
    need(w, m as never, ['type', 'title', 'when', 'priority', 'techniques', 'log_sources', 'description']);
    techs(w, m.techniques);
    for (const ls of m.log_sources ?? []) if (!logIds.has(ls)) p.push(`${w}: unknown log source "${ls}"`);
  }
  return p;
}

/** Forget loaded kbs (tests that write kb folders). */
export function clearModelKBCache(): void {
  cache.clear();
}
