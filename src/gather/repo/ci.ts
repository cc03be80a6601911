import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoFile, RepoScanner } from './types.js';

/**
 * CI/CD pipelines (GitHub Actions, GitLab CI, others by file name): which secrets they use,
 * risky triggers (pull_request_target, workflow_run), script injection from event data,
 * unpinned third-party actions, broad token permissions, deploy steps.
 */
const isCi = (f: RepoFile) =>
  /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f.path) || f.base === '.gitlab-ci.yml' || f.base === 'jenkinsfile' || f.base === 'azure-pipelines.yml' || f.base === 'bitbucket-pipelines.yml' || /^\.circleci\/config\.ya?ml$/.test(f.path);
const RISKS: [RegExp, string, string][] = [
  [/^\s*pull_request_target\s*:|^\s*on:\s*\[?[^\n]*pull_request_target/gm, 'pull_request_target', 'runs on pull_request_target (untrusted code with repo secrets)'],
  [/^\s*workflow_run\s*:/gm, 'workflow_run', 'triggered by workflow_run'],
  [/\$\{\{\s*github\.event\.(?:issue|pull_request|comment|review|head_commit|commits)[\w.[\]*]*\.(?:title|body|message|head_ref|label|name|email)\s*\}\}/g, 'script_injection', 'event text expanded into a script'],
  [/^\s*-?\s*uses:\s*(?!actions\/|\.\/|docker:\/\/)[\w.-]+\/[\w./-]+@(?![0-9a-f]{40}\b)\S+/gm, 'unpinned_action', 'third-party action not pinned to a commit SHA'],
  [/^\s*permissions:\s*write-all\b|^\s*contents:\s*write\b|^\s*id-token:\s*write\b/gm, 'broad_permissions', 'workflow token with write permissions'],
  [/^\s*runs-on:\s*\[?[^\n]*self-hosted/gm, 'self_hosted', 'runs on a self-hosted runner'],
  [/\b(?:kubectl\s+apply|helm\s+(?:upgrade|install)|terraform\s+apply|aws\s+\w+\s+deploy|docker\s+push|npm\s+publish|serverless\s+deploy)\b/g, 'deploy', 'deploys from CI'],
];

export const ciScanner: RepoScanner = {
  id: 'ci',
  isEnabled: (repo) => repo.files.some(isCi),
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (!isCi(file)) continue;
      const text = repo.text(file);
      if (!text) continue;
      out.push(ev(repo, 'ci', 'ci', 'pipeline', file, 1, file.path.startsWith('.github/') ? 'GitHub Actions workflow' : `${file.base} pipeline`, { system: file.path.startsWith('.github/') ? 'github_actions' : file.base }));
      const secrets = new Set<string>();
      for (const { m, line } of matches(text, /\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}|\$([A-Z][A-Z0-9_]*(?:TOKEN|KEY|SECRET|PASSWORD))\b/g)) {
        const name = m[1] ?? m[2];
        if (secrets.has(name)) continue;
        secrets.add(name);
        out.push(ev(repo, 'ci', 'ci', 'secret_use', file, line, `uses secret ${name}`, { secret: name }));
      }
      for (const [re, name, detail] of RISKS) {
        for (const { line, m } of matches(text, re)) {
          out.push(ev(repo, 'ci', 'ci', name, file, line, name === 'deploy' || name === 'unpinned_action' ? `${detail}: ${m[0].trim()}` : detail));
          if (name !== 'unpinned_action') break;
        }
      }
    }
    return out;
  },
};
