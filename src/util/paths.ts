import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `$XDG_CACHE_HOME/tm`, else `~/.cache/tm`. */
export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tm');
}

/** `$XDG_DATA_HOME/tm`, else `~/.local/share/tm`. */
export function dataDir(): string {
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'tm');
}

/** The installed package's root (holds schemas/, templates/, kb/, attack-data/). Read-only. */
export function packageRoot(): string {
  // dist/util/paths.js -> package root is two levels up
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export const packagePath = (...parts: string[]) => join(packageRoot(), ...parts);
