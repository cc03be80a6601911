import YAML from 'yaml';
import type { Register, Threat } from './types.js';

const THREAT_ORDER: (keyof Threat)[] = [
  'id', 'title', 'category', 'status', 'likelihood', 'impact', 'risk', 'risk_level', 'mitigation_status',
  'techniques', 'actors', 'assets', 'detections', 'description', 'owner', 'notes', 'key', 'first_seen', 'last_seen', 'history', 'evidence',
];

/** The register as YAML, keys in a reading order (id and scores first), byte-stable. */
export function registerToYaml(r: Register): string {
  const threats = r.threats.map((t) => Object.fromEntries(THREAT_ORDER.filter((k) => t[k] !== undefined).map((k) => [k, t[k]])));
  const doc: Record<string, unknown> = { schema_version: r.schema_version, organisation: r.organisation, as_of: r.as_of, threats };
  if (r.metadata) doc.metadata = r.metadata;
  return YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parse register YAML; `line` tells where a syntax error is. Shape is checked by the caller (ajv). */
export function parseRegisterYaml(text: string): { data?: unknown; error?: { line?: number; message: string } } {
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? text.slice(0, e.pos[0]).split('\n').length;
    return { error: { line, message: e.message.split('\n')[0] } };
  }
  return { data: doc.toJS() };
}
