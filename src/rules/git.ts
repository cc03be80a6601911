/**
 * Rules as they were at a git ref: the paths are exported with `git archive` into a
 * temporary folder and parsed from there, named as in the working tree so refs compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { inputError } from '../util/errors.js';
import type { Problem } from '../util/errors.js';
import type { Detection } from './types.js';
import { parseRulePaths } from './index.js';

const git = (cwd: string, args: string[], input?: Buffer) =>
  execFileSync('git', ['-C', cwd, ...args], { maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], input });

/** The top folder of the git repository holding `path`. */
export function repoRootOf(path: string): string {
  const p = resolve(path);
  const dir = existsSync(p) && statSync(p).isDirectory() ? p : dirname(p);
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
  } catch {
    throw inputError(`${path} is not inside a git repository`, { hint: 'pass --baseline <coverage.json> instead of a git ref, or run inside the rules repository' });
  }
}

export function isGitRef(root: string, ref: string): boolean {
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Parse the rules under `paths` as they were at `ref` of the repository holding the first path. */
export async function parseRulesAtRef(paths: string[], ref: string, repo?: string): Promise<{ detections: Detection[]; problems: Problem[] }> {
  const root = repoRootOf(repo ?? paths[0]);
  if (!isGitRef(root, ref)) throw inputError(`unknown git ref "${ref}" in ${root}`, { hint: 'use a commit, branch or tag (`git log --oneline`), or a coverage JSON file' });
  const tmp = mkdtempSync(join(tmpdir(), 'tm-ref-'));
  try {
    const inRepo = paths.map((p) => {
      const rel = relative(root, resolve(p));
      if (rel.startsWith('..')) throw inputError(`${p} is outside the git repository ${root}`);
      return rel.split(sep).join('/');
    });
    for (const rel of new Set(inRepo)) {
      let tar: Buffer;
      try {
        tar = git(root, ['archive', '--format=tar', ref, ...(rel ? ['--', rel] : [])]);
      } catch {
        continue; // the path did not exist at that ref: no rules there then
      }
      execFileSync('tar', ['-x', '-C', tmp], { input: tar, stdio: ['pipe', 'ignore', 'pipe'] });
    }
    const local = inRepo.map((rel) => join(tmp, rel));
    for (const l of local) if (!existsSync(l)) mkdirSync(l, { recursive: true });
    return await parseRulePaths(local, { labels: paths });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
