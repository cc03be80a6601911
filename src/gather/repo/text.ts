import type { EvidenceKind, RepoEvidence } from '../../model/app/types.js';
import type { RepoFile, RepoView } from './types.js';

/** Longest detail text kept from a source line, so a model never carries a whole file. */
export const MAX_DETAIL = 160;

/** Every match of a global regex with its 1-based line; line numbers are counted incrementally. */
export function* matches(text: string, re: RegExp): Generator<{ m: RegExpExecArray; line: number }> {
  if (!re.global) throw new Error('matches() needs a global regex');
  re.lastIndex = 0;
  let line = 1;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    pos = m.index;
    yield { m, line };
    if (m[0].length === 0) re.lastIndex++;
  }
}

/** The first line (1-based) a regex matches, or undefined. */
export function firstLine(text: string, re: RegExp): number | undefined {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (const { line } of matches(text, r)) return line;
  return undefined;
}

/** Trim a detail to one short line. */
export function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? one.slice(0, MAX_DETAIL - 1) + '…' : one;
}

/** Remove credentials from a URL-ish string: `postgres://user:pass@host` → `postgres://***@host`. */
export function redactUrl(s: string): string {
  return s.replace(/(\w+:\/\/)[^/\s:@'"]*:[^@\s'"]*@/g, '$1***@');
}

/** Token shapes and `secret = value` assignments that must never reach a detail (a log line can hold one). */
const SECRETISH = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\b[rs]k_(?:live|test)_[0-9a-zA-Z]{8,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[baprs]-[0-9A-Za-z-]{10,}|\bAIza[0-9A-Za-z_-]{20,}|\bSG\.[\w-]{10,}\.[\w-]{10,}|\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----/g;
const SECRET_ASSIGN = /\b(\w*(?:secret|passw(?:or)?d|pwd|token|api_?key|private_?key)\w*)(["']?\s*[:=]\s*["']?)([^\s"',;)}]{4,})/gi;

/** Replace anything that looks like a secret value with `[redacted]` (names stay). */
export function redactSecrets(s: string): string {
  return s.replace(SECRETISH, '[redacted]').replace(SECRET_ASSIGN, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
}

/** Build evidence for a file and line; the service is the file's service folder. */
export function ev(
  repo: RepoView,
  scanner: string,
  kind: EvidenceKind,
  name: string,
  file: RepoFile,
  line: number,
  detail?: string,
  attrs?: RepoEvidence['attrs'],
): RepoEvidence {
  const e: RepoEvidence = { scanner, kind, name, service: repo.serviceOf(file.path), at: { file: file.path, line } };
  if (detail !== undefined) e.detail = clip(redactSecrets(redactUrl(detail)));
  if (attrs && Object.keys(attrs).length) e.attrs = attrs;
  return e;
}

/** Files with any of these extensions (lower-case, with dot). */
export function filesWithExt(repo: RepoView, exts: readonly string[]): RepoFile[] {
  return exts.flatMap((x) => repo.byExt(x));
}

export const CODE_EXTS = ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.jsx', '.py', '.go', '.java', '.kt', '.cs', '.rb', '.rs', '.php'] as const;

/** The line's text (for attributes such as "is this route authenticated"). */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const n = text.indexOf('\n', start);
    if (n === -1) return '';
    start = n + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}
