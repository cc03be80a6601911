import type { AppGatherResult, ArchitectureComponent, DataFlow, RepoEvidence, TrustBoundary } from '../../model/app/types.js';
import type { ComponentIndex } from './components.js';
import type { ModelKB } from './kb.js';
import { byId, refsOf, sortRefs, uniqSorted } from './facts.js';

/** Data flows between the components: clients → services → datastores and integrations, webhooks in, CI → deploy targets. */
export function buildFlows(g: AppGatherResult, kb: ModelKB, idx: ComponentIndex): DataFlow[] {
  const flows = new Map<string, DataFlow>();
  const comp = new Map(idx.components.map((c) => [c.id, c]));
  const add = (src: string, dst: string, f: Omit<DataFlow, 'id' | 'source' | 'destination' | 'crosses' | 'visibility' | 'detection_points'>) => {
    if (src === dst || !comp.has(src) || !comp.has(dst)) return;
    const id = `flow-${src.replace(/^comp-/, '')}-to-${dst.replace(/^comp-/, '')}`;
    const prev = flows.get(id);
    if (prev) {
      prev.evidence = sortRefs([...prev.evidence, ...f.evidence]).slice(0, 8);
      prev.data = uniqSorted([...prev.data, ...f.data]);
      return;
    }
    flows.set(id, { id, source: src, destination: dst, crosses: [], visibility: '', detection_points: [], ...f });
  };
  const svcOf = (e: RepoEvidence) => idx.serviceComponent.get(e.service) ?? idx.serviceComponent.get('.');

  // inbound requests
  for (const [path, svc] of idx.serviceComponent) {
    const routes = g.evidence.filter((e) => e.kind === 'route' && e.service === path);
    if (!routes.length || !idx.clientsId) continue;
    const authed = routes.filter((r) => r.attrs?.authenticated === true).length;
    add(idx.clientsId, svc, {
      protocol: routes.some((r) => r.name === 'grpc') ? 'gRPC over HTTP/2' : 'HTTPS (HTTP at the service)',
      data: ['API requests and responses', ...(g.evidence.some((e) => e.kind === 'auth') ? ['credentials and tokens'] : [])],
      authenticated: authed === routes.length ? true : authed === 0 ? false : 'unknown',
      encrypted: 'unknown',
      evidence: refsOf(routes),
    });
  }
  // service → datastore
  for (const e of g.evidence.filter((x) => x.kind === 'datastore')) {
    const dst = idx.storeComponent.get(e.name);
    const src = svcOf(e);
    if (!dst || !src) continue;
    const entry = kb.datastores[e.name];
    add(src, dst, { protocol: entry?.protocol ?? e.name, data: entry?.data ?? [], authenticated: true, encrypted: /rediss|sslmode=require|ssl/.test(e.detail ?? '') ? true : 'unknown', evidence: refsOf([e]) });
  }
  // service → external integrations (and S3 buckets declared in Terraform)
  for (const e of g.evidence.filter((x) => x.kind === 'integration')) {
    const dst = idx.integrationComponent.get(e.name);
    const src = svcOf(e);
    if (!dst || !src) continue;
    add(src, dst, { protocol: 'HTTPS', data: kb.integrations[e.name]?.data ?? ['API calls'], authenticated: true, encrypted: true, evidence: refsOf([e]) });
    if (e.name === 'aws-s3')
      for (const [key, bucket] of idx.cloudComponent) if (key.startsWith('aws_s3_bucket.')) add(src, bucket, { protocol: 'HTTPS (S3 API)', data: ['stored objects'], authenticated: true, encrypted: true, evidence: refsOf([e]) });
  }
  for (const e of g.evidence.filter((x) => x.kind === 'datastore' && x.name === 'sqs')) {
    const src = svcOf(e);
    for (const [key, q] of idx.cloudComponent) if (key.startsWith('aws_sqs_queue.') && src) add(src, q, { protocol: 'HTTPS (SQS API)', data: ['messages'], authenticated: true, encrypted: true, evidence: refsOf([e]) });
  }
  // webhooks in: a route whose path names an integration
  for (const r of g.evidence.filter((x) => x.kind === 'route' && /webhook|callback|hook/i.test(`${x.at.file} ${x.detail}`))) {
    const svc = svcOf(r);
    for (const [name, ext] of idx.integrationComponent) {
      const label = name.replace(/^api:/, '').split('.')[0];
      if (svc && new RegExp(label, 'i').test(`${r.at.file} ${r.detail}`)) add(ext, svc, { protocol: 'HTTPS webhook', data: ['event notifications'], authenticated: g.evidence.some((e) => e.kind === 'auth' && e.name === 'webhook_signature') ? true : 'unknown', encrypted: true, evidence: refsOf([r]) });
    }
  }
  // CI → where it deploys
  if (idx.ciId) {
    for (const d of g.evidence.filter((e) => e.kind === 'ci' && e.name === 'deploy')) {
      const target = /kubectl|helm/.test(d.detail ?? '') ? idx.clusterId : /terraform|aws|serverless/.test(d.detail ?? '') ? cloudTarget(idx) : undefined;
      const secrets = g.evidence.filter((e) => e.kind === 'ci' && e.name === 'secret_use' && e.at.file === d.at.file);
      if (target) add(idx.ciId, target, { protocol: 'deploy API (HTTPS)', data: ['release artefacts', 'deploy credentials'], authenticated: secrets.length ? true : 'unknown', encrypted: true, evidence: refsOf([d, ...secrets]) });
    }
  }
  return [...flows.values()].sort(byId);
}

