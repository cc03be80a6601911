import type { AppGatherResult, ArchitectureComponent, Exposure, RepoEvidence } from '../../model/app/types.js';
import type { ModelKB } from './kb.js';
import { byId, refsOf, slug, uniqSorted } from './facts.js';

/** Relational engines a Terraform database resource can be merged into. */
const RELATIONAL = ['postgres', 'mysql', 'mssql'];
const TF_DATABASES = /^(aws_db_instance|aws_rds_cluster|google_sql_database_instance|azurerm_(postgresql|mysql|mssql)\w*)$/;
/** Code-level stores and the Terraform resource types that deploy them (merged into one component). */
const TF_SAME: Record<string, RegExp> = { sqs: /^aws_sqs_queue$/, dynamodb: /^aws_dynamodb_table$/, redis: /^aws_elasticache_\w+$/, elasticsearch: /^aws_(opensearch|elasticsearch)_domain$/ };
const EXPOSING = (e: RepoEvidence) =>
  (e.kind === 'kubernetes' && (e.name === 'exposed_service' || e.name === 'ingress')) ||
  (e.kind === 'container' && e.name === 'published_port') ||
  (e.kind === 'terraform' && /^(aws_lb|aws_alb|aws_api_gateway\w*|aws_apigatewayv2_api|aws_cloudfront_distribution)$/.test(e.name));

/** Where each piece of evidence belongs in the component list; shared with the flow builder. */
export interface ComponentIndex {
  components: ArchitectureComponent[];
  /** service folder → component id */
  serviceComponent: Map<string, string>;
  /** datastore name (`postgres`) → component id */
  storeComponent: Map<string, string>;
  /** integration name (`stripe`) → component id */
  integrationComponent: Map<string, string>;
  /** terraform resource `type.name` → component id */
  cloudComponent: Map<string, string>;
  clientsId?: string;
  ciId?: string;
  clusterId?: string;
}

