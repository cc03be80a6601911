import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname, isAbsolute } from 'node:path';
import YAML from 'yaml';
import { validateAgainst, type ValidationIssue } from '../validate/ajv.js';

/** tm.config.yaml, normalised: relative paths resolved against the config file's folder. */
export interface TmConfig {
  engine?: 'offline' | 'anthropic';
  model?: string;
  max_input_tokens?: number;
  attack_data?: string;
  kb?: string[];
  mcp_config?: string;
  roles?: { telemetry?: string; siem?: string; ticketing?: string; docs?: string };
  adapters?: Record<string, string>;
  server_timeout_ms?: number;
}

export interface ConfigResult {
  config: TmConfig;
  /** the file read, if any */
  file?: string;
  errors: (ValidationIssue & { file: string; line?: number })[];
  warnings: string[];
}

/**
 * Find and read tm.config.yaml (or `explicit`). Returns errors as data; the CLI decides
 * whether they stop the run. A missing default file is not an error; a missing explicit one is.
 */
export function loadConfig(explicit?: string, cwd = process.cwd()): ConfigResult {
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'tm.config.yaml');
  if (!existsSync(file)) {
    return explicit
      ? { config: {}, file, errors: [{ file, path: '/', message: 'config file not found' }], warnings: [] }
      : { config: {}, errors: [], warnings: [] };
  }
  const text = readFileSync(file, 'utf8');
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    return {
      config: {},
      file,
      errors: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line, path: '/', message: e.message.split('\n')[0] })),
      warnings: [],
    };
  }
  const data = (doc.toJS() ?? {}) as TmConfig;
  const v = validateAgainst('config', data);
  const errors = v.errors.map((e) => ({ ...e, file, line: lineOf(doc, e.path) }));
  const warnings: string[] = [];
  const base = dirname(file);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (data.attack_data) data.attack_data = abs(data.attack_data);
  if (data.mcp_config) data.mcp_config = abs(data.mcp_config);
  if (data.kb) data.kb = data.kb.map(abs);
  return { config: v.valid ? data : {}, file, errors, warnings };
}

/** 1-based line of a JSON-pointer path in a parsed YAML document, when it can be found. */
function lineOf(doc: YAML.Document.Parsed, pointer: string): number | undefined {
  const path = pointer.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const node = (path.length ? doc.getIn(path, true) : doc.contents) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  return doc.toString().slice(0, offset).split('\n').length;
}