/** Trust zones the components fall in; a flow between zones crosses the destination's boundary. */
export function buildBoundaries(components: ArchitectureComponent[], flows: DataFlow[]): TrustBoundary[] {
  const zone = (c: ArchitectureComponent): string =>
    c.type === 'external_service' || c.type === 'identity_provider' ? (c.id === 'comp-internet-clients' ? 'tb-internet' : 'tb-third-party') : c.type === 'ci_cd' ? 'tb-ci-cd' : ['datastore', 'cache', 'queue', 'object_storage'].includes(c.type) ? 'tb-data' : c.type === 'cloud_resource' || c.type === 'network' ? 'tb-cloud-account' : 'tb-application';
  const META: Record<string, [string, string]> = {
    'tb-internet': ['Internet', 'Untrusted callers of the public routes.'],
    'tb-application': ['Application runtime', 'The services and the platform they run on; holds the credentials to everything behind it.'],
    'tb-data': ['Data tier', 'Databases, caches, queues and object storage; reachable only with service credentials unless exposed.'],
    'tb-third-party': ['Third-party services', 'SaaS and APIs outside the organisation, reached with API keys.'],
    'tb-ci-cd': ['CI/CD', 'Build and deploy pipelines holding deploy credentials.'],
    'tb-cloud-account': ['Cloud account', 'Cloud resources governed by IAM and network rules.'],
  };
  const members = new Map<string, ArchitectureComponent[]>();
  for (const c of components) members.set(zone(c), [...(members.get(zone(c)) ?? []), c]);
  const zoneOf = new Map(components.map((c) => [c.id, zone(c)]));
  for (const f of flows) {
    const a = zoneOf.get(f.source);
    const b = zoneOf.get(f.destination);
    f.crosses = a && b && a !== b ? [b] : [];
  }
  return [...members.entries()]
    .map(([id, cs]) => ({ id, name: META[id][0], description: META[id][1], components: cs.map((c) => c.id).sort(), evidence: sortRefs(cs.flatMap((c) => c.evidence.slice(0, 1))).slice(0, 8) }))
    .sort(byId);
}

/** Where an infrastructure deploy lands: the container platform, else a compute resource, else any cloud component. */
function cloudTarget(idx: ComponentIndex): string | undefined {
  const ids = [...new Set(idx.cloudComponent.values())].sort();
  const pick = (type: string) => idx.components.find((c) => ids.includes(c.id) && c.type === type)?.id;
  return pick('container_platform') ?? pick('cloud_resource') ?? ids[0];
}
