import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** `../shared` beside the checkout: the real ATT&CK bundle and rule corpora (not committed). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const REAL_BUNDLE = `${SHARED}attack-data/enterprise-attack.json`;
export const CORPORA = `${SHARED}corpora`;
export const hasShared = existsSync(REAL_BUNDLE);

/**
 * A describe block for tests that need ../shared. Without it they are skipped with the reason;
 * with TM_REQUIRE_SHARED=1 (set by .ci/run) a missing ../shared fails instead.
 */
export function describeShared(name: string, fn: () => void): void {
  if (hasShared) describe(name, fn);
  else if (process.env.TM_REQUIRE_SHARED === '1')
    describe(name, () => {
      throw new Error(`../shared is required (TM_REQUIRE_SHARED=1) but ${REAL_BUNDLE} is missing`);
    });
  else describe.skip(`${name} (skipped: ../shared/attack-data not found beside the checkout)`, fn);
}
