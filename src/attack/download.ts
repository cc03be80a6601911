import { gunzipSync } from 'node:zlib';
import { inputError } from '../util/errors.js';
import { writeFileAtomicSync } from '../util/fs.js';
import { buildIndex } from './build-index.js';
import { parseBundleText, sha256Of } from './read-bundle.js';
import { rememberFile, writeCachedIndex } from './cache.js';
import { cachedBundlePath, releaseUrl, writeUserPin, type AttackPin } from './pin.js';

export interface DownloadProgress {
  received: number;
  total?: number;
}

export interface DownloadResult {
  path: string;
  version: string;
  sha256: string;
  bytes: number;
  url: string;
}

/**
 * Download MITRE's published STIX 2.1 Enterprise bundle for `version`, check it is a
 * well-formed Enterprise bundle of that version, cache it with its index, and pin it.
 * Fails fast (connect timeout) with an input error when the network does not answer.
 */
export async function downloadRelease(
  version: string,
  opts: { url?: string; onProgress?: (p: DownloadProgress) => void; connectTimeoutMs?: number } = {},
): Promise<DownloadResult> {
  const url = opts.url ?? process.env.TM_ATTACK_URL ?? releaseUrl(version);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.connectTimeoutMs ?? 15_000);
  let res: Response;
  try {
    res = await fetch(url, { signal: ctrl.signal });
  } catch (e) {
    clearTimeout(timer);
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw inputError(`could not download ATT&CK ${version} from ${url} (${cause})`, {
      hint: 'no network? use a local bundle: `tm attack import <enterprise-attack.json>`, --attack-data <file>, or TM_ATTACK_DATA',
    });
  }
  clearTimeout(timer);
  if (!res.ok || !res.body) {
    throw inputError(`could not download ATT&CK ${version}: HTTP ${res.status} from ${url}`, {
      hint: res.status === 404 ? `is ${version} a published release? try \`tm attack update --version <x.y>\`` : 'try again later, or use --attack-data <file>',
    });
  }
  const total = Number(res.headers.get('content-length')) || undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    opts.onProgress?.({ received, total });
  }
  const buf = Buffer.concat(chunks);
  return adoptBundle(buf, { version, url, source: url });
}

/**
 * Check a bundle's bytes, index them, store them as the cached release, and pin it.
 * Shared by `tm attack update` (downloaded bytes) and `tm attack import` (a local file).
 */
export function adoptBundle(buf: Buffer, opts: { version?: string; url?: string; source: string }): DownloadResult {
  const sha256 = sha256Of(buf);
  const text = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  const { objects, specVersion } = parseBundleText(text, opts.source);
  let built;
  try {
    built = buildIndex(objects as never[], { sha256, version: opts.version, specVersion });
  } catch (e) {
    throw inputError(`${opts.source}: ${(e as Error).message}`, { hint: 'tm needs the Enterprise ATT&CK bundle (enterprise-attack-<version>.json)' });
  }
  const found = built.collectionVersion;
  if (opts.version && found && found !== opts.version) {
    throw inputError(`${opts.source} holds ATT&CK ${found}, not the requested ${opts.version}`, { hint: `run \`tm attack update --version ${found}\`, or ask for the version you want` });
  }
  const version = found ?? opts.version;
  if (!version) {
    throw inputError(`${opts.source} has no x-mitre-collection object naming its ATT&CK version`, { hint: 'name it: `tm attack import <file> --version 18.1`' });
  }
  built.index.version = version;
  const path = cachedBundlePath(version);
  writeFileAtomicSync(path, text);
  // The cached copy is plain JSON; its sha is of what was received, recorded in the pin.
  const storedSha = sha256Of(Buffer.from(text, 'utf8'));
  built.index.sha256 = storedSha;
  writeCachedIndex(built.index);
  rememberFile(path, storedSha);
  const pin: AttackPin = { version, url: opts.url ?? releaseUrl(version), sha256 };
  writeUserPin(pin);
  return { path, version, sha256, bytes: buf.length, url: pin.url };
}
