import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { walkRepo } from '../../gather/repo/walk.js';
import { redact } from './redact.js';

/** Largest slice of one file a tool call returns (characters, after line numbers). */
export const MAX_READ_CHARS = 24_000;

/**
 * Read-only, redacted access to the files of one repository, for prompts and tools.
 *
 * Only the files the repo walk keeps are readable (so `.gitignore`d files such as `.env`, VCS
 * folders and large or binary files are not), paths are confined to the root (no `..`, no
 * absolute paths, no symlink out), and every text passes through the redactor. Lines the
 * secrets scanner flagged are blanked whole, which also covers secrets no pattern knows.
 */
export class RepoFiles {
  readonly root: string;
  private files = new Set<string>();
  private cache = new Map<string, string | null>();
  /** characters held in `cache`; past the cap, texts are read again when needed (a search over a huge repo must not hold it all) */
  private cachedChars = 0;
  private secretLines = new Map<string, Set<number>>();

  constructor(root: string, secretRefs: readonly { file: string; line: number }[] = []) {
    this.root = realpathSync(root);
    for (const f of walkRepo(this.root).files) this.files.add(f.path);
    for (const r of secretRefs) {
      let s = this.secretLines.get(r.file);
      if (!s) this.secretLines.set(r.file, (s = new Set()));
      s.add(r.line);
    }
  }

  /** Paths of every readable file, sorted. */
  list(): string[] {
    return [...this.files].sort();
  }

  /**
   * Normalise a path the model sent (`./src/app.ts`, `src\\app.ts`) to the repo-relative form,
   * or return why it is refused.
   */
  resolve(raw: string): { path: string } | { error: string } {
    const p = String(raw ?? '').trim().replace(/\\/g, '/');
    if (!p) return { error: 'empty path' };
    if (isAbsolute(p) || /^[A-Za-z]:\//.test(p)) return { error: `absolute paths are refused; give a path relative to the repository root` };
    const norm = posix.normalize(p).replace(/^\.\//, '');
    if (norm === '..' || norm.startsWith('../') || norm.split('/').includes('..')) return { error: `${raw} is outside the repository; paths must stay inside it` };
    if (!this.files.has(norm)) return { error: `${norm} is not a readable file of the repository (missing, ignored, binary or too large)` };
    // a file the walk kept is not a symlink, but check the real path anyway in case the tree changed since
    try {
      const real = realpathSync(join(this.root, norm));
      const rel = relative(this.root, real);
      if (rel.startsWith('..') || isAbsolute(rel)) return { error: `${norm} resolves outside the repository` };
    } catch {
      return { error: `${norm} cannot be read` };
    }
    return { path: norm.split(sep).join('/') };
  }

  /** The redacted text of a repo file, or undefined when it is not readable text. */
  text(path: string): string | undefined {
    if (!this.files.has(path)) return undefined;
    if (this.cache.has(path)) return this.cache.get(path) ?? undefined;
    let text: string | null = null;
    try {
      const buf = readFileSync(join(this.root, path));
      if (!buf.includes(0)) text = this.redactFile(path, buf.toString('utf8'));
    } catch {
      text = null;
    }
    if (this.cachedChars + (text?.length ?? 0) <= MAX_CACHED_CHARS) {
      this.cache.set(path, text);
      this.cachedChars += text?.length ?? 0;
    }
    return text ?? undefined;
  }

  /** Number of lines in a file (0 when unreadable). */
  lineCount(path: string): number {
    const t = this.text(path);
    return t === undefined ? 0 : t.split('\n').length;
  }

  /** Lines `from`..`to` (1-based, inclusive) of a file, each prefixed with its number, capped at `maxChars`. */
  numbered(path: string, from = 1, to = Number.MAX_SAFE_INTEGER, maxChars = MAX_READ_CHARS): { text: string; truncated: boolean; lastLine: number } {
    const lines = (this.text(path) ?? '').split('\n');
    const start = Math.max(1, Math.floor(from));
    const end = Math.min(lines.length, Math.floor(to));
    let out = '';
    let last = start - 1;
    for (let n = start; n <= end; n++) {
      const line = `${n}| ${clipLine(lines[n - 1])}\n`;
      if (out.length + line.length > maxChars) return { text: out, truncated: true, lastLine: last };
      out += line;
      last = n;
    }
    return { text: out, truncated: false, lastLine: last };
  }

  private redactFile(path: string, raw: string): string {
    // patterns first (a private key block is matched from its BEGIN line), then whole flagged lines
    let text = redact(raw);
    const flagged = this.secretLines.get(path);
    if (flagged?.size) {
      const lines = text.split('\n');
      for (const n of flagged) if (n >= 1 && n <= lines.length) lines[n - 1] = '[REDACTED: this line holds a secret the secrets scanner found]';
      text = lines.join('\n');
    }
    return text;
  }
}

const MAX_CACHED_CHARS = 32_000_000;

/** Minified files have endless lines; a model needs no more than the start of one. */
const MAX_LINE = 400;
const clipLine = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)} …[line cut]` : s);
