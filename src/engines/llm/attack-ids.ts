import type { AttackKB } from '../../attack/kb.js';

const TECH = /^T\d{4}(?:[./]\d{3})?$/i;
const DROP = Symbol('drop');

/**
 * Check every ATT&CK technique ID in a model's answer against the loaded release and fix it in
 * place, whatever the document's shape (so the app and the org jobs share it):
 *
 * - an object whose `id` is a technique ID (`{id, name, …}`): active → kept, name taken from
 *   ATT&CK; revoked with a live replacement → remapped to it; revoked without one, deprecated or
 *   unknown → dropped. A dropped object is removed from its array; an object that holds a dropped
 *   one under a plain key (`blind_spots[].technique`) is dropped with it.
 * - a string in an array that is exactly a technique ID (`techniques: ["T1078"]`): the same.
 *
 * Arrays are de-duplicated by technique ID after remapping. Returns one warning per ID changed.
 * An ID is never written as the model gave it unless the release says it is live.
 */
export function fixAttackIds<T>(doc: T, kb: AttackKB): { value: T; warnings: string[] } {
  const warnings = new Set<string>();
  const memo = new Map<string, string | null>();

  const resolve = (raw: string, path: string): string | null => {
    const key = raw.trim().toUpperCase().replace('/', '.');
    if (memo.has(key)) return memo.get(key)!;
    const r = kb.resolve(key);
    let out: string | null = null;
    const isTech = (t?: string) => t === 'technique' || t === 'subtechnique';
    if (r.status === 'active' && isTech(r.object.type)) out = r.id;
    else if (r.status === 'revoked' && r.replacedBy && kb.isActive(kb.get(r.replacedBy)) && isTech(kb.get(r.replacedBy)?.type)) {
      out = r.replacedBy;
      warnings.add(`model answer: ${r.id} is revoked in ATT&CK ${kb.version}; remapped to ${out} (${path})`);
    } else if (r.status === 'revoked') warnings.add(`model answer: ${r.id} is revoked in ATT&CK ${kb.version} with no live replacement; dropped (${path})`);
    else if (r.status === 'deprecated') warnings.add(`model answer: ${r.id} is deprecated in ATT&CK ${kb.version}; dropped (${path})`);
    else if (r.status === 'unknown') warnings.add(`model answer: ${r.id} is not in ATT&CK ${kb.version}; dropped (${path})`);
    else warnings.add(`model answer: ${r.id} is not a technique; dropped (${path})`);
    memo.set(key, out);
    return out;
  };

  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      const seen = new Set<string>();
      v.forEach((x, i) => {
        const y = typeof x === 'string' && TECH.test(x.trim()) ? (resolve(x, `${path}/${i}`) ?? DROP) : walk(x, `${path}/${i}`);
        if (y === DROP) return;
        const techId = typeof y === 'string' && TECH.test(y) ? y : isTechObject(y) ? (y as { id: string }).id : undefined;
        if (techId) {
          if (seen.has(techId)) return;
          seen.add(techId);
        }
        out.push(y);
      });
      return out;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (isTechObject(o)) {
        const id = resolve(o.id as string, path);
        if (!id) return DROP;
        o.id = id;
        const name = kb.get(id)?.name;
        if ('name' in o && name) o.name = name;
      }
      for (const [k, x] of Object.entries(o)) {
        if (k === 'id') continue;
        const y = walk(x, `${path}/${k}`);
        if (y === DROP) return DROP;
        o[k] = y;
      }
      return o;
    }
    return v;
  };

  const value = walk(doc, '');
  // a whole document cannot be a technique; a top-level DROP only happens for a bare technique object
  return { value: (value === DROP ? doc : value) as T, warnings: [...warnings].sort() };
}

function isTechObject(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { id?: unknown }).id === 'string' && TECH.test(((v as { id: string }).id).trim());
}
