import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../../src/attack/build-index.js';
import { AttackKB } from '../../src/attack/kb.js';

/** The small hand-written Enterprise bundle (STIX 2.0): has a revoked technique, sub-techniques, a detection strategy chain, a group. */
export const MINI_BUNDLE = fileURLToPath(new URL('../fixtures/attack/mini-enterprise.json', import.meta.url));
export const MINI_BUNDLE_21 = fileURLToPath(new URL('../fixtures/attack/mini-enterprise-21.json', import.meta.url));
export const MOBILE_BUNDLE = fileURLToPath(new URL('../fixtures/attack/mobile.json', import.meta.url));

/** A knowledge base over the mini bundle, built in memory (no cache, no files written). */
export function miniKB(): AttackKB {
  const b = JSON.parse(readFileSync(MINI_BUNDLE, 'utf8'));
  const { index } = buildIndex(b.objects, { sha256: 'test', specVersion: '2.0' });
  index.version = '18.1';
  return new AttackKB(index);
}
