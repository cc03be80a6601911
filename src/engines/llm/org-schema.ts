import { readFileSync } from 'node:fs';
import { packagePath } from '../../util/paths.js';

type Json = Record<string, unknown>;

/** Register fields the carry-forward step sets (IDs, risk, status, dates, history); never asked of the model. */
const SET_BY_REGISTER = ['id', 'risk', 'risk_level', 'status', 'first_seen', 'last_seen', 'history', 'owner', 'notes'];

let cached: Json | undefined;

/**
 * The document the org job's stages fill in: the parts of the offline org engine's draft
 * (`OrgDraft`) that the model may write, cut from schemas/threat-register.schema.json so a
 * model's threat is held to exactly the rules a register threat is:
 *
 * - `threats`: register threats without what `src/register/` assigns after the engine
 *   (ID, risk, status, dates, history), i.e. the `DraftThreat` shape;
 * - `recommendations`: immediate / short_term / long_term, each `{text, threats: [key]}`;
 * - `controls`: current controls, each with one piece of evidence.
 */
export function orgJobSchema(): Json {
  if (cached) return cached;
  const reg = JSON.parse(readFileSync(packagePath('schemas', 'threat-register.schema.json'), 'utf8')) as Json;
  const defs = reg.$defs as Record<string, Json>;
  const threat = defs.threat as { properties: Json; required: string[] };
  const draftProps = Object.fromEntries(Object.entries(threat.properties).filter(([k]) => !SET_BY_REGISTER.includes(k)));
  const draftThreat = {
    type: 'object',
    additionalProperties: false,
    required: threat.required.filter((k) => !SET_BY_REGISTER.includes(k)),
    properties: {
      ...draftProps,
      key: { type: 'string', pattern: '^[a-z0-9][a-z0-9:-]*$', description: 'content key: lower-case slug, e.g. ransomware or data-theft:payments-db; reuse a baseline/previous key for the same threat' },
      title: { type: 'string', minLength: 1 },
      description: { type: 'string', minLength: 1 },
      evidence: { type: 'array', minItems: 1, items: { $ref: '#/$defs/evidence' } },
    },
  };
  const rec = {
    type: 'object',
    additionalProperties: false,
    required: ['text', 'threats'],
    properties: { text: { type: 'string', minLength: 1 }, threats: { type: 'array', items: { type: 'string' }, description: 'keys of the threats it treats' } },
  };
  const recList = { type: 'array', items: { $ref: '#/$defs/recommendation' } };
  cached = {
    $id: 'tm-org-draft',
    type: 'object',
    properties: {
      threats: { type: 'array', minItems: 1, items: { $ref: '#/$defs/draft_threat' } },
      recommendations: {
        type: 'object',
        additionalProperties: false,
        required: ['immediate', 'short_term', 'long_term'],
        properties: { immediate: recList, short_term: recList, long_term: recList },
      },
      controls: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['name', 'evidence'], properties: { name: { type: 'string', minLength: 1 }, evidence: { $ref: '#/$defs/evidence' } } },
      },
    },
    $defs: { score: defs.score, evidence: defs.evidence, draft_threat: draftThreat, recommendation: rec },
  };
  return cached;
}
