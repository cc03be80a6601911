/**
 * The offline org engine's threat scenarios, as data. A scenario becomes a threat when it is
 * marked `always`, when one of its keywords appears in the gathered context or the answers,
 * or when a relevant threat actor uses two or more of its techniques.
 * `perAsset` scenarios give one threat per crown jewel (the asset is part of the content key).
 */
export interface Scenario {
  /** stable stem of the content key; never rename one (IDs are matched by key) */
  id: string;
  category: string;
  /** `{asset}` is replaced for perAsset scenarios */
  title: string;
  description: string;
  techniques: string[];
  keywords: string[];
  baseLikelihood: number;
  /** crown: the crown jewel's impact (5); critical: 4 when critical systems are named; else the number */
  impact: 'crown' | 'critical' | number;
  perAsset?: boolean;
  always?: boolean;
  /** what to do about it, by horizon */
  advice: { immediate?: string; short_term?: string; long_term?: string };
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'insider-exfiltration',
    category: 'INSIDER',
    title: 'Insider exfiltration of {asset}',
    description: 'An employee or contractor with legitimate access copies {asset} to personal cloud storage, removable media or email before leaving or for gain.',
    techniques: ['T1213', 'T1005', 'T1039', 'T1074', 'T1567.002', 'T1052.001', 'T1048'],
    keywords: ['insider', 'leaver', 'exfiltrat', 'usb', 'data loss', 'dlp', 'personal drive', 'personal email', 'download'],
    baseLikelihood: 2,
    impact: 'crown',
    perAsset: true,
    advice: {
      short_term: 'Alert on bulk downloads and uploads to personal cloud storage from systems holding {asset}; review leaver access within 24 hours.',
      long_term: 'Classify and label {asset}, and enforce data-loss prevention on the paths it can leave by.',
    },
  },
  {
    id: 'privileged-misuse',
    category: 'INSIDER',
    title: 'Misuse of privileged access to business-critical systems',
    description: 'An administrator (or a stolen admin account) creates accounts, changes permissions or clears logs on business-critical systems.',
    techniques: ['T1078', 'T1098', 'T1136', 'T1070'],
    keywords: ['privileged', 'admin account', 'root', 'break-glass', 'shared account', 'access review'],
    baseLikelihood: 2,
    impact: 'critical',
    advice: { short_term: 'Review privileged accounts quarterly and alert on account creation and log clearing on critical systems.', long_term: 'Move administration to just-in-time privileged access with session recording.' },
  },
  {
    id: 'ransomware',
    category: 'RANSOMWARE',
    title: 'Ransomware encrypts business-critical systems',
    description: 'A ransomware operator gains a foothold, disables defences, spreads over remote services and encrypts business-critical systems and their backups.',
    techniques: ['T1486', 'T1490', 'T1059.001', 'T1021.001', 'T1562.001', 'T1003.001'],
    keywords: ['ransomware', 'encrypt', 'backup', 'extortion', 'lockbit', 'recovery'],
    baseLikelihood: 2,
    impact: 'critical',
    always: true,
    advice: {
      immediate: 'Confirm offline or immutable backups of business-critical systems and test a restore.',
      short_term: 'Detect shadow-copy deletion, security-tool tampering and LSASS access on servers.',
      long_term: 'Segment business-critical systems and restrict remote desktop to jump hosts.',
    },
  },
  {
    id: 'credential-phishing',
    category: 'PHISHING',
    title: 'Phishing leads to credential theft and malware',
    description: 'Staff receive spearphishing links or attachments that harvest credentials or run malware, giving an attacker an initial foothold.',
    techniques: ['T1566.001', 'T1566.002', 'T1204.002', 'T1534', 'T1539'],
    keywords: ['phishing', 'phish', 'spoof', 'malicious attachment', 'suspicious email', 'bec'],
    baseLikelihood: 3,
    impact: 3,
    always: true,
    advice: { short_term: 'Detect credential entry on newly registered domains and malicious attachments opened from mail clients.', long_term: 'Adopt phishing-resistant MFA (FIDO2) for all staff.' },
  },
  {
    id: 'account-takeover',
    category: 'ACCOUNT',
    title: 'Account takeover of workforce identities',
    description: 'Attackers spray passwords, fatigue users with MFA prompts or replay stolen session cookies to take over workforce accounts in the identity provider.',
    techniques: ['T1078', 'T1110.003', 'T1621', 'T1556', 'T1539'],
    keywords: ['mfa', 'password spray', 'brute', 'okta', 'sso', 'login', 'credential stuffing', 'account takeover', 'impossible travel', 'push fatigue'],
    baseLikelihood: 3,
    impact: 4,
    advice: { immediate: 'Alert on MFA push floods and sign-ins from new countries for privileged users.', long_term: 'Enforce phishing-resistant MFA and short session lifetimes in the identity provider.' },
  },
  {
    id: 'cloud-data-exposure',
    category: 'CLOUD',
    title: 'Cloud storage and IAM misuse exposes data',
    description: 'Leaked cloud keys or an over-permissive role let an attacker read storage buckets, add credentials or copy data to an account they control.',
    techniques: ['T1530', 'T1078.004', 'T1537', 'T1098.001', 'T1552.001', 'T1651'],
    keywords: ['aws', 'azure', 'gcp', 's3', 'bucket', 'cloud', 'iam', 'access key'],
    baseLikelihood: 2,
    impact: 4,
    advice: { short_term: 'Alert on new access keys, public bucket policies and snapshot sharing to external accounts.', long_term: 'Replace long-lived cloud keys with short-lived federated roles.' },
  },
  {
    id: 'supply-chain',
    category: 'SUPPLY',
    title: 'Compromise through a supplier or software dependency',
    description: 'A compromised vendor, managed service provider or software dependency gives an attacker trusted access to internal systems.',
    techniques: ['T1195.002', 'T1199'],
    keywords: ['vendor', 'supplier', 'third-party', 'third party', 'msp', 'dependency', 'npm', 'contractor access'],
    baseLikelihood: 2,
    impact: 4,
    advice: { short_term: 'Inventory third-party access paths and alert on their use outside agreed hours.', long_term: 'Add supplier security reviews and software bills of materials to procurement.' },
  },
  {
    id: 'public-exploit',
    category: 'WEB',
    title: 'Exploitation of internet-facing applications and remote access',
    description: 'Attackers exploit an unpatched internet-facing application, API or VPN gateway to gain initial access.',
    techniques: ['T1190', 'T1133'],
    keywords: ['vpn', 'public-facing', 'internet-facing', 'portal', 'api', 'exploit', 'vulnerability', 'cve', 'patch', 'waf'],
    baseLikelihood: 2,
    impact: 4,
    advice: { immediate: 'Patch internet-facing systems with known exploited vulnerabilities first.', short_term: 'Monitor VPN and web application logs for exploitation patterns.' },
  },
  {
    id: 'payment-fraud',
    category: 'FRAUD',
    title: 'Payment fraud and business email compromise',
    description: 'Attackers take over or impersonate a mailbox to redirect payments or alter financial records.',
    techniques: ['T1657', 'T1114', 'T1565'],
    keywords: ['payment', 'invoice', 'wire transfer', 'fraud', 'business email compromise', 'bank details'],
    baseLikelihood: 2,
    impact: 4,
    advice: { immediate: 'Require out-of-band confirmation of changed bank details.', short_term: 'Alert on new mailbox forwarding rules.' },
  },
];
