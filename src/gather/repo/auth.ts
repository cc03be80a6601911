import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoScanner } from './types.js';
import { hasSourceCode, sourceFiles } from './source-files.js';

/**
 * Authentication and session code: token issue and checks, cookies, password hashing, OAuth,
 * MFA, API keys, webhook signatures; and which auth events the code logs near them.
 */
const PATTERNS: [RegExp, string, string][] = [
  [/\bjwt\.sign\(|\bjwtService\.sign(?:Async)?\(|\bgenerateJWT\(|\bjwt\.encode\(|\bnew\s+SignJWT\(|\bjwt\.NewWithClaims\(|Jwts\.builder\(|\bcreate_access_token\(/g, 'jwt', 'token_issue'],
  [/\bjwt\.verify\(|\bjwt\.decode\(|\bjwtVerify\(|\bjwt\.Parse(?:WithClaims)?\(|Jwts\.parser|\bJwtBearer|\bexpressjwt\(|\bdecode_token\(/g, 'jwt', 'token_verify'],
  [/algorithms?\s*[:=]\s*\[?\s*['"]none['"]|verify\s*[:=]\s*False|ignoreExpiration\s*:\s*true|options\s*=\s*\{\s*["']verify_signature["']\s*:\s*False/g, 'jwt', 'weak_verification'],
  [/\bsession\(\s*\{|SessionMiddleware|SESSION_COOKIE_\w+|\bcookie-session|\bUseSession\(|\bHttpSession\b/g, 'session_cookie', 'session'],
  [/httpOnly\s*:\s*false|secure\s*:\s*false|SESSION_COOKIE_SECURE\s*=\s*False|sameSite\s*:\s*['"]none['"]/gi, 'session_cookie', 'weak_cookie'],
  [/\bdjango\.contrib\.auth\b|\bbcrypt\.(?:hash|compare|hashpw|checkpw|GenerateFromPassword)|\bargon2\.(?:hash|verify)|\bpasslib\b|\bcheck_password\(|\bPasswordEncoder\b|\bPasswordHasher\b|\bpbkdf2(?:Sync)?\(|\bscrypt(?:Sync)?\(|\bpbkdf2_hmac\(|\bhas_secure_password\b/g, 'password', 'password_hash'],
  [/\bcreateHash\(\s*['"](?:md5|sha1)['"]|\bhashlib\.(?:md5|sha1)\(|\bmd5\.Sum\(/g, 'password', 'weak_hash'],
  [/\bpassport\.use\(|OAuth2Client|\bopenid|OIDC|authorization_code|\boauth2\.Config\b|\bOAuth2AuthorizedClient/g, 'oauth_oidc', 'oauth'],
  [/\b(?:speakeasy|otplib|pyotp)\b|\btotp\b|\bauthenticator\.verify\(/gi, 'mfa', 'mfa'],
  [/['"]x-api-key['"]|\bX-API-Key\b|\bapi[_-]?key\s*(?:===?|!==?)|\bAPIKeyHeader\(/gi, 'api_key', 'api_key_check'],
  [/webhooks\.constructEvent\(|\bverify_webhook|\bWebhook\.construct_event\(|\bcreateHmac\(\s*['"]sha256['"]|\bhmac\.(?:new|compare_digest)\(/g, 'webhook_signature', 'signature_check'],
  [/\bBasicAuth\b|\bbasicAuth\(|HTTPBasic\(|\bSetBasicAuth\(/g, 'basic', 'basic_auth'],
];
/** Log calls that mention an auth event, and what event they record. */
const LOG_CALL = /\b(?:logger|log|logging|console|this\.logger|app\.logger|req\.log|audit\w*)\s*\.\s*(?:info|warn|warning|error|debug|notice|log|Info|Warn|Error|Infof|Warnf)\s*\(([^\n]{0,160})/g;
const EVENT_WORDS: [RegExp, string][] = [
  [/signature/i, 'signature_failure'],
  [/fail|invalid|wrong|denied|unauthori[sz]ed|bad password|mismatch/i, 'login_failure'],
  [/log(?:ged)?\s*in|login|sign(?:ed)?\s*in|authenticat/i, 'login_success'],
  [/token (?:issued|created|generated)|issu\w* token|refresh/i, 'token_issue'],
  [/logout|log(?:ged)? out|sign(?:ed)? out/i, 'logout'],
  [/password (?:reset|changed)|reset password/i, 'password_change'],
  [/mfa|2fa|otp|totp/i, 'mfa'],
];

export const authScanner: RepoScanner = {
  id: 'auth',
  isEnabled: hasSourceCode,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const { file, text } of sourceFiles(repo)) {
      let authFile = false;
      for (const [re, name, what] of PATTERNS) {
        for (const { line, m } of matches(text, re)) {
          authFile = true;
          out.push(ev(repo, 'auth', 'auth', name, file, line, m[0], { what }));
          break;
        }
      }
      if (!authFile && !/login|authenticate|sign_?in/i.test(file.path + text.slice(0, 4000))) continue;
      for (const { m, line } of matches(text, LOG_CALL)) {
        for (const [re, event] of EVENT_WORDS) {
          if (!re.test(m[1])) continue;
          out.push(ev(repo, 'auth', 'logging', 'auth_event', file, line, m[0], { event }));
          break;
        }
      }
    }
    return out;
  },
};
