import type { AttackKB } from '../attack/kb.js';
import type { ValidationIssue } from './ajv.js';

const TECH_RE = /^T\d{4}(\.\d{3})?$/i;
const TECH_KEY = /(^|_)(technique|techniques|technique_id|technique_ids|ttps?|attack_ids?|mitre_attack)$/i;

/**
 * Every ATT&CK technique ID a document names (in fields called technique(s), ttp(s),
 * attack_id(s)…) must exist, live, in the loaded release. Returns issues with JSON paths.
 */
export function attackIdIssues(doc: unknown, kb: AttackKB): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (value: string, path: string) => {
    if (!TECH_RE.test(value)) return;
    const r = kb.resolve(value);
    if (r.status === 'unknown') issues.push({ path, message: `${value} is not a technique in ATT&CK ${kb.version}` });
    else if (r.status === 'revoked') issues.push({ path, message: `${value} is revoked in ATT&CK ${kb.version}${r.replacedBy ? `; use ${r.replacedBy}` : ''}` });
    else if (r.status === 'deprecated') issues.push({ path, message: `${value} is deprecated in ATT&CK ${kb.version}` });
  };
  const walk = (v: unknown, path: string, underTechKey: boolean) => {
    if (typeof v === 'string') {
      if (underTechKey) check(v, path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`, underTechKey));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // `metadata` records what was dropped or remapped; it may name bad IDs on purpose
        if (path === '' && k === 'metadata') continue;
        walk(x, `${path}/${k}`, TECH_KEY.test(k) || (underTechKey && /^(id|technique_id)$/.test(k)));
      }
  };
  walk(doc, '', false);
  return issues;
}
