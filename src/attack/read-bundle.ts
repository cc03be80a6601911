import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { inputError } from '../util/errors.js';

export interface RawBundle {
  objects: Record<string, unknown>[];
  specVersion: string;
  sha256: string;
}

/** sha256 of a file's bytes (the bundle as stored, compressed or not). */
export function sha256Of(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Read a STIX bundle file (plain JSON or gzip, detected by magic bytes) and check it is a
 * bundle. Every failure is an input error naming the file and what to do.
 */
export function readBundle(path: string): RawBundle {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw inputError(`ATT&CK data not found: ${path}`, { hint: 'check the path, or run `tm attack update` to download the pinned release' });
  }
  if (st.isDirectory()) throw inputError(`ATT&CK data is a folder, not a file: ${path}`, { hint: 'pass the STIX bundle file, e.g. enterprise-attack.json' });
  const raw = readFileSync(path);
  if (raw.length === 0) throw inputError(`ATT&CK data file is empty: ${path}`, { hint: 'download it again with `tm attack update`' });
  const sha256 = sha256Of(raw);
  let text: string;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      text = gunzipSync(raw).toString('utf8');
    } catch (e) {
      throw inputError(`ATT&CK data is not a readable gzip file: ${path} (${(e as Error).message})`, { hint: 'download it again with `tm attack update`' });
    }
  } else text = raw.toString('utf8');
  return { ...parseBundleText(text, path), sha256 };
}

export function parseBundleText(text: string, path: string): Omit<RawBundle, 'sha256'> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const truncated = /Unexpected end|unterminated|end of JSON/i.test(msg);
    throw inputError(`${truncated ? 'truncated' : 'malformed'} JSON in ATT&CK data ${path}: ${msg}`, {
      hint: truncated ? 'the file looks cut short; download it again with `tm attack update`' : 'pass an Enterprise ATT&CK STIX bundle (enterprise-attack.json)',
    });
  }
  const b = data as { type?: unknown; objects?: unknown; spec_version?: unknown };
  if (!b || typeof b !== 'object' || Array.isArray(b) || b.type !== 'bundle' || !Array.isArray(b.objects)) {
    throw inputError(`not a STIX bundle: ${path} (expected {"type": "bundle", "objects": [...]})`, {
      hint: 'pass an Enterprise ATT&CK STIX bundle such as enterprise-attack.json',
    });
  }
  const objects = b.objects as Record<string, unknown>[];
  const specVersion =
    typeof b.spec_version === 'string' ? b.spec_version : (objects.find((o) => typeof o?.spec_version === 'string')?.spec_version as string) ?? 'unknown';
  return { objects, specVersion };
}
