import type { EvidenceKind, RepoEvidence, RepoService } from '../../model/app/types.js';
import type { FileRole } from './classify.js';

/** One file the walk found (a regular file inside the repo, not ignored, not too large). */
export interface RepoFile {
  /** path relative to the repo root, forward slashes */
  path: string;
  /** lower-case base name (`dockerfile`, `package.json`) */
  base: string;
  /** lower-case extension with the dot (`.ts`), or '' */
  ext: string;
  size: number;
}

/**
 * What a scanner sees: the file list from the one walk, and a reader that reads each file
 * at most once (shared by every scanner). Text is undefined for binary, non-UTF-8 or
 * unreadable files; the reason is recorded once as a problem.
 */
export interface RepoView {
  /** the repo folder's base name */
  name: string;
  files: readonly RepoFile[];
  /** files by lower-case extension (`.py`) and by lower-case base name (`dockerfile`) */
  byExt(ext: string): readonly RepoFile[];
  byBase(base: string): readonly RepoFile[];
  text(file: RepoFile): string | undefined;
  /** the service folder a path belongs to (nearest folder with a manifest), `.` for the root */
  serviceOf(path: string): string;
  services: readonly RepoService[];
  /** what the file is for (runtime, test, vendored, translation, …); see classify.ts */
  roleOf(file: RepoFile | string): FileRole;
}

/**
 * A repo scanner: a plain object. `isEnabled` is a cheap check on the file list (no reads);
 * `scan` returns evidence with file:line, never a secret value.
 */
export interface RepoScanner {
  id: string;
  isEnabled(repo: RepoView): boolean;
  scan(repo: RepoView): RepoEvidence[];
}

export type { EvidenceKind, RepoEvidence, FileRole };
