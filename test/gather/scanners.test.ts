import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherRepo, SCANNERS } from '../../src/gather/repo/index.js';
import { EXAMPLES, FIXTURE_REPOS } from './helpers.js';

const facts = (dir: string) => {
  const g = gatherRepo(dir);
  return { g, has: (kind: string, name: string) => g.evidence.filter((e) => e.kind === kind && e.name === name).map((e) => `${e.at.file}:${e.at.line}`) };
};

describe('repo scanners', () => {
  it('every scanner is a plain object with id, isEnabled and scan, and ids are unique', () => {
    const ids = SCANNERS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SCANNERS) expect(typeof s.isEnabled === 'function' && typeof s.scan === 'function').toBe(true);
  });

  it('Go gin service: framework, routes with auth, postgres, redis, jwt, zap, env', () => {
    const { g, has } = facts(join(FIXTURE_REPOS, 'go-gin-service'));
    expect(g.services).toEqual([expect.objectContaining({ path: '.', name: 'inventory', languages: ['go'], frameworks: ['gin'] })]);
    expect(has('framework', 'gin')).toContain('go.mod:6');
    expect(has('datastore', 'postgres')).toEqual(expect.arrayContaining(['go.mod:8', 'main.go:15']));
    expect(has('datastore', 'redis')).toContain('main.go:16');
    expect(has('auth', 'jwt')).toContain('internal/handlers/auth.go:14');
    const routes = g.evidence.filter((e) => e.kind === 'route').map((e) => `${e.detail} ${e.attrs?.authenticated}`);
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz false', 'POST /login false', 'GET /items true', 'DELETE /items/:id false']));
    expect(g.evidence.filter((e) => e.name === 'auth_event').map((e) => e.attrs?.event)).toContain('login_failure');
  });

  it('Spring Boot: spring, spring-security, postgres via JDBC, kafka, PreAuthorize on a route, debug logging', () => {
    const { g, has } = facts(join(FIXTURE_REPOS, 'spring-orders'));
    expect(g.services[0]).toMatchObject({ name: 'orders-service', languages: ['java'], frameworks: ['spring'] });
    expect(has('auth', 'spring-security').length).toBe(1);
    expect(has('datastore', 'postgres')).toContain('src/main/resources/application.yml:3');
    expect(has('datastore', 'kafka').length).toBeGreaterThan(0);
    const routes = Object.fromEntries(g.evidence.filter((e) => e.kind === 'route').map((e) => [e.detail, e.attrs?.authenticated]));
    expect(routes).toMatchObject({ 'GET /{id}': true, 'POST /import': false });
    expect(g.evidence.some((e) => e.name === 'level' && e.attrs?.level === 'debug')).toBe(true);
  });

  it('Django: urls, login_required, session cookie flags, celery on redis, boto3, sentry', () => {
    const { g, has } = facts(join(FIXTURE_REPOS, 'django-blog'));
    expect(g.services[0]).toMatchObject({ languages: ['python'], frameworks: ['django'] });
    expect(g.evidence.filter((e) => e.kind === 'route').map((e) => e.detail)).toEqual(expect.arrayContaining(['ANY /post/<int:pk>/', 'ANY /accounts/login/']));
    expect(has('auth', 'session_cookie').length).toBeGreaterThan(0);
    expect(has('datastore', 'redis')).toContain('mysite/settings.py:6');
    expect(has('integration', 'aws')).toContain('requirements.txt:4');
    expect(has('integration', 'sentry')).toContain('requirements.txt:5');
    expect(g.evidence.some((e) => e.kind === 'auth' && e.attrs?.what === 'weak_cookie')).toBe(true);
  });

  it('Node example: express routes, postgres, redis, stripe webhook signature, k8s and CI risks', () => {
    const { g, has } = facts(join(EXAMPLES, 'node-shop-api'));
    expect(has('framework', 'express')).toContain('package.json:10');
    expect(has('auth', 'webhook_signature')).toContain('src/routes/webhooks.js:11');
    expect(has('kubernetes', 'committed_secret')).toContain('k8s/secret.yaml:2');
    expect(has('kubernetes', 'exposed_service')).toContain('k8s/service.yaml:6');
    expect(has('ci', 'pull_request_target')).toContain('.github/workflows/deploy.yml:5');
    expect(has('ci', 'script_injection')).toContain('.github/workflows/deploy.yml:15');
    expect(has('container', 'runs_as_root')).toContain('Dockerfile:1');
    expect(has('container', 'compose_image').length).toBe(2);
    // devDependencies are not production dependencies
    expect(g.evidence.some((e) => e.detail === 'dependency eslint')).toBe(false);
  });

  it('Terraform: resources and exposure settings with their lines', () => {
    const { has } = facts(join(EXAMPLES, 'py-payments-aws'));
    expect(has('terraform', 'aws_db_instance')).toEqual(['terraform/main.tf:31']);
    expect(has('terraform', 'public_database')).toEqual(['terraform/main.tf:38']);
    expect(has('terraform', 'open_ingress')).toEqual(['terraform/main.tf:27']);
    expect(has('terraform', 'wildcard_iam')).toEqual(['terraform/main.tf:55']);
    // a variable reference is not a literal password
    expect(has('secret', 'password')).toEqual([]);
    expect(has('secret', 'generic-secret')).toEqual(['settings.py:4']);
  });
});

