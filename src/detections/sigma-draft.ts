/**
 * Renders `DraftSpec`s as Sigma rules (status experimental) and writes them to a folder. The one
 * generator behind `tm model app --drafts` and `tm coverage --drafts`, so both produce rules tm's
 * own Sigma parser reads and `tm coverage` counts.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import YAML from 'yaml';
import { writeFileAtomicSync } from '../util/fs.js';
import type { DraftSpec } from './types.js';

/** A stable UUID (version-5 layout) from the draft's slug, so re-running writes the same id. */
export function draftId(slug: string): string {
  const h = createHash('sha256').update(`tm-draft:${slug}`).digest('hex');
  const v = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** File name for a draft: its slug, made safe for any file system. */
export function draftFileName(spec: Pick<DraftSpec, 'slug'>): string {
  const safe = spec.slug.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return `${safe || 'draft'}.yml`;
}

/** Sigma tags: the technique and each of its tactics (`attack.t1110.001`, `attack.credential-access`). */
function tags(spec: DraftSpec): string[] {
  return [...spec.technique.tactics.map((t) => `attack.${t}`), `attack.${spec.technique.id.toLowerCase()}`];
}

/** The rule as YAML text. A prerequisite (a log line to add first) goes in the description and as a comment. */
export function renderSigmaDraft(spec: DraftSpec): string {
  const description = spec.prerequisite ? `${spec.description} Prerequisite: ${spec.prerequisite}` : spec.description;
  const rule: Record<string, unknown> = {
    title: spec.title,
    id: draftId(spec.slug),
    status: 'experimental',
    description,
    ...(spec.references?.length ? { references: spec.references } : {}),
    author: 'tm (draft: review before use)',
    tags: tags(spec),
    logsource: spec.logsource,
    detection: spec.detection,
    ...(spec.fields?.length ? { fields: spec.fields } : {}),
    falsepositives: spec.falsepositives.length ? spec.falsepositives : ['Unknown'],
    level: spec.level,
  };
  const head = [`# Draft written by tm for ${spec.technique.id} ${spec.technique.name}. Tune it before you deploy it.`];
  if (spec.prerequisite) head.push(`# First: ${spec.prerequisite}`);
  return `${head.join('\n')}\n${YAML.stringify(rule, { lineWidth: 0 })}`;
}

/**
 * Write each draft atomically as `<dir>/<slug>.yml`; returns the file names in order. Two specs
 * with the same slug are a bug in the caller, so the second is refused rather than overwritten.
 */
export function writeDrafts(dir: string, specs: readonly DraftSpec[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of [...specs].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))) {
    const name = draftFileName(s);
    if (seen.has(name)) throw new Error(`two drafts share the file name ${name}`);
    seen.add(name);
    writeFileAtomicSync(join(dir, name), renderSigmaDraft(s));
    out.push(name);
  }
  return out;
}
