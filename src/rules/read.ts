/**
 * Read one rule file into detections: size and binary checks, YAML (all documents, Sigma
 * `action: global` collections merged) or TOML, then the first format whose `detect` matches.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import type { Problem } from '../util/errors.js';
import { PARSERS } from './formats/index.js';
import { isObj, type Doc, type DetectionDraft, type ParseContext } from './draft.js';
import { describeFsError } from './walk.js';

/** Files above this size are not rules (the biggest public rule is ~200 kB). */
export const MAX_RULE_BYTES = 4 * 1024 * 1024;

export interface FileResult {
  drafts: DetectionDraft[];
  problems: Problem[];
}

export function readRuleFile(path: string, file: string): FileResult {
  const problems: Problem[] = [];
  let buf: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_RULE_BYTES) return fail(file, `file too large (${(size / 1048576).toFixed(1)} MB > ${MAX_RULE_BYTES / 1048576} MB); not a rule`);
      buf = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return fail(file, describeFsError(e));
  }
  if (buf.subarray(0, 8192).includes(0)) return fail(file, 'binary file (NUL bytes); not a rule');
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const drafts: DetectionDraft[] = [];
  const docs: { doc: Doc; line: number }[] = [];
  const isToml = /\.toml$/i.test(path);
  try {
    if (isToml) {
      const d = parseToml(text) as Doc;
      docs.push({ doc: d, line: 1 });
    } else {
      const starts = docStarts(text);
      let global: Doc | undefined;
      let i = 0;
      yaml.loadAll(text, (d) => {
        const line = starts[i++] ?? 1;
        if (d === null || d === undefined) return;
        if (!isObj(d)) {
          problems.push({ file, line, error: `expected a mapping at the top of the YAML document, found ${Array.isArray(d) ? 'a list' : typeof d}` });
          return;
        }
        // Sigma rule collections: `action: global` is merged into every following document
        if (d.action === 'global') {
          global = { ...d };
          delete global.action;
          return;
        }
        if (d.action === 'reset') {
          global = undefined;
          return;
        }
        docs.push({ doc: global ? deepMerge(global, d) : d, line });
      }, { schema: yaml.CORE_SCHEMA, filename: file });
    }
  } catch (e) {
    const err = e as { mark?: { line: number }; line?: number; message: string; reason?: string };
    const line = err.mark ? err.mark.line + 1 : err.line;
    const reason = (err.reason ?? err.message.split('\n')[0]).replace(/^Invalid TOML document: /, '');
    problems.push({ file, line, error: `malformed ${isToml ? 'TOML' : 'YAML'}: ${reason}` });
    return { drafts, problems };
  }
  for (const { doc, line } of docs) {
    const parser = PARSERS.find((p) => p.kind === (isToml ? 'toml' : 'yaml') && p.detect(doc));
    if (!parser) {
      problems.push({ file, line, error: `not a detection rule: no known format matches (keys: ${Object.keys(doc).slice(0, 6).join(', ') || 'none'})` });
      continue;
    }
    const ctx: ParseContext = { file, line, text, problem: (error, l) => problems.push({ file, line: l ?? line, error }) };
    try {
      for (const d of parser.parse(doc, ctx)) drafts.push({ ...d, line: d.line ?? line });
    } catch (e) {
      problems.push({ file, line, error: `${parser.format}: ${(e as Error).message}` });
    }
  }
  return { drafts, problems };
}

function fail(file: string, error: string): FileResult {
  return { drafts: [], problems: [{ file, error }] };
}

/** 1-based start line of each YAML document (after each `---`, or line 1 when the file does not open with one). */
function docStarts(text: string): number[] {
  // most files hold one document: skip the line scan
  if (!text.startsWith('---') && !text.includes('\n---')) return [1];
  const starts: number[] = [];
  let line = 1;
  let sawContent = false;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const l = text.slice(pos, nl < 0 ? text.length : nl);
    if (/^---(\s|$)/.test(l)) {
      if (sawContent && starts.length === 0) starts.push(1);
      starts.push(line + 1);
    } else if (!sawContent && l.trim() && !l.trimStart().startsWith('#') && !l.startsWith('%')) sawContent = true;
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  if (starts.length === 0) starts.push(1);
  return starts;
}

function deepMerge(a: Doc, b: Doc): Doc {
  const out: Doc = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(out[k]) && isObj(v) ? deepMerge(out[k] as Doc, v) : v;
  return out;
}
