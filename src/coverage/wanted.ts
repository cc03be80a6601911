/**
 * Where the wanted set comes from, besides "every active technique": ATT&CK groups, a
 * Navigator layer, or a threat model / register document. Pure: documents already parsed.
 */
import type { AttackKB } from '../attack/kb.js';
import { inputError } from '../util/errors.js';
import { byString } from '../util/json.js';

const TECH = /^T\d{4}(\.\d{3})?$/i;

/** Techniques the groups use, directly or through their software. */
export function wantedFromGroups(kb: AttackKB, groups: string[]): string[] {
  const out = new Set<string>();
  for (const g of groups) {
    const o = kb.get(g);
    if (!o || o.type !== 'group') {
      throw inputError(`--group ${g}: no such ATT&CK group in release ${kb.version}`, {
        hint: `groups are G#### IDs; try \`tm attack search ${g}\``,
      });
    }
    for (const t of kb.techniquesUsedBy(o.id, { viaSoftware: true })) out.add(t);
  }
  return [...out].sort(byString);
}

/** Techniques a Navigator layer marks: every entry not disabled and not scored 0. */
export function wantedFromLayer(layer: unknown, file: string): string[] {
  const list = Array.isArray(layer) ? layer : [layer];
  const out = new Set<string>();
  for (const l of list) {
    const techs = (l as { techniques?: unknown })?.techniques;
    if (!Array.isArray(techs)) throw inputError(`${file}: not an ATT&CK Navigator layer (no "techniques" list)`, { hint: 'export the layer from ATT&CK Navigator as JSON' });
    for (const t of techs as { techniqueID?: unknown; enabled?: unknown; score?: unknown }[]) {
      if (typeof t?.techniqueID !== 'string' || t.enabled === false || t.score === 0) continue;
      out.add(t.techniqueID.toUpperCase());
    }
  }
  return [...out].sort(byString);
}

/**
 * Techniques a threat model or register names. Their shapes belong to other parts of tm and
 * will grow, so this reads any string value that is exactly a technique ID, anywhere.
 */
export function wantedFromDocument(doc: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (TECH.test(v.trim())) out.add(v.trim().toUpperCase());
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return [...out].sort(byString);
}
