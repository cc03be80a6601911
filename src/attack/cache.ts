import { readFileSync, statSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../util/paths.js';
import { writeFileAtomicSync } from '../util/fs.js';
import type { CompactIndex } from './types.js';

/** Where downloaded bundles, compact indexes and the user's pin live. */
export const attackCacheDir = () => join(cacheDir(), 'attack');
export const indexPath = (sha256: string) => join(attackCacheDir(), `index-${sha256}.json`);
const filesPath = () => join(attackCacheDir(), 'files.json');

interface FileEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

function readJson<T>(p: string): T | undefined {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * The sha256 of a bundle file we indexed before, if its size and mtime are unchanged.
 * Saves hashing 33+ MB on every warm run.
 */
export function knownSha(path: string): string | undefined {
  try {
    const st = statSync(path);
    const entry = readJson<Record<string, FileEntry>>(filesPath())?.[realpathSync(path)];
    if (entry && entry.size === st.size && entry.mtimeMs === st.mtimeMs) return entry.sha256;
  } catch {
    /* not cached */
  }
  return undefined;
}

export function rememberFile(path: string, sha256: string): void {
  try {
    const st = statSync(path);
    const all = readJson<Record<string, FileEntry>>(filesPath()) ?? {};
    all[realpathSync(path)] = { size: st.size, mtimeMs: st.mtimeMs, sha256 };
    writeFileAtomicSync(filesPath(), JSON.stringify(all, null, 1));
  } catch {
    /* the cache is an optimisation; a read-only home must not break a run */
  }
}

export function readCachedIndex(sha256: string, format: number): CompactIndex | undefined {
  const p = indexPath(sha256);
  if (!existsSync(p)) return undefined;
  const idx = readJson<CompactIndex>(p);
  return idx && idx.format === format && idx.sha256 === sha256 ? idx : undefined;
}

export function writeCachedIndex(index: CompactIndex): void {
  try {
    writeFileAtomicSync(indexPath(index.sha256), JSON.stringify(index));
  } catch {
    /* see rememberFile */
  }
}
