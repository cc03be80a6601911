import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../util/paths.js';
import { attackCacheDir } from './cache.js';
import { writeFileAtomicSync } from '../util/fs.js';

/** Which ATT&CK release tm uses: `attack-data/attack.lock.json`, overridden by the user's cache copy. */
export interface AttackPin {
  version: string;
  url: string;
  sha256: string | null;
}

export const releaseUrl = (version: string) =>
  `https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack-${version}.json`;

const userPinPath = () => join(attackCacheDir(), 'attack.lock.json');

export function readPin(): AttackPin {
  for (const p of [userPinPath(), packagePath('attack-data', 'attack.lock.json')]) {
    try {
      const pin = JSON.parse(readFileSync(p, 'utf8')) as AttackPin;
      if (pin && typeof pin.version === 'string') return { version: pin.version, url: pin.url || releaseUrl(pin.version), sha256: pin.sha256 ?? null };
    } catch {
      /* try the next */
    }
  }
  return { version: '19.1', url: releaseUrl('19.1'), sha256: null };
}

export function writeUserPin(pin: AttackPin): void {
  writeFileAtomicSync(userPinPath(), JSON.stringify(pin, null, 2) + '\n');
}

/** The cached bundle for a release version. */
export const cachedBundlePath = (version: string) => join(attackCacheDir(), `enterprise-attack-${version}.json`);