export function buildComponents(g: AppGatherResult, kb: ModelKB): ComponentIndex {
  const idx: ComponentIndex = { components: [], serviceComponent: new Map(), storeComponent: new Map(), integrationComponent: new Map(), cloudComponent: new Map() };
  const by = (pred: (e: RepoEvidence) => boolean) => g.evidence.filter(pred);
  const exposed = by(EXPOSING);
  // exposure declared in a service's own folder, else at the repo root when the root is not a service itself
  const rootIsService = g.services.some((s) => s.path === '.');
  const exposedFor = (path: string) => {
    const own = exposed.filter((e) => e.service === path);
    return own.length || g.services.length <= 1 ? (own.length ? own : exposed) : rootIsService ? [] : exposed.filter((e) => e.service === '.');
  };
  const services = g.services.length ? g.services : by((e) => e.kind === 'route' || e.kind === 'framework').length ? [{ path: '.', name: g.repository, languages: [], frameworks: [], at: by((e) => e.kind === 'route' || e.kind === 'framework')[0].at }] : [];

  // services
  for (const s of services) {
    const own = (e: RepoEvidence) => e.service === s.path;
    const routes = by((e) => e.kind === 'route' && own(e));
    const loggers = by((e) => e.kind === 'logging' && own(e) && e.attrs?.what === 'logger');
    const levels = by((e) => e.kind === 'logging' && own(e) && e.attrs?.what === 'level');
    const access = by((e) => e.kind === 'logging' && own(e) && (e.attrs?.what === 'access_log' || e.name === 'pino'));
    const consoleOnly = !loggers.length && by((e) => e.kind === 'logging' && own(e) && e.name === 'console').length > 0;
    const frameworks = uniqSorted([...s.frameworks, ...routes.map((r) => r.name)]).filter((f) => f !== 'grpc' || routes.some((r) => r.name === 'grpc'));
    let id = `comp-${slug(s.name)}`;
    if ([...idx.serviceComponent.values()].includes(id)) id = `${id}-${slug(s.path)}`; // two services with one name
    idx.serviceComponent.set(s.path, id);
    const verbose = levels.some((l) => /debug|trace|verbose/.test(String(l.attrs?.level)));
    const fwNames = frameworks.map((f) => kb.frameworks[f]?.name ?? f);
    const loggerNames = uniqSorted(loggers.map((l) => l.name));
    idx.components.push({
      id,
      name: s.name,
      type: routes.length || frameworks.length ? 'service' : 'worker',
      technology: uniqSorted([...s.languages, ...fwNames, ...(by((e) => e.kind === 'container' && e.name === 'image' && own(e)).length ? ['docker'] : [])]),
      description: `${fwNames.length ? fwNames.join(', ') + ' ' : ''}${routes.length ? `service with ${routes.length} route(s), ${routes.filter((r) => r.attrs?.authenticated === true).length} naming an auth guard` : 'service'} in ${s.path === '.' ? 'the repository root' : s.path}.`,
      exposure: routes.length ? (exposedFor(s.path).length ? 'internet' : 'unknown') : 'internal',
      data_sources: uniqSorted([...loggerNames.map((n) => `application logs (${n})`), ...(access.length ? ['HTTP request logs'] : []), ...(consoleOnly ? ['console output'] : [])]),
      log_verbosity: loggers.length ? (verbose ? 'verbose' : 'standard') : consoleOnly ? 'minimal' : 'none',
      evidence: refsOf([...by((e) => e.kind === 'language' && own(e)), ...by((e) => e.kind === 'framework' && own(e)), ...routes.slice(0, 3), ...exposedFor(s.path).slice(0, 2)]),
    });
  }
  const firstRoute = by((e) => e.kind === 'route');
  if (firstRoute.length) {
    idx.clientsId = 'comp-internet-clients';
    idx.components.push({ id: idx.clientsId, name: 'Internet clients', type: 'external_service', technology: ['HTTP clients'], description: 'Browsers, mobile apps and API consumers calling the public routes.', exposure: 'internet', data_sources: [], log_verbosity: 'unknown', evidence: refsOf(firstRoute.slice(0, 2)) });
  }

  // terraform resources (databases may merge into a datastore found in code)
  const tf = by((e) => e.kind === 'terraform' && e.attrs?.block === 'resource');
  const tfDatabases = tf.filter((e) => TF_DATABASES.test(e.name));
  const codeStores = uniqSorted(by((e) => e.kind === 'datastore').map((e) => e.name).concat(by((e) => typeof e.attrs?.store === 'string').map((e) => String(e.attrs!.store))));
  const relational = codeStores.filter((s) => RELATIONAL.includes(s));
  const publicDb = by((e) => e.kind === 'terraform' && e.name === 'public_database');

  // datastores from code, manifests and compose images
  for (const name of codeStores) {
    const entry = kb.datastores[name];
    if (!entry) continue;
    const ev = by((e) => (e.kind === 'datastore' && e.name === name) || e.attrs?.store === name);
    const merged = relational.length === 1 && relational[0] === name ? tfDatabases : tf.filter((t) => TF_SAME[name]?.test(t.name));
    const id = `comp-${slug(name)}`;
    idx.storeComponent.set(name, id);
    for (const t of merged) idx.cloudComponent.set(`${t.name}.${t.attrs?.resource}`, id);
    const dbMerged = merged.filter((t) => TF_DATABASES.test(t.name));
    const exposure: Exposure = dbMerged.length && publicDb.length ? 'internet' : merged.length ? 'private' : 'internal';
    idx.components.push({
      id,
      name: entry.name,
      type: entry.type,
      technology: uniqSorted([entry.name, ...merged.map((t) => t.name)]),
      description: `${entry.name} reached over ${entry.protocol}${merged.length ? `; deployed as ${merged.map((t) => `${t.name}.${t.attrs?.resource}`).join(', ')}` : ''}.`,
      exposure,
      data_sources: entry.data_sources,
      log_verbosity: entry.data_sources.length ? 'minimal' : 'none',
      evidence: refsOf([...ev, ...merged, ...(dbMerged.length ? publicDb : [])]),
    });
  }
  for (const t of tf) {
    const key = `${t.name}.${t.attrs?.resource}`;
    const entry = kb.cloud_resources[t.name];
    if (!entry || idx.cloudComponent.has(key)) continue;
    const id = `comp-${slug(t.name.replace(/^(aws|google|azurerm)_/, ''))}-${slug(String(t.attrs?.resource ?? ''))}`;
    idx.cloudComponent.set(key, id);
    const risky = by((e) => e.kind === 'terraform' && e.attrs?.resource === t.attrs?.resource && (e.name === 'public_bucket' || e.name === 'public_database' || e.name === 'open_ingress'));
    idx.components.push({
      id,
      name: `${entry.name} ${t.attrs?.resource ?? ''}`.trim(),
      type: entry.type,
      technology: [t.name],
      description: `${entry.name} declared in Terraform (${t.name}.${t.attrs?.resource}).`,
      exposure: entry.exposure ?? (risky.length ? 'internet' : 'private'),
      data_sources: [],
      log_verbosity: 'unknown',
      evidence: refsOf([t, ...risky]),
    });
  }

  // external services
  for (const name of uniqSorted(by((e) => e.kind === 'integration').map((e) => e.name))) {
    const entry = kb.integrations[name];
    // the generic AWS SDK adds nothing when a specific AWS service is named: fold it in
    const specific = uniqSorted(by((e) => e.kind === 'integration' && e.name.startsWith('aws-')).map((e) => e.name))[0];
    if (name === 'aws' && specific) {
      idx.integrationComponent.set(name, `comp-ext-${slug(specific)}`);
      continue;
    }
    const ev = by((e) => e.kind === 'integration' && e.name === name);
    const id = `comp-ext-${slug(name.replace(/^api:/, ''))}`;
    idx.integrationComponent.set(name, id);
    idx.components.push({
      id,
      name: entry?.name ?? name.replace(/^api:/, ''),
      type: 'external_service',
      technology: [entry?.name ?? name.replace(/^api:/, '')],
      description: entry ? `${entry.name} (${entry.category}).` : `Third-party API at ${name.replace(/^api:/, '')}.`,
      exposure: 'internet',
      data_sources: [],
      log_verbosity: 'unknown',
      evidence: refsOf(ev),
    });
  }

  // CI/CD and the cluster
  const ci = by((e) => e.kind === 'ci' && e.name === 'pipeline');
  if (ci.length) {
    const systems = uniqSorted(ci.map((e) => String(e.attrs?.system ?? 'ci')));
    idx.ciId = `comp-ci-${slug(systems[0])}`;
    idx.components.push({ id: idx.ciId, name: systems.map((s) => (s === 'github_actions' ? 'GitHub Actions' : s)).join(', '), type: 'ci_cd', technology: systems, description: `CI/CD pipeline(s): ${ci.length} workflow file(s).`, exposure: 'internet', data_sources: ['workflow run logs', 'audit log'], log_verbosity: 'standard', evidence: refsOf(ci) });
  }
  const k8s = by((e) => e.kind === 'kubernetes' && typeof e.attrs?.kind === 'string');
  if (k8s.length || by((e) => e.kind === 'kubernetes' && e.name === 'helm_chart').length) {
    idx.clusterId = 'comp-kubernetes';
    idx.components.push({ id: idx.clusterId, name: 'Kubernetes cluster', type: 'container_platform', technology: uniqSorted(['kubernetes', ...(by((e) => e.name === 'helm_chart').length ? ['helm'] : [])]), description: `Workloads declared in ${uniqSorted(k8s.map((e) => e.at.file)).length} manifest file(s): ${uniqSorted(k8s.map((e) => String(e.attrs?.kind))).join(', ')}.`, exposure: exposed.some((e) => e.kind === 'kubernetes') ? 'internet' : 'internal', data_sources: ['Kubernetes audit log', 'container stdout/stderr'], log_verbosity: 'unknown', evidence: refsOf([...k8s, ...by((e) => e.name === 'helm_chart')]) });
  }
  idx.components.sort(byId);
  return idx;
}
