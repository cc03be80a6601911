import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, redactSecrets } from '../../src/engines/llm/redact.js';
import { SECRET_REPO } from './helpers.js';

describe('redactSecrets', () => {
  it.each([
    ['aws-access-key', 'key = AKIAIOSFODNN7EXAMPLE;', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws-secret-key', 'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['stripe-key', "Stripe('sk_live_51HxQkLmNoPqRsTuVwXyZab')", 'sk_live_51HxQkLmNoPqRsTuVwXyZab'],
    ['github-token', 'token: ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA'],
    ['jwt', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['secret-assignment', 'password=Tr0ub4dor&3horse', 'Tr0ub4dor&3horse'],
    ['secret-assignment', 'const API_KEY = "k9Xq2LmZ8wPvR4tY7uB1"', 'k9Xq2LmZ8wPvR4tY7uB1'],
    ['secret-assignment', 'client_secret: 8f3a9c1b7e2d4f6a8b0c', '8f3a9c1b7e2d4f6a8b0c'],
    ['url-password', 'DATABASE_URL=postgres://app:s3cretpw@db:5432/app', 's3cretpw'],
    ['secret-assignment', "const password = 'Tr0ub4dor'", 'Tr0ub4dor'],
    ['secret-assignment', 'ADMIN_PASSWORD=hunter2hunter', 'hunter2hunter'],
  ])('redacts %s', (kind, text, value) => {
    const r = redactSecrets(text);
    expect(r.text).not.toContain(value);
    expect(r.text).toContain('[REDACTED:');
    expect(Object.keys(r.counts)).toContain(kind);
  });

  it('leaves references, placeholders and code alone', () => {
    const ok = [
      'const key = process.env.STRIPE_SECRET_KEY;',
      'password: ${DB_PASSWORD}',
      'token = config.get("token")',
      'secret_name = var.secret_name',
      'api_key: <your-api-key>',
      'app.post("/login", handler)',
      'if (user.password !== hash(body.password)) return',
    ];
    for (const line of ok) expect(redact(line)).toBe(line);
  });

  it('is idempotent', () => {
    const text = readFileSync(join(SECRET_REPO, 'deploy', 'app.env'), 'utf8');
    const once = redact(text);
    expect(redact(once)).toBe(once);
    expect(once).not.toMatch(/PLANTED0[5-8]/);
  });
});
