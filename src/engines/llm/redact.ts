/**
 * Redaction of secrets in any text before it is sent to a model. The repo scanners already keep
 * secret values out of gather results; this is the second lock, for file excerpts, tool results
 * and anything else that reaches a request. Each match is replaced by `[REDACTED:<kind>]`, so
 * the model still knows a secret sat there (a finding in itself) without seeing it.
 *
 * The patterns err on the side of redacting: a redacted non-secret costs the model a little
 * context, a leaked secret cannot be taken back.
 */

interface Pattern {
  kind: string;
  re: RegExp;
  /** which capture group holds the value (0 = the whole match) */
  group?: number;
}

// Every repetition next to a free-form part is bounded: prompts carry minified files with long
// runs of word characters, and an unbounded `[\w.-]*name[\w.-]*` is quadratic over such a run.
const PATTERNS: Pattern[] = [
  // whole PEM blocks, including the body; an unterminated block is cut to the end of the text
  { kind: 'private-key', re: /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g },
  { kind: 'aws-secret-key', re: /(aws_?secret_?(?:access_?)?key["']?\s*[=:]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, group: 2 },
  { kind: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[0-9a-zA-Z]{10,}\b/g },
  { kind: 'stripe-webhook-secret', re: /\bwhsec_[0-9a-zA-Z]{16,}\b/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { kind: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'slack-token', re: /\bxox[baprse]-[0-9A-Za-z-]{10,}/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'sendgrid-key', re: /\bSG\.[\w-]{16,}\.[\w-]{16,}\b/g },
  { kind: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-key', re: /\bsk-(?:proj-)?[A-Za-z0-9]{32,}\b/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // passwords inside connection strings: scheme://user:PASSWORD@host
  { kind: 'url-password', re: /(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"]{0,200}:)([^\s@'"/]{1,200})(@)/gi, group: 2 },
  // NAME = "value" / NAME: value / NAME=value for names that say secret
  {
    kind: 'secret-assignment',
    re: /(\b[A-Za-z0-9_.-]{0,60}(?:secret|passw(?:or)?d|passwd|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret|credentials?|auth[_-]?key|signing[_-]?key|encryption[_-]?key)[A-Za-z0-9_.-]{0,60}["']?\s*(?:=|:|=>|:=)\s*["'`]?)([^\s"'`,;)}\]#]{8,})/gi,
    group: 2,
  },
];

/** Values that are references or placeholders, not secrets (left as they are so prompts stay readable). */
const NOT_A_SECRET = /^(?:[\^~>=<]*\d+(?:\.[\dx*]+)+$|\$\{?|%|<|\{\{|process\.env|os\.environ|os\.getenv|env\(|getenv|var\.|local\.|module\.|data\.|secrets\.|vault:|ssm:|arn:|\[REDACTED|change_?me|changeit|your[_-]|example|dummy|placeholder|redacted|x{4,}|\*{3,}|(?:none|null|undefined|true|false|required|optional|string|number)$)/i;

/**
 * Inside an unquoted `secret-assignment`, skip values that are code, not literals: member access
 * or a call (`config.get(...)`, `self.token`, `getenv(`). A bare word is redacted: in a .env file
 * it is the secret itself.
 */
const LOOKS_LIKE_CODE = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(|$)|[A-Za-z_$][\w$]*\()/;

export interface RedactResult {
  text: string;
  /** how many values were replaced, by kind */
  counts: Record<string, number>;
}

/** Redact secrets in one text. Idempotent: redacting twice gives the same text. */
export function redactSecrets(text: string): RedactResult {
  const counts: Record<string, number> = {};
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args.slice(1, -2) as (string | undefined)[];
      const value = p.group ? groups[p.group - 1] : match;
      if (value === undefined || value.startsWith('[REDACTED')) return match;
      if (p.group && NOT_A_SECRET.test(value)) return match;
      // a quoted value is a literal; an unquoted one may be code (`password = form.password`)
      if (p.kind === 'secret-assignment' && !/["'`]$/.test(groups[0] ?? '') && LOOKS_LIKE_CODE.test(value) && !looksRandom(value)) return match;
      counts[p.kind] = (counts[p.kind] ?? 0) + 1;
      // one marker per line, so line numbers in excerpts and evidence stay right
      if (!p.group) return match.split('\n').map(() => `[REDACTED:${p.kind}]`).join('\n');
      // rebuild the match with only the value group replaced
      const before = groups.slice(0, p.group - 1).join('');
      const after = groups.slice(p.group).join('');
      return `${before}[REDACTED:${p.kind}]${after}`;
    });
  }
  return { text: out, counts };
}

/** Redact and return only the text. */
export const redact = (text: string): string => redactSecrets(text).text;

/**
 * A token that looks generated rather than written: long, mixed classes, high Shannon entropy.
 * Identifiers such as `settings.database_url` are not; `Zx8q...` is.
 */
export function looksRandom(s: string): boolean {
  if (s.length < 16) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(s)).length;
  return classes >= 2 && entropy(s) >= 3.5;
}

function entropy(s: string): number {
  const freq = new Map<string, number>();
  for (const c of s) freq.set(c, (freq.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
