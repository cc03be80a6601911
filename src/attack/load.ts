import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { inputError, TmError } from '../util/errors.js';
import { AttackKB } from './kb.js';
import { buildIndex, INDEX_FORMAT } from './build-index.js';
import { readBundle } from './read-bundle.js';
import { knownSha, readCachedIndex, rememberFile, writeCachedIndex } from './cache.js';
import { cachedBundlePath, readPin } from './pin.js';
import { downloadRelease, type DownloadProgress } from './download.js';
import type { AttackSource, CompactIndex } from './types.js';

export interface LoadAttackOptions {
  /** `--attack-data <file>` */
  file?: string;
  /** `attack_data` from tm.config.yaml */
  configFile?: string;
  /** release version for bundles without a collection object (STIX 2.0); else TM_ATTACK_VERSION, else the file name */
  version?: string;
  /** download the pinned release when nothing is found (default true) */
  download?: boolean;
  onDownloadProgress?: (p: DownloadProgress) => void;
}

export interface LoadedAttack {
  kb: AttackKB;
  source: AttackSource;
  /** e.g. the release version could not be told (a STIX 2.0 bundle without a collection object) */
  warnings: string[];
}

/** Which bundle to use, in the contract's order: flag, env, config, cached pinned release. */
export function locateAttackData(opts: LoadAttackOptions): { path: string; origin: AttackSource['origin'] } | undefined {
  if (opts.file) return { path: opts.file, origin: 'flag' };
  if (process.env.TM_ATTACK_DATA) return { path: process.env.TM_ATTACK_DATA, origin: 'env' };
  if (opts.configFile) return { path: opts.configFile, origin: 'config' };
  const cached = cachedBundlePath(readPin().version);
  if (existsSync(cached)) return { path: cached, origin: 'cache' };
  return undefined;
}

/** Load ATT&CK into a ready knowledge base, from the compact index cache when it is warm. */
export async function loadAttack(opts: LoadAttackOptions = {}): Promise<LoadedAttack> {
  let found = locateAttackData(opts);
  if (!found) {
    const pin = readPin();
    if (opts.download === false) throw noData(pin.version);
    try {
      const d = await downloadRelease(pin.version, { onProgress: opts.onDownloadProgress, connectTimeoutMs: 10_000 });
      found = { path: d.path, origin: 'download' };
    } catch (e) {
      if (e instanceof TmError) throw noData(pin.version, e.message);
      throw e;
    }
  }
  const { index, sha256 } = loadIndexFor(found.path);
  index.version = versionFor(index, found.path, opts.version, found.origin);
  const warnings =
    index.version === 'unknown'
      ? [`the ATT&CK bundle ${found.path} does not say which release it is (no x-mitre-collection object); name it with TM_ATTACK_VERSION=<x.y>, or adopt it once with \`tm attack import <file> --version <x.y>\``]
      : [];
  return { kb: new AttackKB(index), source: { path: found.path, origin: found.origin, sha256 }, warnings };
}

/** Synchronous core: bundle file → compact index, through the cache. */
export function loadIndexFor(path: string): { index: CompactIndex; sha256: string } {
  const sha = knownSha(path);
  if (sha) {
    const idx = readCachedIndex(sha, INDEX_FORMAT);
    if (idx) return { index: idx, sha256: sha };
  }
  const raw = readBundle(path);
  let index = readCachedIndex(raw.sha256, INDEX_FORMAT);
  if (!index) {
    try {
      index = buildIndex(raw.objects as never[], { sha256: raw.sha256, specVersion: raw.specVersion }).index;
    } catch (e) {
      throw inputError(`${path}: ${(e as Error).message}`, { hint: 'tm needs the Enterprise ATT&CK STIX bundle (enterprise-attack.json)' });
    }
    writeCachedIndex(index);
  }
  rememberFile(path, raw.sha256);
  return { index, sha256: raw.sha256 };
}

function versionFor(index: CompactIndex, path: string, hint: string | undefined, origin: string): string {
  if (index.version && index.version !== 'unknown') return index.version;
  const named = hint ?? process.env.TM_ATTACK_VERSION;
  if (named) return named;
  const m = /(\d+\.\d+)(?:\.json)?(?:\.gz)?$/.exec(basename(path)) ?? /-v?(\d+\.\d+)/.exec(basename(path));
  if (m) return m[1];
  if (origin === 'cache') return readPin().version;
  return 'unknown';
}

function noData(version: string, why?: string): TmError {
  return inputError(`no ATT&CK data found${why ? `, and the download failed: ${why}` : ''}`, {
    hint: `run \`tm attack update\` (downloads ATT&CK ${version}), or use a local bundle: --attack-data <file>, TM_ATTACK_DATA=<file>, or \`tm attack import <file>\``,
  });
}
