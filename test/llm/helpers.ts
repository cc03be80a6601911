import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SECRET_REPO = fileURLToPath(new URL('../fixtures/llm/secret-repo', import.meta.url));

/** Every secret value planted in the fixture repo (and the ignored file the tests add). None may reach the fake server. */
export const PLANTED = [
  'sk_live_4eC39HqLyjWDarjtT1zdp7dcPLANTED01',
  'hunter2-Zq8vX3nP0rT6wY9b-PLANTED02',
  'AKIAQPLANTED03EXAMPL',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED04X',
  'Pg5ecretPLANTED05',
  'ghp_PLANTED06aBcDeFgHiJkLmNoPqRsTuVwXyZ012345',
  'Zx9Kq2Lm8Np4Rs6Tv1PLANTED07',
  'correct-horse-PLANTED08',
  'PLANTED09bodyLineOne',
  'PLANTED10bodyLineTwo',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQTEFOVEVEMTEifQ.c2lnbmF0dXJlUExBTlRFRDEx',
  'sk_live_IGNOREDFILEPLANTED12aaaaaaaa',
];

/**
 * A fresh copy of the secret fixture repo in a temp folder, plus what git cannot hold: a
 * `.gitignore`d file with a secret, and a symlink that points outside the repo.
 */
export function secretRepoCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'tm-llm-repo-'));
  const repo = join(root, 'secret-shop');
  cpSync(SECRET_REPO, repo, { recursive: true });
  writeFileSync(join(repo, 'local.secrets'), 'STRIPE_KEY=sk_live_IGNOREDFILEPLANTED12aaaaaaaa\n');
  writeFileSync(join(root, 'outside.txt'), 'outside the repo PLANTED13\n');
  symlinkSync(join(root, 'outside.txt'), join(repo, 'src', 'escape.txt'));
  return repo;
}
