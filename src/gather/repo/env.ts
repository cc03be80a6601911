import type { RepoEvidence } from '../../model/app/types.js';
import { CODE_EXTS, ev, matches } from './text.js';
import type { RepoScanner } from './types.js';
import { isTestPath } from './routes.js';

/**
 * Environment variables the code reads, and keys declared in `.env*` files (names only: the
 * secrets scanner looks at values). The engine uses them to see where credentials come from
 * and how datastores are reached (`DATABASE_URL`, `STRIPE_SECRET_KEY`).
 */
const READS = /(?:process\.env\.([A-Z][A-Z0-9_]+)|process\.env\[\s*['"]([A-Z][A-Z0-9_]+)['"]|os\.environ(?:\.get)?[[(]\s*['"]([A-Z][A-Z0-9_]+)['"]|os\.getenv\(\s*['"]([A-Z][A-Z0-9_]+)['"]|os\.Getenv\(\s*"([A-Z][A-Z0-9_]+)"|System\.getenv\(\s*"([A-Z][A-Z0-9_]+)"|GetEnvironmentVariable\(\s*"([A-Z][A-Z0-9_]+)"|ENV\[\s*['"]([A-Z][A-Z0-9_]+)['"]|env::var\(\s*"([A-Z][A-Z0-9_]+)"|\$\{([A-Z][A-Z0-9_]+)(?::[^}]*)?\})/g;
const DOTENV = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]+)\s*=/gm;
const CONFIG_EXTS = new Set<string>([...CODE_EXTS, '.properties', '.yml', '.yaml']);

export const envScanner: RepoScanner = {
  id: 'env',
  isEnabled: () => true,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      const dotenv = file.base === '.env' || file.base.startsWith('.env.') || file.base.endsWith('.env');
      if (!dotenv && !CONFIG_EXTS.has(file.ext)) continue;
      if (isTestPath(file.path)) continue;
      const text = repo.text(file);
      if (!text) continue;
      const seen = new Set<string>();
      for (const { m, line } of matches(text, dotenv ? DOTENV : READS)) {
        const name = m.slice(1).find(Boolean)!;
        if (seen.has(name)) continue;
        seen.add(name);
        out.push(ev(repo, 'env', 'config', name, file, line, dotenv ? `declared in ${file.base}` : 'read from the environment', { source: dotenv ? 'dotenv' : 'code' }));
      }
    }
    return out;
  },
};
