import type { AppGatherResult, AuthenticationMechanism, ExternalIntegration, Finding, RepoEvidence, SensitiveAsset, ArchitectureComponent } from '../../model/app/types.js';
import type { ComponentIndex } from './components.js';
import type { ModelKB } from './kb.js';
import { byId, refsOf, slug, uniqSorted } from './facts.js';

type Mechanism = AuthenticationMechanism['mechanism'];
/** Scanner auth names → the schema's mechanism names (library names that are not a mechanism map to none). */
const MECH: Record<string, Mechanism | undefined> = { jwt: 'jwt', session_cookie: 'session_cookie', oauth_oidc: 'oauth_oidc', api_key: 'api_key', password: 'password', mfa: 'mfa', basic: 'basic', webhook_signature: 'webhook_signature', devise: 'password' };
const EXPECTED: Partial<Record<Mechanism, string[]>> = {
  password: ['login_failure', 'login_success', 'password_change'],
  jwt: ['login_failure', 'token_issue'],
  session_cookie: ['login_success', 'logout'],
  oauth_oidc: ['login_failure', 'login_success'],
  api_key: ['login_failure'],
  mfa: ['mfa'],
  basic: ['login_failure'],
  webhook_signature: ['signature_failure'],
};
const DESCRIBE: Record<Mechanism, string> = {
  jwt: 'Bearer JSON Web Tokens issued by the service and verified on each request.',
  session_cookie: 'Server-side sessions identified by a cookie.',
  oauth_oidc: 'OAuth 2.0 / OpenID Connect with an external identity provider.',
  api_key: 'Static API keys sent in a request header.',
  password: 'Username and password checked against stored password hashes.',
  mfa: 'One-time codes (TOTP) as a second factor.',
  basic: 'HTTP Basic authentication.',
  mtls: 'Mutual TLS client certificates.',
  webhook_signature: 'Inbound webhooks verified with an HMAC signature.',
  cloud_iam: 'Cloud IAM roles for the workload.',
};
const INDICATORS: Record<Mechanism, string[]> = {
  jwt: ['Authorization: Bearer header', 'JWT claims sub, exp, iat (add jti to trace a token)'],
  session_cookie: ['session cookie (connect.sid, sessionid or JSESSIONID by default)'],
  oauth_oidc: ['IdP subject and session ID', 'authorization code and state parameters'],
  api_key: ['API key header (X-API-Key)'],
  password: ['login username', 'source IP and user agent'],
  mfa: ['MFA challenge result'],
  basic: ['Authorization: Basic header (username)'],
  mtls: ['client certificate subject'],
  webhook_signature: ['provider signature header (e.g. Stripe-Signature)'],
  cloud_iam: ['role session name', 'access key ID'],
};

export function buildAuthentication(g: AppGatherResult, idx: ComponentIndex, findings: Finding[]): AuthenticationMechanism[] {
  const byMech = new Map<Mechanism, RepoEvidence[]>();
  for (const e of g.evidence) {
    const m = e.kind === 'auth' ? MECH[e.name] : undefined;
    if (m) byMech.set(m, [...(byMech.get(m) ?? []), e]);
  }
  const roles = g.evidence.filter((e) => e.kind === 'terraform' && /^aws_iam_role$|^google_service_account$/.test(e.name));
  if (roles.length) byMech.set('cloud_iam', roles);
  const logged = g.evidence.filter((e) => e.name === 'auth_event');
  const out: AuthenticationMechanism[] = [];
  for (const [mech, ev] of byMech) {
    const services = uniqSorted(ev.map((e) => idx.serviceComponent.get(e.service) ?? idx.serviceComponent.get('.')).filter((x): x is string => !!x));
    const events = uniqSorted(logged.filter((e) => ev.some((a) => a.service === e.service)).map((e) => String(e.attrs?.event)));
    const expected = EXPECTED[mech] ?? [];
    const weaknesses = findings.filter((f) => (f.category === 'authentication' || f.category === 'logging') && f.evidence.some((r) => ev.some((e) => r.startsWith(e.at.file + ':')))).map((f) => f.title);
    if (mech === 'password' && !byMech.has('mfa')) weaknesses.push('No second factor (MFA) found in the code.');
    if (mech === 'jwt' && !ev.some((e) => /refresh|revoke|blacklist|denylist/i.test(e.detail ?? ''))) weaknesses.push('Stateless tokens cannot be revoked before they expire; keep lifetimes short.');
    out.push({
      id: `auth-${mech.replace(/_/g, '-')}`,
      mechanism: mech,
      components: services,
      description: DESCRIBE[mech],
      logged_events: events.filter((x) => expected.includes(x) || (mech !== 'webhook_signature' && x !== 'signature_failure')),
      not_logged: expected.filter((x) => !events.includes(x)),
      session_indicators: INDICATORS[mech],
      weaknesses: uniqSorted(weaknesses),
      evidence: refsOf(ev),
    });
  }
  return out.sort(byId);
}

