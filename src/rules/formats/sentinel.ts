/**
 * Microsoft Sentinel analytic rule YAML (Azure-Sentinel repository `Detections/`, `Solutions/<name>/Analytic Rules/`):
 * `tactics: [CredentialAccess]`, `relevantTechniques: [T1110]`.
 */
import type { RuleParser } from '../parser.js';
import { bool, isObj, str, strList, tacticName, techniqueId, uniq } from '../draft.js';

export const sentinel: RuleParser = {
  format: 'sentinel',
  kind: 'yaml',
  detect: (doc) => 'relevantTechniques' in doc || ('query' in doc && ('queryFrequency' in doc || 'requiredDataConnectors' in doc)),
  parse(doc, ctx) {
    const techniques: string[] = [];
    for (const raw of strList(doc.relevantTechniques, 'relevantTechniques', ctx)) {
      const t = techniqueId(raw);
      if (t) techniques.push(t);
      else ctx.problem(`relevantTechniques entry ${JSON.stringify(raw)} is not a technique ID`);
    }
    const tactics = strList(doc.tactics, 'tactics', ctx).map(tacticName);
    const name = str(doc.name) ?? '';
    const status = str(doc.status)?.toLowerCase();
    const conn = Array.isArray(doc.requiredDataConnectors) ? doc.requiredDataConnectors.find(isObj) : undefined;
    const types = conn ? strList(conn.dataTypes, 'dataTypes', ctx) : [];
    return [
      {
        id: str(doc.id) ?? '',
        title: name,
        format: 'sentinel',
        status,
        level: str(doc.severity)?.toLowerCase(),
        enabled: bool(doc.enabled, true),
        deprecated: status === 'deprecated' || /^\s*\[deprecated\]/i.test(name),
        techniques: uniq(techniques),
        tactics: uniq(tactics),
        otherAttackRefs: [],
        logSource: { product: conn ? str(conn.connectorId)?.toLowerCase() : undefined, service: types[0] },
      },
    ];
  },
};
