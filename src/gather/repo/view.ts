import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatherProblem, GatherStats, RepoService } from '../../model/app/types.js';
import { classifyFile } from './classify.js';
import type { FileRole } from './classify.js';
import type { RepoFile, RepoView } from './types.js';

/** Manifest file names that make a folder a service (a deployable unit). */
export const MANIFESTS: Record<string, string> = {
  'package.json': 'javascript',
  'pyproject.toml': 'python',
  'requirements.txt': 'python',
  'setup.py': 'python',
  'go.mod': 'go',
  'pom.xml': 'java',
  'build.gradle': 'java',
  'build.gradle.kts': 'kotlin',
  gemfile: 'ruby',
  'cargo.toml': 'rust',
  'composer.json': 'php',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The shared read-once view over the walked files. Text is decoded strictly as UTF-8 (a BOM
 * is dropped); binary files (a NUL in the first 8 KB) and non-UTF-8 files have no text.
 */
export function createView(rootReal: string, name: string, files: RepoFile[], stats: GatherStats, problems: GatherProblem[]): RepoView {
  const cache = new Map<string, string | null>();
  const extIndex = new Map<string, RepoFile[]>();
  const baseIndex = new Map<string, RepoFile[]>();
  for (const f of files) {
    push(extIndex, f.ext, f);
    push(baseIndex, f.base, f);
  }

  const text = (f: RepoFile): string | undefined => {
    const hit = cache.get(f.path);
    if (hit !== undefined) return hit ?? undefined;
    let out: string | null = null;
    try {
      const buf = readFileSync(join(rootReal, f.path));
      const head = buf.subarray(0, 8192);
      if (head.includes(0)) stats.skipped_binary++;
      else {
        try {
          out = utf8.decode(buf);
          if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
          stats.files_read++;
          stats.bytes_read += buf.length;
        } catch {
          problems.push({ file: f.path, error: 'not valid UTF-8, skipped (re-encode it as UTF-8 to have it scanned)' });
        }
      }
    } catch (e) {
      problems.push({ file: f.path, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    }
    cache.set(f.path, out);
    return out ?? undefined;
  };

  const serviceDirs = [...new Set(files.filter((f) => MANIFESTS[f.base] || f.ext === '.csproj').map((f) => dirOf(f.path)))].sort();
  const serviceOf = (path: string): string => {
    let best = '.';
    for (const d of serviceDirs) if (d !== '.' && (path === d || path.startsWith(d + '/')) && d.length > best.length) best = d;
    return best;
  };
  const services: RepoService[] = serviceDirs.map((dir) => {
    const manifests = files.filter((f) => dirOf(f.path) === dir && (MANIFESTS[f.base] || f.ext === '.csproj'));
    const m = manifests[0];
    const languages = [...new Set(manifests.map((f) => MANIFESTS[f.base] ?? 'csharp'))].sort();
    return { path: dir, name: serviceName(dir, name, manifests, text), languages, frameworks: [], at: { file: m.path, line: 1 } };
  });

  const roles = new Map<string, FileRole>();
  const roleOf = (f: RepoFile | string): FileRole => {
    const path = typeof f === 'string' ? f : f.path;
    let r = roles.get(path);
    if (!r) roles.set(path, (r = classifyFile({ path })));
    return r;
  };

  return {
    name,
    files,
    roleOf,
    byExt: (x) => extIndex.get(x) ?? [],
    byBase: (b) => baseIndex.get(b) ?? [],
    text,
    serviceOf,
    services,
  };
}

function push(m: Map<string, RepoFile[]>, k: string, f: RepoFile): void {
  const l = m.get(k);
  if (l) l.push(f);
  else m.set(k, [f]);
}

export const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');

function serviceName(dir: string, repoName: string, manifests: RepoFile[], text: (f: RepoFile) => string | undefined): string {
  for (const f of manifests) {
    const t = text(f);
    if (!t) continue;
    let m: RegExpMatchArray | null = null;
    if (f.base === 'package.json') m = t.match(/"name"\s*:\s*"([^"]+)"/);
    else if (f.base === 'pyproject.toml') m = t.match(/^name\s*=\s*"([^"]+)"/m);
    else if (f.base === 'go.mod') m = t.match(/^module\s+(\S+)/m);
    else if (f.base === 'pom.xml') m = t.replace(/<parent>[\s\S]*?<\/parent>/, '').match(/<artifactId>([^<]+)<\/artifactId>/);
    else if (f.base === 'cargo.toml') m = t.match(/^name\s*=\s*"([^"]+)"/m);
    if (m) return m[1].split('/').pop()!.replace(/^@/, '');
  }
  return dir === '.' ? repoName : dir.split('/').pop()!;
}
