/** Helpers every format parser shares: typed field access that reports wrong types as problems. */
import type { Detection } from './types.js';

/** What a parser returns for one rule; the reader fills file, path, line and ref. */
export type DetectionDraft = Omit<Detection, 'file' | 'path' | 'ref' | 'line'> & { line?: number };

/** What a parser gets besides the document. */
export interface ParseContext {
  /** the file as the user names it (for messages) */
  file: string;
  /** 1-based line where this document starts */
  line: number;
  /** the file's text, to find the line of a field or value */
  text: string;
  /** report a problem with this rule (the rule is still returned when it can be) */
  problem(error: string, line?: number): void;
}

export type Doc = Record<string, unknown>;

export const isObj = (v: unknown): v is Doc => !!v && typeof v === 'object' && !Array.isArray(v);

/** A scalar as a trimmed string, or undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A list of strings; a lone string becomes a one-item list; anything else is a problem. */
export function strList(v: unknown, field: string, ctx: ParseContext): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) {
    ctx.problem(`\`${field}\` should be a list of strings, found ${typeof v}`, lineOf(ctx, field));
    return [];
  }
  const out: string[] = [];
  for (const x of v) {
    const s = str(x);
    if (s !== undefined) out.push(s);
    else ctx.problem(`\`${field}\` has a non-string entry (${JSON.stringify(x)?.slice(0, 40)})`, lineOf(ctx, field));
  }
  return out;
}

/** A boolean field; strings `true`/`false` accepted; default when absent. */
export function bool(v: unknown, dflt: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return dflt;
}

/** The line (1-based) of the first occurrence of `needle` at or after the document's start line. */
export function lineOf(ctx: Pick<ParseContext, 'text' | 'line'>, needle: string): number | undefined {
  let from = 0;
  for (let l = 1; l < ctx.line && from >= 0; l++) from = ctx.text.indexOf('\n', from) + 1;
  const at = ctx.text.indexOf(needle, Math.max(0, from));
  if (at < 0) return undefined;
  let line = 1;
  for (let i = ctx.text.indexOf('\n'); i >= 0 && i < at; i = ctx.text.indexOf('\n', i + 1)) line++;
  return line;
}

const TECH = /^T\d{4}(\.\d{3})?$/;
const TACTIC_ID = /^TA\d{4}$/;

/** Upper-case technique ID, accepting `t1059.001` and `T1059/001`; undefined when it isn't one. */
export function techniqueId(raw: string): string | undefined {
  const id = raw.trim().toUpperCase().replace(/^(T\d{4})\/(\d{3})$/, '$1.$2');
  return TECH.test(id) ? id : undefined;
}

/** Tactic as `TA0002`, or a shortname (`command-and-control`) from any spelling (`CommandAndControl`, `command_and_control`). */
export function tacticName(raw: string): string {
  const t = raw.trim();
  if (TACTIC_ID.test(t.toUpperCase())) return t.toUpperCase();
  return t
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

export const uniq = (xs: string[]): string[] => [...new Set(xs)];
