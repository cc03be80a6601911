import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoScanner } from './types.js';

/**
 * Secrets committed to the repo. A hit keeps the kind of secret, the file and the line, and
 * for assignments the variable name; the value itself never leaves this function (not even a
 * prefix or a hash: a hash of a short password can be reversed).
 */
interface SecretRule {
  name: string;
  label: string;
  re: RegExp;
  severity: 'critical' | 'high' | 'medium' | 'low';
  /** a cheap substring that must be present before the regex runs */
  hint: string;
}
const RULES: SecretRule[] = [
  { name: 'aws-access-key', label: 'AWS access key ID', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, severity: 'critical', hint: 'A' },
  { name: 'aws-secret-key', label: 'AWS secret access key', re: /aws_?secret_?access_?key\s*["']?\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}\b/gi, severity: 'critical', hint: '' },
  { name: 'stripe-live-key', label: 'Stripe live secret key', re: /\b[rs]k_live_[0-9a-zA-Z]{16,}\b/g, severity: 'critical', hint: '_live_' },
  { name: 'stripe-test-key', label: 'Stripe test secret key', re: /\b[rs]k_test_[0-9a-zA-Z]{16,}\b/g, severity: 'low', hint: '_test_' },
  { name: 'private-key', label: 'private key block', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g, severity: 'critical', hint: 'PRIVATE KEY' },
  { name: 'github-token', label: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, severity: 'high', hint: 'gh' },
  { name: 'slack-token', label: 'Slack token', re: /\bxox[baprs]-[0-9A-Za-z-]{10,}/g, severity: 'high', hint: 'xox' },
  { name: 'google-api-key', label: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g, severity: 'high', hint: 'AIza' },
  { name: 'sendgrid-key', label: 'SendGrid API key', re: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g, severity: 'high', hint: 'SG.' },
  { name: 'connection-string-password', label: 'connection string with a password', re: /\b(?:Password|Pwd)\s*=\s*([^;"'\s$<{}]{6,})\s*(?:;|"|'|$)/gim, severity: 'high', hint: 'assword=' },
  { name: 'db-url-password', label: 'database URL with a password', re: /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|amqps?):\/\/[^\s:@/'"]*:([^\s@'"$<{}]{3,})@/g, severity: 'high', hint: '://' },
];
/** NAME = "literal" in config and code, for names that say "secret". */
const ASSIGN_QUOTED = /\b([A-Za-z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CLIENT_?SECRET)[A-Za-z0-9_]*)\s*["']?\s*[:=]\s*["']([^\s"'`]{8,})["']/gi;
/** NAME=value in .env-style files, where values are not quoted. */
const ASSIGN_BARE = /^\s*(?:export\s+)?([A-Za-z0-9_.]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY)[A-Za-z0-9_.]*)\s*[=:]\s*([^\s"'#]{8,})\s*$/gim;
const BARE_FILES = new Set(['.env', '.properties', '.ini', '.cfg', '.conf']);
const isBare = (base: string, ext: string) => BARE_FILES.has(ext) || base === '.env' || base.startsWith('.env.');
/** Values that are obviously not secrets: placeholders, references, examples. */
const PLACEHOLDER = /^(?:\$|%|<|\{|var\.|local\.|module\.|data\.|process\.env|os\.environ|env\(|change_?me|changeit|your[_-]|example|dummy|placeholder|redacted|x{4,}|\*{3,}|test|secret$|pass(?:word)?$|pwd$|user$|none|null|true|false|\.\.\.)/i;
const SKIP_BASES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'go.sum', 'cargo.lock', 'gemfile.lock', 'composer.lock']);

export const secretsScanner: RepoScanner = {
  id: 'secrets',
  isEnabled: () => true,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (SKIP_BASES.has(file.base) || file.ext === '.md' || file.ext === '.svg') continue;
      const text = repo.text(file);
      if (!text) continue;
      const seen = new Set<number>();
      for (const rule of RULES) {
        if (rule.hint && !text.includes(rule.hint)) continue;
        for (const { m, line } of matches(text, rule.re)) {
          if ((rule.name === 'db-url-password' || rule.name === 'connection-string-password') && PLACEHOLDER.test(m[1])) continue;
          seen.add(line);
          out.push(ev(repo, 'secrets', 'secret', rule.name, file, line, `${rule.label} committed in ${file.path} (value redacted)`, { severity: rule.severity }));
        }
      }
      if (!/SECRET|PASSW|TOKEN|API_?KEY|PRIVATE_?KEY/i.test(text)) continue;
      for (const { m, line } of matches(text, isBare(file.base, file.ext) ? ASSIGN_BARE : ASSIGN_QUOTED)) {
        if (seen.has(line)) continue;
        const name = m[1];
        const value = m[2];
        // constants, calls and plain lower-case words (`'generic-secret'`, `'my-app'`) are names, not secrets
        if (PLACEHOLDER.test(value) || /^[A-Z_]+$/.test(value) || /\(|\)/.test(value) || /^[a-z]+([-_.][a-z]+)*$/.test(value)) continue;
        seen.add(line);
        const kind = /JWT/i.test(name) ? 'jwt-secret' : /PASSW/i.test(name) ? 'password' : 'generic-secret';
        out.push(ev(repo, 'secrets', 'secret', kind, file, line, `${name} is set to a literal value in ${file.path} (value redacted)`, { severity: kind === 'jwt-secret' ? 'critical' : 'high', variable: name }));
      }
    }
    return out;
  },
};
