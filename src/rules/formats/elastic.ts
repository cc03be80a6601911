/**
 * Elastic detection-rules TOML: `[[rule.threat]]` tables with `framework = "MITRE ATT&CK"`, a
 * `tactic` table, `technique` tables and `technique.subtechnique` tables.
 * A technique table that lists sub-techniques is their container: the rule names the
 * sub-techniques (the parent is then covered via them, not directly).
 */
import type { RuleParser } from '../parser.js';
import { bool, isObj, str, strList, tacticName, techniqueId, uniq } from '../draft.js';

export const elastic: RuleParser = {
  format: 'elastic',
  kind: 'toml',
  detect: (doc) => isObj(doc.rule) && ('rule_id' in doc.rule || 'threat' in doc.rule),
  parse(doc, ctx) {
    const rule = doc.rule as Record<string, unknown>;
    const meta = isObj(doc.metadata) ? doc.metadata : {};
    const techniques: string[] = [];
    const tactics: string[] = [];
    const threats = rule.threat === undefined ? [] : Array.isArray(rule.threat) ? rule.threat : null;
    if (threats === null) ctx.problem('`rule.threat` should be an array of tables ([[rule.threat]])');
    for (const th of threats ?? []) {
      if (!isObj(th)) continue;
      if (str(th.framework) && !/^mitre att&ck$/i.test(str(th.framework)!)) continue;
      if (isObj(th.tactic)) {
        const t = str(th.tactic.id) ?? str(th.tactic.name);
        if (t) tactics.push(tacticName(t));
      }
      for (const tech of Array.isArray(th.technique) ? th.technique : []) {
        if (!isObj(tech)) continue;
        const subs = Array.isArray(tech.subtechnique) ? tech.subtechnique.filter(isObj) : [];
        const ids = subs.length ? subs.map((s) => str(s.id) ?? '') : [str(tech.id) ?? ''];
        for (const raw of ids) {
          const t = techniqueId(raw);
          if (t) techniques.push(t);
          else ctx.problem(`rule.threat technique id ${JSON.stringify(raw)} is not a technique ID`);
        }
      }
    }
    const tags = strList(rule.tags, 'rule.tags', ctx);
    const tagValue = (prefix: string) => tags.find((t) => t.startsWith(prefix))?.slice(prefix.length).trim();
    const maturity = str(meta.maturity)?.toLowerCase();
    return [
      {
        id: str(rule.rule_id) ?? '',
        title: str(rule.name) ?? '',
        format: 'elastic',
        status: maturity,
        level: str(rule.severity)?.toLowerCase(),
        enabled: bool(rule.enabled, true),
        deprecated: maturity === 'deprecated',
        techniques: uniq(techniques),
        tactics: uniq(tactics),
        otherAttackRefs: [],
        logSource: { product: tagValue('OS:')?.toLowerCase(), service: tagValue('Data Source:'), category: tagValue('Use Case:') },
      },
    ];
  },
};
