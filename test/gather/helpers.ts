import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_REPOS = fileURLToPath(new URL('../fixtures/repos/', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** A throw-away repo: path → content (string or bytes). */
export function makeRepo(files: Record<string, string | Uint8Array>, name = 'repo'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'tm-gather-')), name);
  mkdirSync(root, { recursive: true });
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  return root;
}
