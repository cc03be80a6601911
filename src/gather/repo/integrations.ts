import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoScanner } from './types.js';
import { hasSourceCode, sourceFiles } from './source-files.js';

/** Third-party SDK use in code and outbound calls to external APIs and webhooks. */
const SDK: [RegExp, string][] = [
  [/new\s+Stripe\s*\(|\bstripe\.(?:api_key|Charge|PaymentIntent|checkout|paymentIntents|customers|Key)\b|stripe-go/g, 'stripe'],
  [/\bS3Client\s*\(|boto3\.(?:client|resource)\(\s*['"]s3['"]|\bs3\.New(?:FromConfig)?\(|AmazonS3ClientBuilder|\bnew\s+AWS\.S3\(/g, 'aws-s3'],
  [/boto3\.(?:client|resource|Session)\(|\bnew\s+AWS\.|@aws-sdk\/|aws-sdk-go|config\.LoadDefaultConfig\(/g, 'aws'],
  [/\bsgMail\.|SendGridAPIClient\(|sendgrid\./g, 'sendgrid'],
  [/nodemailer\.createTransport\(|\bsmtplib\.SMTP|\bJavaMailSender\b|\bnet\/smtp\b/g, 'smtp'],
  [/\btwilio\(|\bTwilioClient\(|twilio\.rest/g, 'twilio'],
  [/new\s+OpenAI\s*\(|\bopenai\.(?:ChatCompletion|chat)\b|from\s+openai\s+import/g, 'openai'],
  [/new\s+Anthropic\s*\(|from\s+anthropic\s+import|anthropic\.Anthropic\(/g, 'anthropic'],
  [/hooks\.slack\.com|new\s+WebClient\s*\(|slack_sdk/g, 'slack'],
  [/Sentry\.init\(|sentry_sdk\.init\(/g, 'sentry'],
  [/api\.github\.com|new\s+Octokit\(/g, 'github-api'],
  [/api(?:-m)?(?:\.sandbox)?\.paypal\.com|paypalrestsdk|@paypal\//g, 'paypal'],
];
const OUTBOUND = /['"`](https:\/\/(?:api|hooks|webhooks?)[\w.-]*\.[a-z]{2,}(?:\/[^'"`\s]*)?)['"`]/g;
const KNOWN_HOSTS: [RegExp, string][] = [[/stripe\.com/, 'stripe'], [/slack\.com/, 'slack'], [/github\.com/, 'github-api'], [/sendgrid\.com/, 'sendgrid'], [/twilio\.com/, 'twilio'], [/openai\.com/, 'openai'], [/anthropic\.com/, 'anthropic'], [/paypal\.com/, 'paypal']];

export const integrationsScanner: RepoScanner = {
  id: 'integrations',
  isEnabled: hasSourceCode,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const { file, text } of sourceFiles(repo)) {
      for (const [re, name] of SDK) {
        for (const { line, m } of matches(text, re)) {
          out.push(ev(repo, 'integrations', 'integration', name, file, line, m[0], { via: 'code' }));
          break;
        }
      }
      for (const { m, line } of matches(text, OUTBOUND)) {
        const host = m[1].replace(/^https:\/\//, '').split('/')[0];
        const known = KNOWN_HOSTS.find(([re]) => re.test(host));
        out.push(ev(repo, 'integrations', 'integration', known ? known[1] : `api:${host}`, file, line, `outbound HTTPS to ${host}`, { via: 'url', host }));
      }
    }
    return out;
  },
};
