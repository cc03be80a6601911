import { describe, expect, it } from 'vitest';
import { gatherRepo } from '../../src/gather/repo/index.js';
import { createOfflineAppEngine } from '../../src/engines/offline/index.js';
import { modelToYaml } from '../../src/model/app/canonical.js';
import { renderModelMarkdown } from '../../src/model/app/render.js';
import { miniKB } from '../helpers/attack.js';
import { makeRepo } from './helpers.js';

// Planted values: built from parts so this file itself does not look like a leak to scanners.
const AWS_KEY = 'AKIA' + 'Q3EGRDJ5XZPLM7KT';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
const STRIPE = 'sk_live_' + '51Hx9kLmNoPqRsTuVwXyZ0123';
const PEM_BODY = 'MIIEowIBAAKCAQEA7' + 'x'.repeat(40);
const JWT = 'f3b1c9e2a7d84c55' + '9e0a1b2c3d4e5f60';
const DB_PASS = 'Pg' + 'S3cretPassw0rd';
const VALUES = [AWS_KEY, AWS_SECRET, STRIPE, PEM_BODY, JWT, DB_PASS];

function plantedRepo(): string {
  return makeRepo({
    'package.json': '{\n  "name": "leaky",\n  "dependencies": { "express": "^4.0.0", "stripe": "^16.0.0" }\n}\n',
    'config/aws.js': `module.exports = {\n  accessKeyId: '${AWS_KEY}',\n  aws_secret_access_key: '${AWS_SECRET}',\n};\n`,
    'src/pay.js': `const Stripe = require('stripe');\nconst stripe = new Stripe('${STRIPE}');\n`,
    'deploy/key.pem': `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\n`,
    '.env': `PORT=3000\nJWT_SECRET=${JWT}\nDATABASE_URL=postgres://app:${DB_PASS}@db:5432/app\n`,
    'src/log.js': `logger.info('charging with ${STRIPE} for user');\nlogger.warn({ password: '${DB_PASS}' }, 'login failed');\n`,
    '.env.example': 'JWT_SECRET=<generate one>\nDATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n',
  });
}

describe('committed secrets', () => {
  it('are reported with file:line and a redacted description', () => {
    const g = gatherRepo(plantedRepo());
    const secrets = g.evidence.filter((e) => e.kind === 'secret').map((e) => `${e.name} ${e.at.file}:${e.at.line}`);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'aws-access-key config/aws.js:2',
        'aws-secret-key config/aws.js:3',
        'stripe-live-key src/pay.js:2',
        'stripe-live-key src/log.js:1',
        'private-key deploy/key.pem:1',
        'jwt-secret .env:2',
        'db-url-password .env:3',
      ]),
    );
    // placeholders in .env.example are not secrets
    expect(secrets.some((s) => s.includes('.env.example'))).toBe(false);
    for (const e of g.evidence.filter((x) => x.kind === 'secret')) expect(e.detail).toMatch(/value redacted/);
  });

  it('never appear in the gather result, the YAML model or the markdown', async () => {
    const g = gatherRepo(plantedRepo());
    // the auth-event evidence quotes the log line, with the value replaced
    expect(g.evidence.find((e) => e.name === 'auth_event' && e.at.file === 'src/log.js')?.detail).toMatch(/password: '\[redacted\]'/);
    const { output } = await createOfflineAppEngine().produce(g, { kb: miniKB() });
    const texts = [JSON.stringify(g), modelToYaml(output), renderModelMarkdown(output)];
    for (const t of texts) for (const v of VALUES) expect(t).not.toContain(v);
    // partial leaks too: no 8-character run of any value
    for (const t of texts) for (const v of VALUES) for (let i = 0; i + 8 <= v.length; i += 4) expect(t).not.toContain(v.slice(i, i + 8));
    const findings = output.findings.filter((f) => f.category === 'secret');
    expect(findings.length).toBeGreaterThanOrEqual(5);
    expect(findings.flatMap((f) => f.evidence)).toEqual(expect.arrayContaining(['config/aws.js:2', 'src/pay.js:2', 'deploy/key.pem:1', '.env:2']));
  });
});
