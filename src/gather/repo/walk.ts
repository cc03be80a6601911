import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignoreModule from 'ignore';
import type { GatherProblem, GatherStats } from '../../model/app/types.js';
import type { RepoFile } from './types.js';

/** Files larger than this are skipped (generated bundles, data dumps, lock files of monorepos). */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Folders never entered, ignored or not: version-control internals and installed third-party
 * code (they describe someone else's code, and a repo with node_modules checked in would
 * otherwise dominate the scan).
 */
export const ALWAYS_SKIP = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.terraform', '.tox', '.mypy_cache', '.pytest_cache']);

/** tm's own outputs: a model checked in next to the code must not feed the next run. */
export const OWN_OUTPUTS = new Set(['app-threat-model.yaml', 'app-threat-model.md']);

type Ignore = ReturnType<typeof ignoreModule>;
const makeIgnore = (ignoreModule as unknown as { default?: () => Ignore }).default ?? (ignoreModule as unknown as () => Ignore);

export interface WalkResult {
  files: RepoFile[];
  stats: GatherStats;
  problems: GatherProblem[];
}

/**
 * Walk the repo once: honour every .gitignore on the way down, skip large files, never follow
 * a symlink (one pointing outside the repo or back to an ancestor is reported; one pointing
 * elsewhere inside is skipped because its target is walked at its own path).
 */
export function walkRepo(root: string): WalkResult {
  const rootReal = realpathSync(root);
  const stats: GatherStats = { files_seen: 0, files_read: 0, skipped_ignored: 0, skipped_binary: 0, skipped_large: 0, skipped_symlink: 0, bytes_read: 0 };
  const problems: GatherProblem[] = [];
  const files: RepoFile[] = [];
  // stack of [relative dir, ignore rules in force]
  const stack: { dir: string; rules: { base: string; ig: Ignore }[] }[] = [{ dir: '', rules: [] }];
  while (stack.length) {
    const { dir, rules: inherited } = stack.pop()!;
    const abs = dir ? join(rootReal, dir) : rootReal;
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: dir || '.', error: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    let rules = inherited;
    if (entries.some((d) => d.name === '.gitignore' && d.isFile())) {
      try {
        const ig = makeIgnore().add(readFileSync(join(abs, '.gitignore'), 'utf8'));
        rules = [...inherited, { base: dir, ig }];
      } catch (e) {
        problems.push({ file: rel(dir, '.gitignore'), error: `cannot read .gitignore: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const d of entries) {
      const path = rel(dir, d.name);
      if (d.isDirectory() && ALWAYS_SKIP.has(d.name)) continue;
      if (isIgnored(rules, path, d.isDirectory())) {
        stats.skipped_ignored++;
        continue;
      }
      if (d.isSymbolicLink()) {
        stats.skipped_symlink++;
        const p = symlinkProblem(rootReal, join(abs, d.name), path);
        if (p) problems.push(p);
        continue;
      }
      if (d.isDirectory()) {
        subdirs.push(path);
        continue;
      }
      if (!d.isFile()) continue;
      if (OWN_OUTPUTS.has(d.name)) continue;
      stats.files_seen++;
      let size: number;
      try {
        size = statSync(join(abs, d.name)).size;
      } catch (e) {
        problems.push({ file: path, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
        continue;
      }
      if (size > MAX_FILE_BYTES) {
        stats.skipped_large++;
        continue;
      }
      const lower = d.name.toLowerCase();
      const dot = lower.lastIndexOf('.');
      files.push({ path, base: lower, ext: dot > 0 ? lower.slice(dot) : '', size });
    }
    // reverse so the stack pops folders in name order: the walk order is deterministic
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], rules });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, stats, problems };
}

const rel = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

function isIgnored(rules: { base: string; ig: Ignore }[], path: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const sub = base ? path.slice(base.length + 1) : path;
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

/** Why a symlink is worth a message: it leaves the repo, it loops, or it is dangling. Else none. */
function symlinkProblem(rootReal: string, absLink: string, path: string): GatherProblem | undefined {
  let target: string;
  try {
    target = realpathSync(absLink);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { file: path, error: 'symlink loop, not followed' };
    return { file: path, error: 'dangling symlink, not followed' };
  }
  const r = relative(rootReal, target);
  if (r.startsWith('..') || r === '..' || /^[a-zA-Z]:/.test(r) || r.startsWith(sep + sep)) return { file: path, error: 'symlink points outside the repository, not followed' };
  try {
    const linkDir = realpathSync(join(absLink, '..'));
    if (lstatSync(target).isDirectory() && (linkDir === target || linkDir.startsWith(target + sep))) return { file: path, error: 'symlink loop (points to a parent folder), not followed' };
  } catch {
    /* the target vanished between calls: nothing to report */
  }
  return undefined;
}
