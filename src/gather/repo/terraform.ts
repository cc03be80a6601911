import type { RepoEvidence } from '../../model/app/types.js';
import { ev } from './text.js';
import type { RepoScanner } from './types.js';

/**
 * Terraform: every resource and data source (type and name), and the settings that widen
 * exposure: public buckets, open ingress, public databases, wildcard IAM, missing encryption,
 * and whether audit logging (CloudTrail, flow logs, access logs) is declared at all.
 */
const RISKS: [RegExp, string, string][] = [
  [/^\s*acl\s*=\s*"public-read(?:-write)?"/, 'public_bucket', 'bucket ACL is public'],
  [/^\s*(?:block_public_acls|block_public_policy|restrict_public_buckets|ignore_public_acls)\s*=\s*false/, 'public_bucket', 'public access block disabled'],
  [/^\s*cidr_blocks\s*=\s*\[\s*"0\.0\.0\.0\/0"|^\s*cidr_ipv4\s*=\s*"0\.0\.0\.0\/0"|^\s*ipv6_cidr_blocks\s*=\s*\[\s*"::\/0"/, 'open_ingress', 'open to the internet (0.0.0.0/0)'],
  [/^\s*publicly_accessible\s*=\s*true/, 'public_database', 'database publicly accessible'],
  [/^\s*(?:storage_encrypted|encrypted)\s*=\s*false/, 'unencrypted', 'encryption at rest disabled'],
  [/^\s*"?(?:Action|actions)"?\s*[:=]\s*\[?\s*"(?:\*|[a-z0-9]+:\*)"/, 'wildcard_iam', 'IAM policy grants wildcard actions'],
  [/^\s*"?(?:Resource|resources)"?\s*[:=]\s*\[?\s*"\*"/, 'wildcard_resource', 'IAM policy applies to every resource'],
  [/^\s*(?:skip_final_snapshot|deletion_protection)\s*=\s*(?:true|false)/, 'snapshot_setting', 'backup/deletion protection setting'],
  [/^\s*(?:password|master_password)\s*=\s*"[^"$]+"/, 'hardcoded_password', 'password set as a literal (value not shown)'],
  [/^\s*http_tokens\s*=\s*"optional"/, 'imdsv1', 'instance metadata v1 allowed'],
];
const BLOCK = /^(resource|data|module)\s+"([\w-]+)"(?:\s+"([\w-]+)")?\s*\{/;

export const terraformScanner: RepoScanner = {
  id: 'terraform',
  isEnabled: (repo) => repo.byExt('.tf').length > 0,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.byExt('.tf')) {
      const text = repo.text(file);
      if (!text) continue;
      let current: { type: string; name: string } | undefined;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const ln = lines[i];
        const b = ln.match(BLOCK);
        if (b) {
          current = b[1] === 'module' ? { type: 'module', name: b[2] } : { type: b[2], name: b[3] ?? '' };
          if (b[1] !== 'data') out.push(ev(repo, 'terraform', 'terraform', current.type, file, i + 1, `${b[1]} ${b[2]}${b[3] ? ` ${b[3]}` : ''}`, { block: b[1], resource: current.name }));
          continue;
        }
        if (!current) continue;
        for (const [re, name, detail] of RISKS) {
          if (!re.test(ln)) continue;
          if (name === 'snapshot_setting' && !/skip_final_snapshot\s*=\s*true|deletion_protection\s*=\s*false/.test(ln)) continue;
          out.push(ev(repo, 'terraform', 'terraform', name, file, i + 1, `${current.type}.${current.name}: ${detail}`, { resource_type: current.type, resource: current.name }));
        }
      }
    }
    return out;
  },
};
