import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoFile, RepoScanner, RepoView } from './types.js';

/** Dockerfiles (base image, user, exposed ports, risky steps) and compose services. */
const isDockerfile = (f: RepoFile) => f.base === 'dockerfile' || f.base.startsWith('dockerfile.') || f.ext === '.dockerfile';
const isCompose = (f: RepoFile) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(f.base);
/** Images whose name says which datastore a compose service runs. */
export const IMAGE_STORES: [RegExp, string][] = [
  [/^(?:[\w.-]+\/)*postgres(?:ql)?\b|bitnami\/postgresql/, 'postgres'], [/^(?:[\w.-]+\/)*(?:mysql|mariadb)\b/, 'mysql'], [/^(?:[\w.-]+\/)*mongo\b/, 'mongodb'],
  [/^(?:[\w.-]+\/)*redis\b|valkey/, 'redis'], [/rabbitmq/, 'rabbitmq'], [/kafka/, 'kafka'], [/elasticsearch|opensearch/, 'elasticsearch'], [/minio/, 'minio'],
  [/localstack/, 'aws'], [/nginx|traefik|envoy|haproxy/, 'proxy'],
];

export const dockerScanner: RepoScanner = {
  id: 'docker',
  isEnabled: (repo) => repo.files.some((f) => isDockerfile(f) || isCompose(f)),
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (isDockerfile(file)) dockerfile(repo, file, out);
      else if (isCompose(file)) compose(repo, file, out);
    }
    return out;
  },
};

function dockerfile(repo: RepoView, file: RepoFile, out: RepoEvidence[]): void {
  const text = repo.text(file);
  if (!text) return;
  let user: string | undefined;
  let lastFrom = 1;
  for (const { m, line } of matches(text, /^\s*(FROM|USER|EXPOSE|ADD|RUN|ENV|ARG)\s+([^\n]*)/gim)) {
    const op = m[1].toUpperCase();
    const arg = m[2].trim();
    if (op === 'FROM') {
      lastFrom = line;
      user = undefined;
      out.push(ev(repo, 'docker', 'container', 'image', file, line, `FROM ${arg}`, { image: arg.split(/\s+/)[0], latest: !/[:@]/.test(arg.split(/\s+/)[0]) || /:latest\b/.test(arg) }));
    } else if (op === 'USER') user = arg;
    else if (op === 'EXPOSE') out.push(ev(repo, 'docker', 'container', 'expose', file, line, `EXPOSE ${arg}`, { ports: arg }));
    else if (op === 'ADD' && /https?:\/\//.test(arg)) out.push(ev(repo, 'docker', 'container', 'remote_add', file, line, 'ADD from a URL (unverified download)'));
    else if (op === 'RUN' && /curl[^|\n]*\|\s*(?:ba)?sh|wget[^|\n]*\|\s*(?:ba)?sh/.test(arg)) out.push(ev(repo, 'docker', 'container', 'curl_pipe_sh', file, line, 'RUN pipes a download into a shell'));
    else if ((op === 'ENV' || op === 'ARG') && /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)\w*\s*[= ]\s*\S+/i.test(arg))
      out.push(ev(repo, 'docker', 'container', 'secret_in_image', file, line, `${op} sets ${arg.split(/[= ]/)[0]} in the image (value not shown)`));
  }
  if (!user || /^(root|0)(:|$)/.test(user)) out.push(ev(repo, 'docker', 'container', 'runs_as_root', file, lastFrom, 'final stage has no non-root USER'));
}

function compose(repo: RepoView, file: RepoFile, out: RepoEvidence[]): void {
  const text = repo.text(file);
  if (!text) return;
  let inServices = false;
  let svc = '';
  for (const { m, line } of matches(text, /^( *)([\w.-]+):[ \t]*([^\n#]*)|^( +)- *["']?([^\n"']+)/gm)) {
    if (m[2] !== undefined) {
      const indent = m[1].length;
      if (indent === 0) inServices = m[2] === 'services';
      else if (inServices && indent === 2) {
        svc = m[2];
        out.push(ev(repo, 'docker', 'container', 'compose_service', file, line, `compose service ${svc}`, { service: svc }));
      } else if (inServices && svc && m[2] === 'image') {
        const image = m[3].trim().replace(/["']/g, '');
        const store = IMAGE_STORES.find(([re]) => re.test(image));
        out.push(ev(repo, 'docker', 'container', 'compose_image', file, line, `${svc} runs ${image}`, { service: svc, image, ...(store ? { store: store[1] } : {}) }));
      } else if (inServices && svc && m[2] === 'privileged' && /true/.test(m[3])) out.push(ev(repo, 'docker', 'container', 'privileged', file, line, `${svc} runs privileged`, { service: svc }));
    } else if (inServices && svc && /^\d+(?::\d+)+$|^["']?\d+\.\d+\.\d+\.\d+:\d+:\d+/.test(m[5].trim())) {
      out.push(ev(repo, 'docker', 'container', 'published_port', file, line, `${svc} publishes ${m[5].trim()}`, { service: svc, port: m[5].trim() }));
    }
  }
}
