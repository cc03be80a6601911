import type { AttackObject, AttackObjectType, CompactIndex } from './types.js';
import { byString } from '../util/json.js';

/** A STIX object as found in a bundle; only the fields we read are typed. */
interface StixObject {
  type: string;
  id: string;
  name?: string;
  description?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_domains?: string[];
  x_mitre_platforms?: string[];
  x_mitre_is_subtechnique?: boolean;
  x_mitre_shortname?: string;
  x_mitre_version?: string;
  x_mitre_analytic_refs?: string[];
  x_mitre_log_source_references?: { x_mitre_data_component_ref: string; name: string; channel?: string }[];
  x_mitre_data_source_ref?: string;
  aliases?: string[];
  x_mitre_aliases?: string[];
  tactic_refs?: string[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  external_references?: { source_name: string; external_id?: string; url?: string }[];
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  spec_version?: string;
}

export const INDEX_FORMAT = 3;

const TYPE_OF: Record<string, AttackObjectType> = {
  'attack-pattern': 'technique',
  'x-mitre-tactic': 'tactic',
  'intrusion-set': 'group',
  malware: 'software',
  tool: 'software',
  'course-of-action': 'mitigation',
  campaign: 'campaign',
  'x-mitre-detection-strategy': 'detection-strategy',
  'x-mitre-analytic': 'analytic',
  'x-mitre-data-component': 'data-component',
  'x-mitre-data-source': 'data-source',
};

/** First paragraph of an ATT&CK description, without citations, markdown links or HTML tags. */
export function summarize(desc: string | undefined): string {
  if (!desc) return '';
  const para = desc.split(/\n\s*\n/)[0] ?? '';
  return para
    .replace(/\(Citation:[^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 600);
}

function attackRef(o: StixObject) {
  return o.external_references?.find((r) => r.source_name === 'mitre-attack' && r.external_id);
}

export interface BuildResult {
  index: CompactIndex;
  /** from the x-mitre-collection object when the bundle has one (STIX 2.1 releases) */
  collectionVersion?: string;
}

/**
 * Turn the objects of an Enterprise STIX bundle into the compact index.
 * Throws a plain Error with a user-facing message when the bundle is not Enterprise ATT&CK.
 */
export function buildIndex(objects: StixObject[], meta: { sha256: string; version?: string; specVersion: string }): BuildResult {
  const byStix = new Map<string, StixObject>();
  const idOf = new Map<string, string>();
  const out: Record<string, AttackObject> = {};
  let collectionVersion: string | undefined;
  let matrix: StixObject | undefined;
  const domains = new Map<string, number>();

  for (const o of objects) {
    if (!o || typeof o !== 'object' || typeof o.type !== 'string' || typeof o.id !== 'string') continue;
    byStix.set(o.id, o);
    if (o.type === 'x-mitre-collection') collectionVersion = o.x_mitre_version;
    for (const d of o.x_mitre_domains ?? []) domains.set(d, (domains.get(d) ?? 0) + 1);
  }
  const enterprise = domains.get('enterprise-attack') ?? 0;
  const other = [...domains.entries()].filter(([d]) => d !== 'enterprise-attack').sort((a, b) => b[1] - a[1]);
  if (enterprise === 0) {
    if (other.length) throw new Error(`this is a ${other[0][0]} bundle, not Enterprise ATT&CK`);
    throw new Error('no Enterprise ATT&CK objects found in this STIX bundle');
  }

  for (const o of byStix.values()) {
    const type = TYPE_OF[o.type];
    if (type) {
      const ref = attackRef(o);
      if (!ref?.external_id) continue;
      if (o.x_mitre_domains && !o.x_mitre_domains.includes('enterprise-attack')) continue;
      const id = ref.external_id.toUpperCase();
      const obj: AttackObject = {
        id,
        type: type === 'technique' && o.x_mitre_is_subtechnique ? 'subtechnique' : type,
        name: o.name ?? id,
        summary: summarize(o.description),
        url: ref.url,
        stixId: o.id,
        revoked: o.revoked === true,
        deprecated: o.x_mitre_deprecated === true,
      };
      if (o.type === 'malware' || o.type === 'tool') obj.softwareType = o.type;
      if (type === 'technique') {
        obj.tactics = (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => k.phase_name);
        obj.platforms = [...(o.x_mitre_platforms ?? [])];
        if (obj.type === 'subtechnique') obj.parent = id.split('.')[0];
      }
      if (type === 'tactic') obj.shortname = o.x_mitre_shortname;
      if (type === 'analytic') obj.platforms = [...(o.x_mitre_platforms ?? [])];
      const aliases = (o.aliases ?? o.x_mitre_aliases ?? []).filter((a) => a !== o.name);
      if (aliases.length) obj.aliases = aliases;
      // Two objects can carry one ATT&CK ID: old mitigations reused technique IDs (T1066), and a
      // revoked object can share its ID with a live namesake. Keep the one whose type fits the
      // ID's prefix, then the live one.
      const prev = out[id];
      if (prev) {
        if (rank(prev) <= rank(obj)) continue;
        idOf.delete(prev.stixId);
      }
      out[id] = obj;
      idOf.set(o.id, id);
    } else if (o.type === 'x-mitre-matrix') {
      if (attackRef(o)?.external_id === 'enterprise-attack' || !matrix) matrix = o;
    }
  }

  // Second pass: references that need every ID known.
  for (const o of byStix.values()) {
    const id = idOf.get(o.id);
    if (!id) continue;
    const obj = out[id];
    if (o.type === 'x-mitre-detection-strategy') {
      obj.analytics = (o.x_mitre_analytic_refs ?? []).map((r) => idOf.get(r)).filter((x): x is string => !!x);
    } else if (o.type === 'x-mitre-analytic') {
      const refs = o.x_mitre_log_source_references ?? [];
      obj.logSources = refs
        .map((r) => ({ dataComponent: idOf.get(r.x_mitre_data_component_ref) ?? '', name: r.name, channel: r.channel }))
        .filter((r) => r.dataComponent);
      obj.dataComponents = uniqSorted(obj.logSources.map((r) => r.dataComponent));
    } else if (o.type === 'x-mitre-data-component' && o.x_mitre_data_source_ref) {
      const ds = byStix.get(o.x_mitre_data_source_ref);
      if (ds?.name) obj.dataSource = ds.name;
    }
  }

  const rel = {
    detectedBy: {} as Record<string, string[]>,
    mitigatedBy: {} as Record<string, string[]>,
    usedByGroups: {} as Record<string, string[]>,
    usedBySoftware: {} as Record<string, string[]>,
    usedByCampaigns: {} as Record<string, string[]>,
    uses: {} as Record<string, string[]>,
    usesSoftware: {} as Record<string, string[]>,
  };
  const push = (m: Record<string, string[]>, k: string, v: string) => (m[k] ??= []).push(v);
  const subs: Record<string, string[]> = {};

  for (const o of byStix.values()) {
    if (o.type !== 'relationship' || o.revoked || o.x_mitre_deprecated) continue;
    const s = idOf.get(o.source_ref ?? '');
    const t = idOf.get(o.target_ref ?? '');
    if (!s || !t) continue;
    const src = out[s];
    const tgt = out[t];
    switch (o.relationship_type) {
      case 'revoked-by':
        src.revokedBy = t;
        break;
      case 'subtechnique-of':
        src.parent = t;
        push(subs, t, s);
        break;
      case 'detects':
        if (src.type === 'detection-strategy') push(rel.detectedBy, t, s);
        break;
      case 'mitigates':
        if (src.type === 'mitigation') push(rel.mitigatedBy, t, s);
        break;
      case 'uses':
        if (tgt.type === 'technique' || tgt.type === 'subtechnique') {
          if (src.type === 'group') push(rel.usedByGroups, t, s);
          else if (src.type === 'software') push(rel.usedBySoftware, t, s);
          else if (src.type === 'campaign') push(rel.usedByCampaigns, t, s);
          push(rel.uses, s, t);
        } else if (tgt.type === 'software') push(rel.usesSoftware, s, t);
        break;
    }
  }
  for (const [parent, children] of Object.entries(subs)) if (out[parent]) out[parent].subtechniques = uniqSorted(children);
  for (const m of Object.values(rel)) for (const k of Object.keys(m)) m[k] = uniqSorted(m[k]);

  const tacticOrder = (matrix?.tactic_refs ?? []).map((r) => idOf.get(r)).filter((x): x is string => !!x);
  if (!tacticOrder.length) {
    tacticOrder.push(...Object.values(out).filter((o) => o.type === 'tactic').map((o) => o.id).sort(byString));
  }
  // Order each technique's tactics as the matrix orders them.
  const tacticRank = new Map(tacticOrder.map((t, i) => [out[t]?.shortname ?? t, i]));
  for (const o of Object.values(out)) if (o.tactics) o.tactics.sort((a, b) => (tacticRank.get(a) ?? 99) - (tacticRank.get(b) ?? 99));

  const sortedObjects: Record<string, AttackObject> = {};
  for (const k of Object.keys(out).sort(byString)) sortedObjects[k] = out[k];

  return {
    collectionVersion,
    index: {
      format: INDEX_FORMAT,
      version: meta.version ?? collectionVersion ?? 'unknown',
      domain: 'enterprise-attack',
      specVersion: meta.specVersion,
      sha256: meta.sha256,
      tacticOrder,
      objects: sortedObjects,
      ...rel,
    },
  };
}

const PREFIX_TYPE: [RegExp, AttackObjectType[]][] = [
  [/^TA\d/, ['tactic']],
  [/^T\d/, ['technique', 'subtechnique']],
  [/^G\d/, ['group']],
  [/^S\d/, ['software']],
  [/^M\d/, ['mitigation']],
  [/^C\d/, ['campaign']],
  [/^DET\d/, ['detection-strategy']],
  [/^AN\d/, ['analytic']],
  [/^DC\d/, ['data-component']],
  [/^DS\d/, ['data-source']],
];

/** Lower is better: the type the ID's prefix names, then live over revoked/deprecated. */
function rank(o: AttackObject): number {
  const fits = PREFIX_TYPE.find(([re]) => re.test(o.id))?.[1].includes(o.type) ?? false;
  return (fits ? 0 : 2) + (o.revoked || o.deprecated ? 1 : 0);
}

function uniqSorted(a: string[]): string[] {
  return [...new Set(a)].sort(byString);
}
