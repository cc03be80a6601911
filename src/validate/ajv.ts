import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { packagePath } from '../util/paths.js';

/** One validation failure: a JSON path (`/threat_scenarios/3/techniques/0`) and what is wrong. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The one ajv instance; every schema under schemas/ is added once, by file name and $id. */
function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const dir = packagePath('schemas');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
    ajv.addSchema(schema, f.replace(/\.schema\.json$/, ''));
  }
  return ajv;
}

/** Names of the schemas shipped in schemas/ (file name without `.schema.json`). */
export function schemaNames(): string[] {
  return readdirSync(packagePath('schemas'))
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => f.replace(/\.schema\.json$/, ''))
    .sort();
}

/** Validate data against `schemas/<name>.schema.json`. Each schema is compiled once per process. */
export function validateAgainst(name: string, data: unknown): ValidationResult {
  let fn = compiled.get(name);
  if (!fn) {
    const a = instance();
    fn = a.getSchema(name);
    if (!fn) throw new Error(`no schema named ${name} in schemas/`);
    compiled.set(name, fn);
  }
  const valid = fn(data) as boolean;
  return { valid, errors: valid ? [] : (fn.errors ?? []).map(toIssue) };
}

function toIssue(e: ErrorObject): ValidationIssue {
  // Point an unexpected key at the key itself, so a file:line lands on it.
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return { path: `${e.instancePath}/${key}`, message: `unexpected key ${key} (not allowed here)` };
  }
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
      : e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return { path: e.instancePath || '/', message: `${e.message ?? e.keyword}${extra}` };
}
