import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoFile, RepoScanner, RepoView } from './types.js';
import { IMAGE_STORES } from './docker.js';

/**
 * Kubernetes manifests and Helm charts: workloads, exposure (LoadBalancer/NodePort/Ingress),
 * committed Secrets, privileged or root containers, host access and broad RBAC. Line-based on
 * purpose: templated Helm YAML does not parse as YAML, and the lines are what evidence needs.
 */
const KIND = /^kind:\s*(\w+)/gm;
const RISKS: [RegExp, string, string][] = [
  [/^\s*type:\s*(LoadBalancer|NodePort)\b/gm, 'exposed_service', 'Service exposed outside the cluster'],
  [/^\s*privileged:\s*true\b/gm, 'privileged', 'privileged container'],
  [/^\s*runAsUser:\s*0\b|^\s*runAsNonRoot:\s*false\b/gm, 'runs_as_root', 'container runs as root'],
  [/^\s*allowPrivilegeEscalation:\s*true\b/gm, 'privilege_escalation', 'allowPrivilegeEscalation: true'],
  [/^\s*host(?:Network|PID|IPC):\s*true\b/gm, 'host_namespace', 'shares a host namespace'],
  [/^\s*hostPath:/gm, 'host_path', 'mounts a host path'],
  [/^\s*name:\s*cluster-admin\b/gm, 'cluster_admin', 'binds cluster-admin'],
  [/^\s*-\s*['"]?\*['"]?\s*$/gm, 'wildcard_rbac', 'wildcard in an RBAC rule'],
  [/^\s*image:\s*\S+:latest\b|^\s*image:\s*[^:\s@]+\s*$/gm, 'latest_image', 'image without a pinned tag'],
  [/secretKeyRef:/gm, 'secret_ref', 'reads a Secret into the environment'],
];

const isManifest = (f: RepoFile) => (f.ext === '.yaml' || f.ext === '.yml') && !/(^|\/)\.github\//.test(f.path) && !/compose/.test(f.base);

export const kubernetesScanner: RepoScanner = {
  id: 'kubernetes',
  isEnabled: (repo) => repo.files.some(isManifest),
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (file.base === 'chart.yaml') {
        out.push(ev(repo, 'kubernetes', 'kubernetes', 'helm_chart', file, 1, 'Helm chart'));
        continue;
      }
      if (!isManifest(file)) continue;
      const text = repo.text(file);
      if (!text || !/^apiVersion:/m.test(text)) continue;
      scanManifest(repo, file, text, out);
    }
    return out;
  },
};

function scanManifest(repo: RepoView, file: RepoFile, text: string, out: RepoEvidence[]): void {
  for (const { m, line } of matches(text, KIND)) {
    const kind = m[1];
    const name = text.slice(m.index).match(/^\s+name:\s*["']?([\w.{}-]+)/m)?.[1] ?? '';
    out.push(ev(repo, 'kubernetes', 'kubernetes', kind.toLowerCase(), file, line, `${kind} ${name}`.trim(), { kind, name }));
    if (kind === 'Secret' && /^(data|stringData):/m.test(text.slice(m.index)))
      out.push(ev(repo, 'kubernetes', 'kubernetes', 'committed_secret', file, line, `Secret ${name} with data committed to the repo (values not shown)`, { name }));
  }
  for (const [re, name, detail] of RISKS) for (const { line } of matches(text, re)) out.push(ev(repo, 'kubernetes', 'kubernetes', name, file, line, detail));
  // images that say which datastore a workload runs (a Postgres StatefulSet, a Redis Deployment)
  for (const { m, line } of matches(text, /^\s*-?\s*image:\s*["']?([^\s"'{}]+)/gm)) {
    const image = m[1].replace(/^docker\.io\/(library\/)?/, '');
    const store = IMAGE_STORES.find(([re]) => re.test(image));
    if (store) out.push(ev(repo, 'kubernetes', 'kubernetes', 'k8s_image', file, line, `runs ${image}`, { image, store: store[1] }));
  }
}
