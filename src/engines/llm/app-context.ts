import type { AppGatherResult, EvidenceKind, RepoEvidence } from '../../model/app/types.js';
import { redact } from './redact.js';
import type { RepoFiles } from './repo-files.js';

/**
 * What the app prompts show of a repository: the scanners' evidence as compact lines, and
 * line-numbered excerpts around the evidence that matters most. Both are capped so a mid-size
 * repository fits the input budget; the model reads the rest through its tools.
 */
export interface PromptLimits {
  /** characters of evidence lines */
  evidenceChars: number;
  /** characters of file excerpts in total */
  excerptChars: number;
  /** lines of one file's excerpt */
  excerptLinesPerFile: number;
  /** lines of context on each side of an evidence line */
  context: number;
  /** file paths listed */
  fileList: number;
}

export const DEFAULT_LIMITS: PromptLimits = { evidenceChars: 48_000, excerptChars: 40_000, excerptLinesPerFile: 60, context: 5, fileList: 300 };

/** How much a kind of evidence tells about attack surface; lower shows first when capping. */
const KIND_RANK: Record<EvidenceKind, number> = {
  secret: 0,
  route: 1,
  auth: 1,
  terraform: 2,
  ci: 2,
  kubernetes: 2,
  container: 2,
  integration: 2,
  datastore: 2,
  logging: 3,
  config: 4,
  framework: 5,
  language: 6,
};

export function evidenceLine(e: RepoEvidence): string {
  const attrs = e.attrs ? Object.entries(e.attrs).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return [`${e.at.file}:${e.at.line}`, `${e.kind}/${e.name}`, e.detail ?? '', e.service, attrs].join(' | ').replace(/( \| )+$/, '');
}

/** Evidence lines in gather order (by file and line), the least telling left out first when over the cap. */
export function evidenceBlock(g: AppGatherResult, limits: PromptLimits = DEFAULT_LIMITS): { text: string; omitted: number } {
  const lines = g.evidence.map((e, i) => ({ i, rank: KIND_RANK[e.kind] ?? 9, line: redact(evidenceLine(e)) }));
  const byValue = [...lines].sort((a, b) => a.rank - b.rank || a.i - b.i);
  const keep = new Set<number>();
  let chars = 0;
  for (const l of byValue) {
    if (chars + l.line.length + 1 > limits.evidenceChars) continue;
    chars += l.line.length + 1;
    keep.add(l.i);
  }
  return { text: lines.filter((l) => keep.has(l.i)).map((l) => l.line).join('\n'), omitted: lines.length - keep.size };
}

export interface Excerpt {
  path: string;
  text: string;
}

/**
 * Excerpts around evidence lines: files ranked by how much telling evidence they hold, windows
 * of `context` lines merged, each file capped, the whole capped. Language/framework evidence
 * (manifests) alone does not earn an excerpt. Secret lines arrive redacted by `RepoFiles`.
 */
export function selectExcerpts(g: AppGatherResult, files: RepoFiles, limits: PromptLimits = DEFAULT_LIMITS): Excerpt[] {
  const byFile = new Map<string, { score: number; lines: number[] }>();
  for (const e of g.evidence) {
    const rank = KIND_RANK[e.kind] ?? 9;
    if (rank >= 5) continue;
    let f = byFile.get(e.at.file);
    if (!f) byFile.set(e.at.file, (f = { score: 0, lines: [] }));
    f.score += 6 - rank;
    f.lines.push(e.at.line);
  }
  const ranked = [...byFile.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  const out: Excerpt[] = [];
  let total = 0;
  for (const [path, f] of ranked) {
    const count = files.lineCount(path);
    if (!count) continue;
    const ranges = mergeRanges(f.lines.map((l) => [Math.max(1, l - limits.context), Math.min(count, l + limits.context)] as [number, number]));
    let text = '';
    let used = 0;
    for (const [a, b] of ranges) {
      const take = Math.min(b, a + (limits.excerptLinesPerFile - used) - 1);
      if (take < a) break;
      if (text) text += '…\n';
      text += files.numbered(path, a, take).text;
      used += take - a + 1;
    }
    if (!text) continue;
    if (total + text.length > limits.excerptChars) continue;
    total += text.length;
    out.push({ path, text: text.replace(/\n$/, '') });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

/** Paths not already excerpted, comma-separated, capped. */
export function fileListing(files: RepoFiles | undefined, excerpted: readonly Excerpt[], limits: PromptLimits = DEFAULT_LIMITS): { text: string; omitted: number } {
  if (!files) return { text: '(file access is not available in this run)', omitted: 0 };
  const shown = new Set(excerpted.map((e) => e.path));
  const rest = files.list().filter((p) => !shown.has(p));
  return { text: rest.slice(0, limits.fileList).join(', ') || '(none)', omitted: Math.max(0, rest.length - limits.fileList) };
}
