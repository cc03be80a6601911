import type { AttackKB } from '../attack/kb.js';
import type { TechniqueDetail } from '../attack/types.js';
import { style } from '../util/log.js';

/** Human text for `tm attack show`. */
export function renderDetail(kb: AttackKB, d: TechniqueDetail): string {
  const lines: string[] = [];
  lines.push(`${style.bold(d.id)} ${d.name}  ${style.dim(`(${d.type}, ATT&CK ${kb.version})`)}`);
  if (d.revoked) lines.push(style.yellow(`REVOKED${d.replacedBy ? `: replaced by ${d.replacedBy} ${kb.get(d.replacedBy)?.name ?? ''}` : ''}`));
  if (d.deprecated) lines.push(style.yellow('DEPRECATED: kept for history; no longer maintained'));
  if (d.summary) lines.push('', wrap(d.summary, 96));
  lines.push('');
  if (d.tactics.length) lines.push(`tactics:        ${d.tactics.map((t) => `${kb.tacticByShortname(t)?.id ?? ''} ${t}`.trim()).join(', ')}`);
  if (d.platforms.length) lines.push(`platforms:      ${d.platforms.join(', ')}`);
  if (d.parent) lines.push(`parent:         ${d.parent} ${kb.get(d.parent)?.name ?? ''}`);
  if (d.subtechniques.length) lines.push(`sub-techniques: ${d.subtechniques.map((s) => `${s} ${kb.get(s)?.name ?? ''}`).join('; ')}`);
  const o = kb.get(d.id)!;
  if (o.type === 'detection-strategy') lines.push(`analytics:      ${(o.analytics ?? []).join(', ')}`);
  if (o.type === 'analytic') {
    lines.push(`platforms:      ${(o.platforms ?? []).join(', ')}`);
    for (const ls of o.logSources ?? []) lines.push(`log source:     ${ls.name}${ls.channel ? ` (${ls.channel})` : ''} → ${ls.dataComponent} ${kb.get(ls.dataComponent)?.name ?? ''}`);
  }
  if (o.type === 'group' || o.type === 'software' || o.type === 'campaign') {
    const used = kb.techniquesUsedBy(d.id);
    lines.push(`techniques (${used.length}): ${used.join(', ')}`);
  }
  if (d.detectionStrategies.length) {
    lines.push('', style.bold('detection strategies'));
    for (const ds of d.detectionStrategies) {
      lines.push(`  ${ds.id} ${ds.name}`);
      for (const an of ds.analytics)
        lines.push(`    ${an.id} [${an.platforms.join(', ')}] ${an.dataComponents.map((c) => `${c.id} ${c.name}`).join('; ')}`);
    }
  }
  const refs = (title: string, xs: { id: string; name: string }[], max = 12) => {
    if (!xs.length) return;
    lines.push('', `${style.bold(title)} (${xs.length})`);
    lines.push('  ' + xs.slice(0, max).map((x) => `${x.id} ${x.name}`).join('; ') + (xs.length > max ? `; … ${xs.length - max} more (--json for all)` : ''));
  };
  refs('mitigations', d.mitigations);
  refs('groups', d.groups);
  refs('software', d.software);
  refs('campaigns', d.campaigns);
  if (d.url) lines.push('', style.dim(d.url));
  return lines.join('\n');
}

function wrap(s: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line && line.length + w.length + 1 > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join('\n');
}
