/**
 * List rule files under a path in one synchronous pass (readdir with file types, so no stat
 * per file). Hidden folders and node_modules are skipped; symlinked folders are followed once
 * (by real path), so a symlink loop is reported instead of walked forever.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../util/errors.js';

export const RULE_EXTENSIONS = /\.(ya?ml|toml)$/i;

export interface FoundFile {
  /** path as the walk reached it (argument joined with the relative part) */
  path: string;
  /** path relative to the argument, with `/` separators */
  rel: string;
}

export function walkRules(root: string, problems: Problem[], label = root): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  let st;
  try {
    st = statSync(root);
  } catch (e) {
    problems.push({ file: label, error: describeFsError(e) });
    return out;
  }
  if (st.isFile()) return [{ path: root, rel: root.split(/[\\/]/).pop()! }];
  // a folder's real path is its parent's real path + its name unless it is a symlink, so
  // realpath is called only for the root and for symlinked folders
  const visit = (dir: string, rel: string, real: string) => {
    if (seen.has(real)) {
      problems.push({ file: rel || label, error: 'symlink loop: this folder was already scanned under another path; skipped' });
      return;
    }
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: rel || label, error: describeFsError(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let childReal = join(real, e.name);
      if (e.isSymbolicLink()) {
        try {
          const s = statSync(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
          if (isDir) childReal = realpathSync.native(p);
        } catch (err) {
          problems.push({ file: r, error: describeFsError(err) });
          continue;
        }
      }
      if (isDir) visit(p, r, childReal);
      else if (isFile && RULE_EXTENSIONS.test(e.name)) out.push({ path: p, rel: r });
    }
  };
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch (e) {
    problems.push({ file: label, error: describeFsError(e) });
    return out;
  }
  visit(root, '', realRoot);
  return out;
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ELOOP') return 'symlink loop: too many levels of symbolic links';
  if (err.code === 'ENOENT') return 'no such file or folder (or a broken symlink)';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message ?? String(e);
}
