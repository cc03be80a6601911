import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidationIssue } from '../../validate/ajv.js';

type Json = Record<string, unknown>;

/**
 * The part of a document schema one stage produces: an object with just `parts` (top-level
 * properties of the full schema), all required, nothing else allowed, and only the `$defs` those
 * properties reach. The same schema is shown to the model and used to validate its answer, so a
 * stage is held to exactly the rules the whole document is.
 */
export function stageSchema(full: Json, parts: readonly string[]): Json {
  const props = (full.properties ?? {}) as Json;
  const picked: Json = {};
  for (const p of parts) {
    if (!(p in props)) throw new Error(`schema ${String(full.$id ?? '')} has no top-level property ${p}`);
    picked[p] = props[p];
  }
  const defs = (full.$defs ?? {}) as Json;
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')) {
          const name = x.slice('#/$defs/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(defs[name]);
          }
        } else visit(x);
      }
    }
  };
  visit(picked);
  const out: Json = { type: 'object', additionalProperties: false, required: [...parts], properties: picked };
  if (used.size) out.$defs = Object.fromEntries([...used].sort().map((n) => [n, defs[n]]));
  return out;
}

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<Json, ValidateFunction>();

/** Validate `data` against a stage schema (compiled once per schema object). */
export function validateStage(schema: Json, data: unknown): ValidationIssue[] {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
    const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  }
  let fn = compiled.get(schema);
  if (!fn) compiled.set(schema, (fn = ajv.compile(schema)));
  return fn(data) ? [] : dedupe((fn.errors ?? []).map(toIssue));
}

function toIssue(e: ErrorObject): ValidationIssue {
  const path = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return { path: `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`, message: 'unexpected key (not allowed here)' };
  if (e.keyword === 'enum') return { path, message: `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
  return { path, message: e.message ?? e.keyword };
}

function dedupe(xs: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.path}\u0000${x.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
