import type { RepoEvidence } from '../../model/app/types.js';
import { lookupPackage } from './catalog.js';
import { ev, matches } from './text.js';
import type { RepoFile, RepoScanner, RepoView } from './types.js';
import { MANIFESTS } from './view.js';

/**
 * Package manifests: the language of each service and what its dependencies say it uses
 * (framework, datastore client, integration SDK, auth and logging libraries).
 */
const DEP_PATTERNS: Record<string, RegExp> = {
  'package.json': /$^/g, // parsed as JSON in packageJson(); devDependencies do not run in production
  'requirements.txt': /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(?:[<>=!~;]|$)/gm,
  // one per line (PEP 621 lists, Poetry tables) or several on one line: ["fastapi", "stripe>=9"]
  'pyproject.toml': /^\s*"?([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(?:[<>=!~^"]|=\s*["{])|"([A-Za-z][A-Za-z0-9_.-]*)(?:\[[^\]]*\])?\s*(?:[<>=!~;][^"]*)?"/gm,
  'go.mod': /^\s*(?:require\s+)?([\w.-]+\.[a-z]{2,}\/[\w./-]+)\s+v/gm,
  'pom.xml': /<artifactId>([^<]+)<\/artifactId>/g,
  'build.gradle': /["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g,
  'build.gradle.kts': /["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g,
  gemfile: /^\s*gem\s+["']([\w.-]+)["']/gm,
  'cargo.toml': /^\s*([\w-]+)\s*=\s*(?:"|\{)/gm,
};
const CSPROJ = /<PackageReference\s+Include="([^"]+)"/g;
const SDK_WEB = /<Project\s+Sdk="Microsoft\.NET\.Sdk\.Web"/g;

export const manifestsScanner: RepoScanner = {
  id: 'manifests',
  isEnabled: (repo) => repo.files.some((f) => MANIFESTS[f.base] || f.ext === '.csproj'),
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const base of Object.keys(DEP_PATTERNS)) for (const file of repo.byBase(base)) scanManifest(repo, file, DEP_PATTERNS[base], MANIFESTS[base], out);
    for (const file of repo.byExt('.csproj')) {
      scanManifest(repo, file, CSPROJ, 'csharp', out);
      const t = repo.text(file);
      if (t) for (const { line } of matches(t, SDK_WEB)) out.push(ev(repo, 'manifests', 'framework', 'aspnet', file, line, 'ASP.NET Core web project'));
    }
    return out;
  },
};

function scanManifest(repo: RepoView, file: RepoFile, re: RegExp, language: string, out: RepoEvidence[]): void {
  const text = repo.text(file);
  if (text === undefined) return;
  out.push(ev(repo, 'manifests', 'language', language, file, 1, `${file.base} manifest`));
  if (file.base === 'package.json') return packageJson(repo, file, text, out);
  const seen = new Set<string>();
  for (const { m, line } of matches(text, new RegExp(re.source, re.flags))) {
    const dep = file.base.startsWith('build.gradle') ? m[2] : (m[1] ?? m[2]);
    const hit = lookupPackage(dep);
    if (!hit || seen.has(`${hit.kind}:${hit.name}`)) continue;
    seen.add(`${hit.kind}:${hit.name}`);
    out.push(ev(repo, 'manifests', hit.kind, hit.name, file, line, `dependency ${dep}`, { source: 'dependency' }));
  }
}

/** package.json is JSON: read its production dependency blocks, then find each name's line. */
function packageJson(repo: RepoView, file: RepoFile, text: string, out: RepoEvidence[]): void {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return; // templated or broken manifests: the language evidence stays, deps are unknown
  }
  const seen = new Set<string>();
  for (const block of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = pkg[block];
    if (!deps || typeof deps !== 'object') continue;
    const from = Math.max(0, text.search(new RegExp(`"${block}"\\s*:`)));
    for (const dep of Object.keys(deps as object).sort()) {
      const hit = lookupPackage(dep);
      if (!hit || seen.has(`${hit.kind}:${hit.name}`)) continue;
      seen.add(`${hit.kind}:${hit.name}`);
      const at = text.indexOf(`"${dep}"`, from);
      const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
      out.push(ev(repo, 'manifests', hit.kind, hit.name, file, line, `dependency ${dep}`, { source: 'dependency' }));
    }
  }
}
