import type { RepoEvidence } from '../../model/app/types.js';
import { ev, matches } from './text.js';
import type { RepoFile, RepoScanner } from './types.js';

/**
 * HTTP and gRPC entry points, with whether an auth guard is named for them: on the route line
 * (middleware argument, decorator, dependency), file-wide (`router.use(requireAuth)`, a FastAPI
 * router with auth dependencies) or on a Go router group. A guard applied in another file
 * (mounting a router behind auth) is not seen, which is why the kb words the finding as
 * "no auth guard named" and asks to confirm.
 */
interface RoutePattern {
  framework: string;
  exts: string[];
  re: RegExp;
  method: (m: RegExpExecArray) => string;
  path: (m: RegExpExecArray) => string;
}

const up = (s: string | undefined) => (s ?? 'ANY').toUpperCase();
const P: RoutePattern[] = [
  // Express / Fastify / Koa router: app.get('/x', ...), router.post("/y"
  { framework: 'express', exts: ['.js', '.mjs', '.cjs', '.ts'], re: /\b(?:app|router|server|api|fastify|r)\.(get|post|put|patch|delete|all)\(\s*['"`]([^'"`]+)['"`]([^\n]*)/g, method: (m) => up(m[1]), path: (m) => m[2] },
  // NestJS decorators
  { framework: 'nestjs', exts: ['.ts'], re: /@(Get|Post|Put|Patch|Delete)\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)([^\n]*)/g, method: (m) => up(m[1]), path: (m) => '/' + (m[2] ?? '').replace(/^\//, '') },
  // Flask / FastAPI decorators
  { framework: 'flask', exts: ['.py'], re: /@(?:\w+)\.route\(\s*['"]([^'"]+)['"](?:[^)\n]*methods\s*=\s*\[\s*['"](\w+))?([^\n]*)/g, method: (m) => up(m[2] ?? 'GET'), path: (m) => m[1] },
  { framework: 'fastapi', exts: ['.py'], re: /@(?:\w+)\.(get|post|put|patch|delete)\(\s*['"]([^'"]*)['"]([^\n]*)/g, method: (m) => up(m[1]), path: (m) => m[2] || '/' },
  // Django urls.py
  { framework: 'django', exts: ['.py'], re: /\b(?:re_)?path\(\s*r?['"]([^'"]*)['"]\s*,([^\n]*)/g, method: () => 'ANY', path: (m) => '/' + m[1] },
  // Spring
  { framework: 'spring', exts: ['.java', '.kt'], re: /@(Get|Post|Put|Patch|Delete|Request)Mapping\(\s*(?:value\s*=\s*|path\s*=\s*)?"([^"]*)"([^\n]*)/g, method: (m) => (m[1] === 'Request' ? 'ANY' : up(m[1])), path: (m) => m[2] },
  // Go net/http, gin, echo, chi
  { framework: 'net-http', exts: ['.go'], re: /\b(?:http|mux)\.Handle(?:Func)?\(\s*"([^"]+)"([^\n]*)/g, method: () => 'ANY', path: (m) => m[1] },
  { framework: 'gin', exts: ['.go'], re: /\b(\w+)\.(GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete)\(\s*"([^"]+)"([^\n]*)/g, method: (m) => up(m[2]), path: (m) => m[3] },
  // ASP.NET attributes and minimal APIs
  { framework: 'aspnet', exts: ['.cs'], re: /\[Http(Get|Post|Put|Patch|Delete)(?:\(\s*"([^"]*)"\s*\))?\]([^\n]*)/g, method: (m) => up(m[1]), path: (m) => m[2] ?? '' },
  { framework: 'aspnet', exts: ['.cs'], re: /\.Map(Get|Post|Put|Patch|Delete)\(\s*"([^"]+)"([^\n]*)/g, method: (m) => up(m[1]), path: (m) => m[2] },
  // Rails routes
  { framework: 'rails', exts: ['.rb'], re: /^\s*(get|post|put|patch|delete)\s+['"]([^'"]+)['"]([^\n]*)/gm, method: (m) => up(m[1]), path: (m) => m[2] },
];

/** Words on a route line (or its decorator neighbours) that mean "this route checks who is calling". */
const AUTH_GUARD =
  /\b(?:requireAuth\w*|[Aa]uth(?:Required|Middleware|Guard)\w*|requireUser|requireLogin|requireApiKey|isAuthenticated|ensureAuthenticated|ensureLoggedIn|authenticate\w*|passport\.authenticate|jwtAuth|verifyToken|checkJwt|expressjwt|login_required|permission_classes|IsAuthenticated|PreAuthorize|Secured|RolesAllowed|Authorize|UseGuards|AuthGuard|RequireAuth\w*|apiKeyAuth)\b|\bauth(?:Required|Middleware|Guard)?\b(?!\s*[.(=])|\bauth\.(?:required|authenticate\w*|ensure\w*|verify\w*|check\w*|protect\w*|isAuthenticated|jwt)\b|\bprotect\b(?=\s*,)|Depends\(\s*[\w.]*(?:current_user|get_current|verify|auth|require)/;

export const routesScanner: RepoScanner = {
  id: 'routes',
  isEnabled: (repo) => repo.files.some((f) => ROUTE_EXTS.has(f.ext) || f.ext === '.proto'),
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (file.ext === '.proto') {
        grpc(repo, file, out);
        continue;
      }
      if (!ROUTE_EXTS.has(file.ext) || isTestPath(file.path)) continue;
      const text = repo.text(file);
      if (!text) continue;
      const guardedFrom = fileWideGuard(text);
      const guardedGroups = file.ext === '.go' ? goGuardedGroups(text) : undefined;
      for (const p of P) {
        if (!p.exts.includes(file.ext)) continue;
        if (p.framework === 'django' && !file.base.startsWith('urls')) continue;
        const decorated = p.framework === 'spring' || p.framework === 'aspnet' || p.framework === 'nestjs' || p.framework === 'fastapi' || p.framework === 'flask';
        const lines = decorated ? text.split('\n') : undefined;
        for (const { m, line } of matches(text, new RegExp(p.re.source, p.re.flags))) {
          const rest = m[m.length - 1] ?? '';
          // a class-level @RequestMapping is a path prefix, not a route
          if (lines && p.framework === 'spring' && /\bclass\s/.test(lines.slice(line, line + 3).join(' '))) continue;
          // decorators: the guard sits on a neighbouring line: Python puts it in the signature below
          // (Depends, login_required above is caught too), Java/C#/Nest put attributes above
          const near = !lines ? rest : file.ext === '.py' ? lines.slice(line - 1, line + 2).filter((l) => !/^\s*#/.test(l)).join('\n') : lines.slice(Math.max(0, line - 3), line).join('\n');
          const authenticated = AUTH_GUARD.test(near) || m.index > guardedFrom || (p.framework === 'gin' && !!guardedGroups?.has(m[1]));
          const method = p.method(m);
          const path = p.path(m);
          out.push(ev(repo, 'routes', 'route', p.framework, file, line, `${method} ${path}`, { method, path, authenticated }));
        }
      }
    }
    return out;
  },
};

const ROUTE_EXTS = new Set(['.js', '.mjs', '.cjs', '.ts', '.py', '.java', '.kt', '.go', '.cs', '.rb']);
export const isTestPath = (p: string) => /(^|\/)(test|tests|__tests__|spec|e2e|fixtures?)\//.test(p) || /[._-](test|spec)\.\w+$/.test(p) || /_test\.go$/.test(p);

function grpc(repo: Parameters<RepoScanner['scan']>[0], file: RepoFile, out: RepoEvidence[]): void {
  const text = repo.text(file);
  if (!text) return;
  let service = '';
  for (const { m, line } of matches(text, /^\s*(?:service\s+(\w+)|rpc\s+(\w+))/gm)) {
    if (m[1]) service = m[1];
    else out.push(ev(repo, 'routes', 'route', 'grpc', file, line, `rpc ${service}/${m[2]}`, { method: 'RPC', path: `/${service}/${m[2]}`, authenticated: false }));
  }
}

/**
 * Where a guard starts covering every later route in the file: `router.use(requireAuth)` /
 * `app.use(passport.authenticate(...))` (Express, Koa, Fastify hooks), or a FastAPI router
 * built with `dependencies=[Depends(get_current_user)]`. Infinity when there is none.
 */
function fileWideGuard(text: string): number {
  let at = Infinity;
  for (const { m } of matches(text, /\b(?:app|router|server|api)\.(?:use|addHook)\(([^\n]*)/g)) {
    if (AUTH_GUARD.test(m[1]) && !/^\s*['"`]/.test(m[1])) {
      at = m.index;
      break;
    }
  }
  const fastapi = text.search(/APIRouter\([^)]*dependencies\s*=\s*\[[^\]]*Depends\(\s*[\w.]*(?:current_user|get_current|verify|auth|require)/);
  return fastapi >= 0 ? Math.min(at, fastapi) : at;
}

/** Go router groups created with, or later given, an auth middleware: `api := r.Group("/api", AuthRequired())`, `api.Use(auth)`. */
function goGuardedGroups(text: string): Set<string> {
  const out = new Set<string>();
  for (const { m } of matches(text, /\b(\w+)\s*:?=\s*\w+\.Group\(([^\n]*)/g)) if (AUTH_GUARD.test(m[2])) out.add(m[1]);
  for (const { m } of matches(text, /\b(\w+)\.Use\(([^\n]*)/g)) if (AUTH_GUARD.test(m[2])) out.add(m[1]);
  return out;
}
