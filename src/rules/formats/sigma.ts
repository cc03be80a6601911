/**
 * Sigma (https://github.com/SigmaHQ/sigma-specification): ATT&CK in `tags`
 * (`attack.t1059.001`, `attack.execution`, `attack.g0016`), case-insensitive.
 */
import type { RuleParser } from '../parser.js';
import { isObj, str, strList, tacticName, techniqueId, uniq } from '../draft.js';

export const sigma: RuleParser = {
  format: 'sigma',
  kind: 'yaml',
  detect: (doc) => 'detection' in doc || ('logsource' in doc && 'title' in doc),
  parse(doc, ctx) {
    const techniques: string[] = [];
    const tactics: string[] = [];
    const other: string[] = [];
    for (const raw of strList(doc.tags, 'tags', ctx)) {
      const tag = raw.trim().toLowerCase();
      if (!tag.startsWith('attack.')) continue;
      const v = tag.slice(7);
      const t = techniqueId(v);
      if (t) techniques.push(t);
      else if (/^(g|s|c|m|ds|dc|det|an)\d{4}$/.test(v)) other.push(v.toUpperCase());
      else if (v) tactics.push(tacticName(v));
    }
    const status = str(doc.status)?.toLowerCase();
    const ls = isObj(doc.logsource) ? doc.logsource : {};
    return [
      {
        id: str(doc.id) ?? '',
        title: str(doc.title) ?? '',
        format: 'sigma',
        status,
        level: str(doc.level)?.toLowerCase(),
        enabled: true,
        deprecated: status === 'deprecated',
        techniques: uniq(techniques),
        tactics: uniq(tactics),
        otherAttackRefs: uniq(other),
        logSource: { product: str(ls.product)?.toLowerCase(), service: str(ls.service)?.toLowerCase(), category: str(ls.category)?.toLowerCase() },
      },
    ];
  },
};