describe('repos with several services', () => {
  it('attributes evidence to the nearest service folder and models each service', async () => {
    const { makeRepo } = await import('./helpers.js');
    const { createOfflineAppEngine } = await import('../../src/engines/offline/index.js');
    const { miniKB } = await import('../helpers/attack.js');
    const root = makeRepo({
      'services/web/package.json': '{\n  "name": "web",\n  "dependencies": { "express": "4", "ioredis": "5" }\n}\n',
      'services/web/src/app.js': "const r = new Redis(process.env.REDIS_URL);\napp.get('/cart', requireAuth, h);\n",
      'services/billing/pyproject.toml': '[project]\nname = "billing"\ndependencies = ["fastapi", "psycopg2-binary", "stripe"]\n',
      'services/billing/app.py': '@app.post("/invoices")\ndef create(user=Depends(get_current_user)):\n    pass\n',
      'deploy/db.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: pg\n          image: postgres:16.3\n',
    });
    const g = gatherRepo(root);
    expect(g.services.map((s) => `${s.path} ${s.name} ${s.frameworks.join(',')}`)).toEqual(['services/billing billing fastapi', 'services/web web express']);
    expect(g.evidence.find((e) => e.kind === 'datastore' && e.name === 'redis' && e.at.file === 'services/web/src/app.js')?.service).toBe('services/web');
    const { output } = await createOfflineAppEngine().produce(g, { kb: miniKB() });
    const flows = output.data_flows.map((f) => f.id);
    expect(flows).toEqual(expect.arrayContaining(['flow-web-to-redis', 'flow-billing-to-postgres', 'flow-billing-to-ext-stripe', 'flow-internet-clients-to-web', 'flow-internet-clients-to-billing']));
    expect(output.architecture_components.find((c) => c.id === 'comp-postgres')?.evidence).toContain('deploy/db.yaml:10');
  });
});

describe('router-wide auth guards', () => {
  it('router.use(guard) and FastAPI router dependencies cover the routes after them', async () => {
    const { makeRepo } = await import('./helpers.js');
    const root = makeRepo({
      'admin.js': "router.get('/public', h);\nrouter.use(requireAuth);\nrouter.post('/users', h);\nrouter.delete('/users/:id', h);\n",
      'api.py': 'router = APIRouter(prefix="/billing", dependencies=[Depends(get_current_user)])\n\n@router.post("/refunds")\ndef refund():\n    pass\n',
    });
    const routes = Object.fromEntries(gatherRepo(root).evidence.filter((e) => e.kind === 'route').map((e) => [e.detail, e.attrs?.authenticated]));
    expect(routes).toEqual({ 'GET /public': false, 'POST /users': true, 'DELETE /users/:id': true, 'POST /refunds': true });
  });
});
