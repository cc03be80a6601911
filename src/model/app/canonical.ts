import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { packagePath } from '../../util/paths.js';
import type { AppThreatModel } from './types.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: Schema | boolean; $defs?: Record<string, Schema> };
let root: Schema | undefined;
const schema = (): Schema => (root ??= JSON.parse(readFileSync(packagePath('schemas', 'app-threat-model.schema.json'), 'utf8')) as Schema);

/**
 * Put every object's keys in the schema's property order (unknown keys after, sorted), so the
 * file reads the same whichever engine wrote it and whatever order it built objects in.
 */
export function canonicalModel(model: AppThreatModel): AppThreatModel {
  return order(model, schema()) as AppThreatModel;
}

function deref(s: Schema | undefined): Schema | undefined {
  if (!s?.$ref) return s;
  const name = s.$ref.replace('#/$defs/', '');
  return schema().$defs?.[name];
}

function order(v: unknown, s: Schema | undefined): unknown {
  const sc = deref(s);
  if (Array.isArray(v)) return v.map((x) => order(x, sc?.items));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const known = Object.keys(sc?.properties ?? {});
  for (const k of known) if (o[k] !== undefined) out[k] = order(o[k], sc!.properties![k]);
  const extra = Object.keys(o).filter((k) => !known.includes(k) && o[k] !== undefined).sort();
  const addl = typeof sc?.additionalProperties === 'object' ? sc.additionalProperties : undefined;
  for (const k of extra) out[k] = order(o[k], addl);
  return out;
}

/**
 * The YAML text of a model: canonical key order, no line folding, no anchors. Strings that a
 * YAML 1.1 reader (js-yaml, PyYAML) would turn into dates or booleans (`2026-11-24`, `yes`)
 * are quoted, so every reader gets the strings the schema expects.
 */
export function modelToYaml(model: AppThreatModel): string {
  return stringify(canonicalModel(model), { lineWidth: 0, aliasDuplicateObjects: false, schema: 'yaml-1.1' });
}
