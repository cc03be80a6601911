/**
 * Gather stage for detection rules: walk the paths, read every rule file, and return one
 * `Detection` per rule plus every problem (file, line, reason) as data.
 */
import type { Problem } from '../util/errors.js';
import type { Detection } from './types.js';
import { walkRules } from './walk.js';
import { readRuleFile } from './read.js';

export type { Detection, LogSource, RuleFormat } from './types.js';
export { isActive, RULE_FORMATS } from './types.js';
export type { Problem } from '../util/errors.js';

export interface ParseOptions {
  /**
   * How each path is named in `file`/`ref` when several are scanned (default: the path as
   * given). Used when rules are read from a temporary checkout of a git ref.
   */
  labels?: string[];
}

/** Parse every rule file under `paths` (files or folders). Never throws for bad rule input. */
export async function parseRulePaths(paths: string[], opts: ParseOptions = {}): Promise<{ detections: Detection[]; problems: Problem[] }> {
  const detections: Detection[] = [];
  const problems: Problem[] = [];
  const several = paths.length > 1;
  paths.forEach((root, i) => {
    const label = (opts.labels?.[i] ?? root).replace(/\/+$/, '') || '/';
    const found = walkRules(root, problems, label);
    for (const f of found) {
      const isRoot = f.path === root; // the argument was a file
      const file = several ? (isRoot ? label : `${label}/${f.rel}`) : f.rel;
      const display = opts.labels ? (isRoot ? label : `${label}/${f.rel}`) : f.path;
      const { drafts, problems: p } = readRuleFile(f.path, file);
      problems.push(...p);
      const multi = drafts.length > 1;
      drafts.forEach((d, k) => {
        const id = d.id || (multi ? String(k + 1) : file);
        detections.push({ ...d, id, line: d.line ?? 1, file, path: display, ref: multi ? `${file}#${id}` : file });
      });
    }
  });
  return { detections, problems };
}
