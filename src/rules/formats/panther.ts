/** Panther analysis YAML: ATT&CK in `Reports: {MITRE ATT&CK: ["TA0006:T1110"]}`. */
import type { RuleParser } from '../parser.js';
import { bool, isObj, lineOf, str, strList, techniqueId, uniq } from '../draft.js';

/** Analysis types that detect something; the others (data models, globals, packs, …) are not rules. */
const DETECTING = new Set(['rule', 'scheduled_rule', 'policy', 'correlation_rule', 'signal']);
const ENTRY = /^\s*(TA\d{4})\s*(?::\s*(T\d{4}(?:[./]\d{3})?))?\s*$/i;

export const panther: RuleParser = {
  format: 'panther',
  kind: 'yaml',
  detect: (doc) => 'AnalysisType' in doc,
  parse(doc, ctx) {
    const type = str(doc.AnalysisType)?.toLowerCase() ?? '';
    if (!DETECTING.has(type)) return [];
    const techniques: string[] = [];
    const tactics: string[] = [];
    const reports = isObj(doc.Reports) ? doc.Reports : {};
    const key = Object.keys(reports).find((k) => k.trim().toLowerCase() === 'mitre att&ck');
    for (const raw of key ? strList(reports[key], 'MITRE ATT&CK', ctx) : []) {
      const m = ENTRY.exec(raw);
      if (!m) {
        ctx.problem(`malformed MITRE ATT&CK entry ${JSON.stringify(raw)}: expected "TA0006:T1110"`, lineOf(ctx, raw));
        continue;
      }
      tactics.push(m[1].toUpperCase());
      if (m[2]) techniques.push(techniqueId(m[2])!);
    }
    const logTypes = strList(doc.LogTypes, 'LogTypes', ctx);
    const enabled = bool(doc.Enabled, true);
    return [
      {
        id: str(doc.RuleID) ?? str(doc.PolicyID) ?? '',
        title: str(doc.DisplayName) ?? str(doc.RuleID) ?? '',
        format: 'panther',
        status: enabled ? 'enabled' : 'disabled',
        level: str(doc.Severity)?.toLowerCase(),
        enabled,
        deprecated: false,
        techniques: uniq(techniques),
        tactics: uniq(tactics),
        otherAttackRefs: [],
        logSource: { product: logTypes[0]?.split('.')[0].toLowerCase(), service: logTypes[0] },
      },
    ];
  },
};