export function buildIntegrations(g: AppGatherResult, kb: ModelKB, idx: ComponentIndex, findings: Finding[]): ExternalIntegration[] {
  const envs = g.evidence.filter((e) => e.kind === 'config' && e.attrs?.source === 'code');
  const out: ExternalIntegration[] = [];
  const namesOf = new Map<string, string[]>();
  for (const [name, compId] of idx.integrationComponent) namesOf.set(compId, [...(namesOf.get(compId) ?? []), name]);
  for (const [compId, names] of namesOf) {
    // the component's own name first (`aws-s3` before the folded-in generic `aws`)
    const name = names.find((n) => compId === `comp-ext-${slug(n.replace(/^api:/, ''))}`) ?? names[0];
    const entry = kb.integrations[name];
    const ev = g.evidence.filter((e) => e.kind === 'integration' && names.includes(e.name));
    const services = uniqSorted(ev.map((e) => idx.serviceComponent.get(e.service) ?? idx.serviceComponent.get('.')).filter((x): x is string => !!x));
    const prefixes = entry?.env ?? [slug(name.replace(/^api:/, '').split('.')[0]).toUpperCase() + '_'];
    const vars = uniqSorted(envs.filter((e) => prefixes.some((p) => e.name.startsWith(p))).map((e) => e.name));
    const hard = findings.filter((f) => f.category === 'secret' && prefixes.some((p) => f.description.includes(p)));
    const exposure: ExternalIntegration['credential_exposure'] = hard.length ? 'hardcoded' : vars.length ? 'environment' : 'unknown';
    out.push({
      id: `int-${compId.replace(/^comp-ext-/, '')}`,
      name: entry?.name ?? name.replace(/^api:/, ''),
      category: entry?.category ?? 'api',
      components: uniqSorted([compId, ...services]),
      credential_source: hard.length ? `committed in the repository (${hard.map((f) => f.evidence[0]).join(', ')}), value redacted` : vars.length ? `environment: ${vars.join(', ')}` : name.startsWith('aws') ? 'default credential chain (role or AWS_* variables outside the code)' : 'not found in the code',
      credential_exposure: exposure,
      attack_surface: entry?.attack_surface ?? 'Outbound API calls; the credential and the data sent are exposed to the third party.',
      evidence: refsOf([...ev, ...envs.filter((e) => vars.includes(e.name))]),
    });
  }
  return out.sort(byId);
}

export function buildAssets(g: AppGatherResult, kb: ModelKB, components: ArchitectureComponent[], idx: ComponentIndex): SensitiveAsset[] {
  const out: SensitiveAsset[] = [];
  for (const [name, id] of idx.storeComponent) {
    const a = kb.datastores[name]?.asset;
    const c = components.find((x) => x.id === id);
    if (!a || !c) continue;
    out.push({ id: `asset-${id.replace(/^comp-/, '')}`, name: `${a.name ?? c.name} (${c.name})`, type: 'data', location: [id], classification: a.classification, business_impact: a.business_impact, crown_jewel: a.classification === 'restricted', evidence: c.evidence });
  }
  for (const [key, id] of idx.cloudComponent) {
    const entry = kb.cloud_resources[key.split('.')[0]];
    const c = components.find((x) => x.id === id);
    if (!entry?.asset || !c || out.some((o) => o.location.includes(id))) continue;
    out.push({ id: `asset-${id.replace(/^comp-/, '')}`, name: c.name, type: 'data', location: [id], classification: entry.asset.classification, business_impact: entry.asset.business_impact, crown_jewel: entry.asset.classification === 'restricted', evidence: c.evidence });
  }
  const secretVars = g.evidence.filter((e) => e.kind === 'config' && e.attrs?.source === 'code' && /SECRET|TOKEN|PASSWORD|API_?KEY|PRIVATE|CREDENTIAL|DATABASE_URL|_DSN$/i.test(e.name));
  const services = [...idx.serviceComponent.values()];
  if (secretVars.length)
    out.push({ id: 'asset-service-credentials', name: `Service credentials (${uniqSorted(secretVars.map((e) => e.name)).join(', ')})`, type: 'credential', location: services, classification: 'restricted', business_impact: 'These unlock the datastores and third-party accounts behind the service; whoever holds them acts as the service.', crown_jewel: true, evidence: refsOf(secretVars) });
  const jwt = g.evidence.filter((e) => e.kind === 'auth' && e.name === 'jwt' && e.attrs?.what === 'token_issue');
  if (jwt.length)
    out.push({ id: 'asset-token-signing-key', name: 'Token signing key', type: 'secret', location: services, classification: 'restricted', business_impact: 'Anyone with the signing key can mint a valid session for any user, including admins.', crown_jewel: true, evidence: refsOf(jwt) });
  const pay = g.evidence.filter((e) => e.kind === 'integration' && kb.integrations[e.name]?.category === 'payment');
  if (pay.length)
    out.push({ id: 'asset-payment-operations', name: 'Payment operations', type: 'data', location: uniqSorted(pay.map((e) => idx.integrationComponent.get(e.name)!).filter(Boolean)), classification: 'restricted', business_impact: 'Charges, refunds and payouts move money; abuse is direct financial loss and card-scheme exposure.', crown_jewel: true, evidence: refsOf(pay) });
  const ci = g.evidence.filter((e) => e.kind === 'ci' && e.name === 'secret_use');
  if (ci.length && idx.ciId)
    out.push({ id: 'asset-ci-secrets', name: `CI/CD secrets (${uniqSorted(ci.map((e) => String(e.attrs?.secret))).join(', ')})`, type: 'secret', location: [idx.ciId], classification: 'restricted', business_impact: 'Deploy credentials reach production; a pipeline compromise becomes a production compromise.', crown_jewel: true, evidence: refsOf(ci) });
  const code = g.services[0];
  if (code) out.push({ id: 'asset-source-code', name: 'Source code and build definitions', type: 'code', location: services, classification: 'confidential', business_impact: 'Reveals internals and any committed secrets; tampering ships attacker code.', crown_jewel: false, evidence: [`${code.at.file}:${code.at.line}`] });
  return out.sort(byId);
}
