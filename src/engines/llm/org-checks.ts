import type { AttackKB } from '../../attack/kb.js';
import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { ValidationIssue } from '../../validate/ajv.js';

type Json = Record<string, unknown>;
export type CheckResult = { warnings: string[]; issues: ValidationIssue[] };

/** Evidence may name only a server tm gathered from, the interview, or tm itself (threat intel, baseline). */
function knownSource(ctx: OrgContext): (ev: unknown) => string | undefined {
  const servers = new Set(ctx.servers.map((s) => s.name));
  return (ev) => {
    if (!ev || typeof ev !== 'object') return 'not an object';
    const e = ev as { server?: unknown; tool?: unknown };
    if (e.server === 'interview') return e.tool === 'answers' ? undefined : 'interview evidence uses tool "answers"';
    if (e.server === 'tm') return undefined;
    return typeof e.server === 'string' && servers.has(e.server) ? undefined : `server ${JSON.stringify(e.server)} is not one tm gathered from`;
  };
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Checks of the threats stage beyond the schema, in place: keys unique (issue); evidence from a
 * source tm did not gather from removed (a threat left without evidence is an issue); actors
 * must be live ATT&CK groups (revoked → replacement, else dropped); detections must be rules the
 * SIEM returned (others dropped); a threat left without a live technique is an issue.
 */
export function checkOrgThreats(part: Json, ctx: OrgContext, kb: AttackKB): CheckResult {
  const warnings: string[] = [];
  const issues: ValidationIssue[] = [];
  const bad = knownSource(ctx);
  const rules = new Set(ctx.detections.map((d) => d.id));
  const seen = new Set<string>();
  asArray(part.threats).forEach((t, i) => {
    if (!t || typeof t !== 'object') return;
    const x = t as Json;
    const at = `/threats/${i}`;
    if (typeof x.key === 'string') {
      if (seen.has(x.key)) issues.push({ path: `${at}/key`, message: `duplicate key ${x.key}: every threat needs its own key` });
      seen.add(x.key);
    }
    if (Array.isArray(x.evidence)) {
      const before = x.evidence.length;
      x.evidence = x.evidence.filter((e, j) => {
        const why = bad(e);
        if (why) warnings.push(`threats: evidence ${at}/evidence/${j} removed (${why})`);
        return !why;
      });
      if (before && !(x.evidence as unknown[]).length) issues.push({ path: `${at}/evidence`, message: 'no evidence left: cite the server, tool and arguments that returned what raised this threat (or the interview answer)' });
    }
    if (Array.isArray(x.actors)) {
      const out = new Set<string>();
      for (const a of x.actors) {
        if (typeof a !== 'string') continue;
        const r = kb.resolve(a);
        const isGroup = (id?: string) => kb.get(id ?? '')?.type === 'group';
        if (r.status === 'active' && isGroup(r.id)) out.add(r.id);
        else if (r.status === 'revoked' && r.replacedBy && isGroup(r.replacedBy) && kb.isActive(kb.get(r.replacedBy))) {
          out.add(r.replacedBy);
          warnings.push(`model answer: group ${a} is revoked in ATT&CK ${kb.version}; remapped to ${r.replacedBy} (${at}/actors)`);
        } else warnings.push(`model answer: ${a} is not a live ATT&CK group in ${kb.version}; dropped (${at}/actors)`);
      }
      x.actors = [...out].sort();
    }
    if (Array.isArray(x.detections)) {
      x.detections = x.detections.filter((d) => {
        const ok = typeof d === 'string' && rules.has(d);
        if (!ok) warnings.push(`threats: detection ${JSON.stringify(d)} is not a rule the SIEM returned; dropped (${at}/detections)`);
        return ok;
      });
    }
    if (Array.isArray(x.techniques) && !x.techniques.length) issues.push({ path: `${at}/techniques`, message: `no live ATT&CK ${kb.version} technique left: map the threat to at least one current technique (attack_lookup helps)` });
  });
  return { warnings, issues };
}

/**
 * Checks of the recommendations/controls stage: a recommendation's `threats` must be keys of
 * this run's threats (others removed with a warning); a control citing a source tm did not
 * gather from is removed.
 */
export function checkOrgResponse(part: Json, threatKeys: Set<string>, ctx: OrgContext): CheckResult {
  const warnings: string[] = [];
  const recs = part.recommendations as Record<string, unknown> | undefined;
  for (const bucket of ['immediate', 'short_term', 'long_term']) {
    asArray(recs?.[bucket]).forEach((r, i) => {
      if (!r || typeof r !== 'object' || !Array.isArray((r as Json).threats)) return;
      const x = r as { threats: unknown[] };
      x.threats = x.threats.filter((k) => {
        const ok = typeof k === 'string' && threatKeys.has(k);
        if (!ok) warnings.push(`recommendations: ${JSON.stringify(k)} is not a threat key of this run; removed (/recommendations/${bucket}/${i}/threats)`);
        return ok;
      });
    });
  }
  const bad = knownSource(ctx);
  if (Array.isArray(part.controls))
    part.controls = part.controls.filter((c, i) => {
      const why = c && typeof c === 'object' ? bad((c as Json).evidence) : undefined;
      if (why) warnings.push(`controls: /controls/${i} removed (${why})`);
      return !why;
    });
  return { warnings, issues: [] };
}
