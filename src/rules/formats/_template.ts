/**
 * TEMPLATE for a new rule format: copy to `formats/<name>.ts`, rename, fill in, register in
 * `formats/index.ts`, add `<name>` to `RuleFormat` in `../types.ts` and to the `format` enum
 * in schemas/coverage.schema.json. Not registered itself.
 */
import type { RuleParser } from '../parser.js';
import { isObj, str, strList, tacticName, techniqueId, uniq } from '../draft.js';

export const template: RuleParser = {
  // @ts-expect-error -- a new format adds its own name to RuleFormat
  format: 'template',
  kind: 'yaml',
  // cheap key checks that no other format's documents pass (it runs on every document)
  detect: (doc) => 'my_format_marker' in doc,
  parse(doc, ctx) {
    const techniques: string[] = [];
    for (const raw of strList(doc.techniques, 'techniques', ctx)) {
      const t = techniqueId(raw);
      if (t) techniques.push(t);
      else ctx.problem(`techniques entry ${JSON.stringify(raw)} is not a technique ID`);
    }
    const status = str(doc.status)?.toLowerCase();
    const ls = isObj(doc.log_source) ? doc.log_source : {};
    return [
      {
        id: str(doc.id) ?? '',
        title: str(doc.title) ?? '',
        format: 'template' as never,
        status,
        level: str(doc.severity)?.toLowerCase(),
        enabled: doc.enabled !== false,
        deprecated: status === 'deprecated',
        techniques: uniq(techniques),
        tactics: uniq(strList(doc.tactics, 'tactics', ctx).map(tacticName)),
        otherAttackRefs: [],
        logSource: { product: str(ls.product), service: str(ls.service), category: str(ls.category) },
      },
    ];
  },
};
