/**
 * tm's own rule-metadata YAML, for teams whose rules live in a SIEM or a format tm does not read:
 *
 * ```yaml
 * tm_rules: 1
 * rules:
 *   - id: SOC-0001
 *     title: Encoded PowerShell
 *     techniques: [T1059.001]
 *     tactics: [execution]
 *     status: stable        # deprecated = covers nothing
 *     enabled: true
 *     level: high
 *     log_source: {product: windows, category: process_creation}
 * ```
 */
import type { RuleParser } from '../parser.js';
import type { DetectionDraft } from '../draft.js';
import { bool, isObj, lineOf, str, strList, tacticName, techniqueId, uniq } from '../draft.js';

export const tm: RuleParser = {
  format: 'tm',
  kind: 'yaml',
  detect: (doc) => 'tm_rules' in doc,
  parse(doc, ctx) {
    if (!Array.isArray(doc.rules)) {
      ctx.problem('`rules` should be a list of rules', lineOf(ctx, 'rules'));
      return [];
    }
    const out: DetectionDraft[] = [];
    doc.rules.forEach((r, i) => {
      if (!isObj(r)) {
        ctx.problem(`rules[${i}] should be a mapping`);
        return;
      }
      const id = str(r.id) ?? '';
      const line = id ? lineOf(ctx, id) : undefined;
      const techniques: string[] = [];
      for (const raw of strList(r.techniques, 'techniques', ctx)) {
        const t = techniqueId(raw);
        if (t) techniques.push(t);
        else ctx.problem(`rules[${i}].techniques entry ${JSON.stringify(raw)} is not a technique ID`, line);
      }
      const status = str(r.status)?.toLowerCase();
      const ls = isObj(r.log_source) ? r.log_source : {};
      out.push({
        id,
        title: str(r.title) ?? id,
        line,
        format: 'tm',
        status,
        level: str(r.level)?.toLowerCase(),
        enabled: bool(r.enabled, true),
        deprecated: status === 'deprecated',
        techniques: uniq(techniques),
        tactics: uniq(strList(r.tactics, 'tactics', ctx).map(tacticName)),
        otherAttackRefs: [],
        logSource: { product: str(ls.product)?.toLowerCase(), service: str(ls.service)?.toLowerCase(), category: str(ls.category)?.toLowerCase() },
      });
    });
    return out;
  },
};
