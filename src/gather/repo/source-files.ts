import { CODE_EXTS } from './text.js';
import { isTestPath } from './routes.js';
import type { RepoFile, RepoView } from './types.js';

const isCode = (f: RepoFile) => (CODE_EXTS as readonly string[]).includes(f.ext);

/** Whether the repo has any source code (a scanner's `isEnabled`). */
export const hasSourceCode = (repo: RepoView): boolean => repo.files.some(isCode);

/** Non-test source files with their text, for scanners that read application code. */
export function* sourceFiles(repo: RepoView): Generator<{ file: RepoFile; text: string }> {
  for (const file of repo.files) {
    if (!isCode(file) || isTestPath(file.path)) continue;
    const text = repo.text(file);
    if (text) yield { file, text };
  }
}
