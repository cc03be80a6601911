import type { ValidationIssue } from '../../validate/ajv.js';
import type { RepoFiles } from './repo-files.js';

type Obj = Record<string, unknown>;
export interface CheckResult {
  warnings: string[];
  issues: ValidationIssue[];
}

const REF = /^(.+):([1-9][0-9]*)$/;

/**
 * Every `evidence` entry must point at a line that exists in the repository. Entries that do not
 * (a file the model imagined, a line past the end) are removed with a warning; an item left
 * with no evidence then fails the schema, and the model is asked again.
 */
export function checkEvidence(part: Obj, files: RepoFiles | undefined, stage: string): CheckResult {
  const warnings: string[] = [];
  if (!files) return { warnings, issues: [] };
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Obj)) {
        if (k === 'evidence' && Array.isArray(x)) {
          (v as Obj)[k] = x.filter((ref) => {
            if (typeof ref !== 'string') return true; // the schema reports it
            const why = badRef(ref, files);
            if (why) warnings.push(`${stage}: evidence ${ref} at ${path}/${k} dropped: ${why}`);
            return !why;
          });
        } else walk(x, `${path}/${k}`);
      }
  };
  walk(part, '');
  return { warnings, issues: [] };
}

function badRef(ref: string, files: RepoFiles): string | undefined {
  const m = REF.exec(ref.trim());
  if (!m) return undefined; // not path:line; the schema pattern reports it
  const r = files.resolve(m[1]);
  if ('error' in r) return r.error;
  const n = Number(m[2]);
  const count = files.lineCount(r.path);
  return n > count ? `line ${n} is past the end of ${r.path} (${count} lines)` : undefined;
}

const ids = (xs: unknown): Set<string> => new Set(Array.isArray(xs) ? xs.map((x) => (x as Obj)?.id).filter((x): x is string => typeof x === 'string') : []);

/**
 * Cross-references between items: IDs must name items that exist in the model. A dangling ID in
 * a list is removed with a warning; a dangling required single reference (a flow's source or
 * destination) is an issue, so the model is asked again.
 */
export function checkReferences(stage: string, part: Obj, state: Obj): CheckResult {
  const res: CheckResult = { warnings: [], issues: [] };
  const all = { ...state, ...part };
  const comps = ids(all.architecture_components);
  const logs = ids(all.log_sources);
  const bounds = ids(all.trust_boundaries);
  const findings = ids(all.findings);
  const paths = ids(all.attack_paths);
  const scenarios = ids(all.threat_scenarios);

  const list = (items: unknown, key: string, valid: Set<string>, what: string, base: string) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      const o = item as Obj;
      if (!o || !Array.isArray(o[key])) return;
      o[key] = (o[key] as unknown[]).filter((id) => {
        if (typeof id !== 'string' || valid.has(id)) return true;
        res.warnings.push(`${stage}: ${base}/${i}/${key} named ${what} ${id}, which the model does not have; removed`);
        return false;
      });
    });
  };
  const single = (items: unknown, key: string, valid: Set<string>, what: string, base: string) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      const v = (item as Obj)?.[key];
      if (typeof v === 'string' && !valid.has(v)) res.issues.push({ path: `${base}/${i}/${key}`, message: `${v} is not the id of any ${what}; use one of the ${what} ids` });
    });
  };

  if ('architecture_components' in part) {
    single(part.data_flows, 'source', comps, 'architecture component', '/data_flows');
    single(part.data_flows, 'destination', comps, 'architecture component', '/data_flows');
    list(part.data_flows, 'crosses', bounds, 'trust boundary', '/data_flows');
    for (const key of ['trust_boundaries', 'authentication', 'external_integrations', 'log_sources'] as const) list(part[key], 'components', comps, 'component', `/${key}`);
  }
  if ('attack_paths' in part && Array.isArray(part.attack_paths)) {
    list(part.attack_paths, 'findings', findings, 'finding', '/attack_paths');
    part.attack_paths.forEach((p, i) => {
      list((p as Obj)?.stages, 'components', comps, 'component', `/attack_paths/${i}/stages`);
      list((p as Obj)?.stages, 'log_sources', logs, 'log source', `/attack_paths/${i}/stages`);
    });
  }
  if ('threat_scenarios' in part) list(part.threat_scenarios, 'attack_paths', paths, 'attack path', '/threat_scenarios');
  if ('detection_coverage' in part) list((part.detection_coverage as Obj)?.detectable_techniques, 'log_sources', logs, 'log source', '/detection_coverage/detectable_techniques');
  if ('response_playbooks' in part) list(part.response_playbooks, 'scenarios', scenarios, 'threat scenario', '/response_playbooks');
  if ('monitoring_recommendations' in part) list(part.monitoring_recommendations, 'log_sources', logs, 'log source', '/monitoring_recommendations');
  return res;
}
