import type { AttackKB } from '../../attack/kb.js';
import type { AppThreatModel, TechniqueRef } from './types.js';

/**
 * Turn technique IDs into `{id, name}` against the loaded ATT&CK release: active IDs are kept,
 * revoked ones follow `revoked-by` to their replacement, deprecated and unknown ones are dropped.
 * Every change is recorded as a warning (for `metadata.warnings`), once per ID.
 */
export function techniqueResolver(kb: AttackKB, warnings: Set<string>): (ids: readonly string[]) => TechniqueRef[] {
  const memo = new Map<string, TechniqueRef | null>();
  const one = (raw: string): TechniqueRef | null => {
    const hit = memo.get(raw);
    if (hit !== undefined) return hit;
    const r = kb.resolve(raw);
    let out: TechniqueRef | null = null;
    if (r.status === 'active' && (r.object.type === 'technique' || r.object.type === 'subtechnique')) out = { id: r.id, name: r.object.name };
    else if (r.status === 'revoked' && r.replacedBy) {
      const rep = kb.get(r.replacedBy);
      out = rep ? { id: rep.id, name: rep.name } : null;
      warnings.add(`ATT&CK ${r.id} is revoked in release ${kb.version}; replaced by ${r.replacedBy}`);
    } else if (r.status === 'revoked') warnings.add(`ATT&CK ${r.id} is revoked in release ${kb.version} with no replacement; dropped`);
    else if (r.status === 'deprecated') warnings.add(`ATT&CK ${r.id} is deprecated in release ${kb.version}; dropped`);
    else if (r.status === 'unknown') warnings.add(`ATT&CK ${r.id} is not in release ${kb.version}; dropped`);
    else warnings.add(`${raw} is not a technique; dropped`);
    memo.set(raw, out);
    return out;
  };
  return (ids) => {
    const seen = new Map<string, TechniqueRef>();
    for (const id of ids) {
      const t = one(id);
      if (t) seen.set(t.id, t);
    }
    return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  };
}

/**
 * Check every technique in a model (whoever wrote it: offline rules or an LLM) against the
 * loaded release, in place. Returns the warnings. Names are taken from ATT&CK, not the input.
 */
export function sanitizeModelTechniques(model: AppThreatModel, kb: AttackKB): string[] {
  const warnings = new Set<string>();
  const resolve = techniqueResolver(kb, warnings);
  const fix = (refs: TechniqueRef[] | undefined) => resolve((refs ?? []).map((t) => t.id));
  for (const f of model.findings ?? []) f.techniques = fix(f.techniques);
  for (const p of model.attack_paths ?? []) for (const s of p.stages) s.techniques = fix(s.techniques);
  for (const s of model.threat_scenarios ?? []) s.techniques = fix(s.techniques);
  for (const p of model.response_playbooks ?? []) p.techniques = fix(p.techniques);
  for (const m of model.monitoring_recommendations ?? []) m.techniques = fix(m.techniques);
  const dc = model.detection_coverage;
  if (dc) {
    const keep = new Map<string, (typeof dc.detectable_techniques)[number]>();
    for (const d of dc.detectable_techniques) {
      const [t] = resolve([d.id]);
      if (t && !keep.has(t.id)) keep.set(t.id, { ...d, id: t.id, name: t.name });
    }
    dc.detectable_techniques = [...keep.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    dc.blind_spots = dc.blind_spots.flatMap((b) => {
      const [t] = resolve([b.technique.id]);
      return t ? [{ ...b, technique: t }] : [];
    });
  }
  return [...warnings].sort();
}
