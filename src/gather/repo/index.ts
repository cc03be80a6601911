import { realpathSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { AppGatherResult, RepoEvidence } from '../../model/app/types.js';
import { inputError } from '../../util/errors.js';
import { byString } from '../../util/json.js';
import { authScanner } from './auth.js';
import { ciScanner } from './ci.js';
import { datastoresScanner } from './datastores.js';
import { dockerScanner } from './docker.js';
import { envScanner } from './env.js';
import { integrationsScanner } from './integrations.js';
import { kubernetesScanner } from './kubernetes.js';
import { loggingScanner } from './logging.js';
import { manifestsScanner } from './manifests.js';
import { routesScanner } from './routes.js';
import { secretsScanner } from './secrets.js';
import { terraformScanner } from './terraform.js';
import type { RepoScanner } from './types.js';
import { createView } from './view.js';
import { walkRepo } from './walk.js';

/** Every repo scanner, in the order they run. Add a new one here (see README.md). */
export const SCANNERS: readonly RepoScanner[] = [
  manifestsScanner,
  routesScanner,
  datastoresScanner,
  authScanner,
  loggingScanner,
  integrationsScanner,
  envScanner,
  dockerScanner,
  kubernetesScanner,
  terraformScanner,
  ciScanner,
  secretsScanner,
];

/**
 * Gather evidence from a repository: one walk, each file read at most once, every scanner
 * over the shared view. A missing path or a file instead of a folder throws an input error;
 * unreadable files are problems in the result and the scan goes on.
 */
export function gatherRepo(path: string, opts: { scanners?: readonly RepoScanner[]; name?: string } = {}): AppGatherResult {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw inputError(`no such folder: ${path}`, { hint: 'pass the path of a repository folder: tm model app ./my-repo' });
  }
  if (!st.isDirectory()) throw inputError(`${path} is a file, not a folder`, { hint: 'pass the repository folder that holds it' });
  const root = realpathSync(path);
  const name = opts.name ?? basename(resolve(path));
  const { files, stats, problems } = walkRepo(root);
  const view = createView(root, name, files, stats, problems);
  const evidence: RepoEvidence[] = [];
  for (const s of opts.scanners ?? SCANNERS) {
    if (!s.isEnabled(view)) continue;
    try {
      evidence.push(...s.scan(view));
    } catch (e) {
      problems.push({ file: '.', error: `scanner ${s.id} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  // files no scanner wanted still count as readable: read them so stats and "nothing readable" are honest
  if (stats.files_read === 0) for (const f of files) if (view.text(f) !== undefined) break;
  evidence.sort(compareEvidence);
  const services = view.services.map((s) => ({
    ...s,
    frameworks: [...new Set(evidence.filter((e) => e.kind === 'framework' && e.service === s.path).map((e) => e.name))].sort(byString),
  }));
  problems.sort((a, b) => byString(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || byString(a.error, b.error));
  return { repository: name, services, evidence: dedupe(evidence), stats, problems };
}

function compareEvidence(a: RepoEvidence, b: RepoEvidence): number {
  return byString(a.at.file, b.at.file) || a.at.line - b.at.line || byString(a.scanner, b.scanner) || byString(a.kind, b.kind) || byString(a.name, b.name) || byString(a.detail ?? '', b.detail ?? '');
}

function dedupe(list: RepoEvidence[]): RepoEvidence[] {
  const out: RepoEvidence[] = [];
  for (const e of list) {
    const p = out[out.length - 1];
    if (p && compareEvidence(p, e) === 0) continue;
    out.push(e);
  }
  return out;
}

export type { RepoScanner, RepoView, RepoFile } from './types.js';
