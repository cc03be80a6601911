/** Splunk security_content detections: ATT&CK in `tags.mitre_attack_id`. */
import type { RuleParser } from '../parser.js';
import { isObj, str, strList, techniqueId, uniq } from '../draft.js';

export const splunk: RuleParser = {
  format: 'splunk',
  kind: 'yaml',
  detect: (doc) => 'search' in doc && 'name' in doc && ('tags' in doc || 'data_source' in doc),
  parse(doc, ctx) {
    const tags = isObj(doc.tags) ? doc.tags : {};
    const techniques: string[] = [];
    for (const raw of strList(tags.mitre_attack_id, 'mitre_attack_id', ctx)) {
      const t = techniqueId(raw);
      if (t) techniques.push(t);
      else ctx.problem(`mitre_attack_id entry ${JSON.stringify(raw)} is not a technique ID (T1234 or T1234.001)`);
    }
    const status = str(doc.status)?.toLowerCase();
    const sources = strList(doc.data_source, 'data_source', ctx);
    return [
      {
        id: str(doc.id) ?? '',
        title: str(doc.name) ?? '',
        format: 'splunk',
        status,
        level: undefined, // security_content has no severity field; `type` (TTP, Anomaly, Hunting) is not one
        enabled: true,
        deprecated: status === 'deprecated',
        techniques: uniq(techniques),
        tactics: [],
        otherAttackRefs: [],
        logSource: { product: str(tags.security_domain)?.toLowerCase(), service: sources[0] },
      },
    ];
  },
};
