/** The human views of a coverage report and a diff: a terminal table and Markdown. */
import type { CoverageReport } from '../types.js';
import type { CoverageDiff } from '../diff.js';

const pct = (c: number, w: number) => (w ? `${Math.round((c / w) * 1000) / 10}%` : '-');

function headline(r: CoverageReport): string {
  return (
    `ATT&CK ${r.attack.version} coverage: ${r.summary.covered} of ${r.summary.wanted} wanted techniques (${r.summary.percent}%, wanted: ${r.wanted.source})\n` +
    `rules: ${r.rules.parsed} parsed (${Object.entries(r.rules.byFormat).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}), ` +
    `${r.rules.inactive} inactive, ${r.rules.withoutTechniques} without techniques, ${r.rules.failed.length} problems`
  );
}

function notes(r: CoverageReport, bullet: string): string[] {
  const out: string[] = [];
  for (const u of r.unknown) out.push(`${bullet}unknown ${u.id} (${u.rules.length} rules): ${u.hint}`);
  for (const u of r.unknownTactics) out.push(`${bullet}unknown tactic "${u.tactic}" (${u.rules.length} rules): ${u.hint}`);
  for (const v of r.revoked) out.push(`${bullet}revoked ${v.id} → ${v.replacedBy ?? '(no replacement)'} (${v.rules.length} rules, counted under the replacement)`);
  for (const f of r.rules.failed) out.push(`${bullet}${f.file}${f.line ? `:${f.line}` : ''}: ${f.error}`);
  return out;
}

export function toTable(r: CoverageReport): string {
  const lines = [headline(r), ''];
  const w = Math.max(6, ...r.tactics.map((t) => t.name.length));
  lines.push(`${'tactic'.padEnd(w)}  covered  wanted      %  rules`);
  for (const t of r.tactics)
    if (t.wanted || t.rules) lines.push(`${t.name.padEnd(w)}  ${String(t.covered).padStart(7)}  ${String(t.wanted).padStart(6)}  ${pct(t.covered, t.wanted).padStart(5)}  ${String(t.rules).padStart(5)}`);
  const n = notes(r, '  ');
  if (n.length) lines.push('', 'notes:', ...n);
  return lines.join('\n');
}

export function toMarkdown(r: CoverageReport): string {
  const lines = ['# ATT&CK detection coverage', '', headline(r).replace('\n', '  \n'), '', '| Tactic | Covered | Wanted | % | Rules |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const t of r.tactics) if (t.wanted || t.rules) lines.push(`| ${t.id} ${t.name} | ${t.covered} | ${t.wanted} | ${pct(t.covered, t.wanted)} | ${t.rules} |`);
  const gaps = r.techniques.filter((t) => !t.covered);
  if (gaps.length) {
    lines.push('', `## Gaps (${gaps.length})`, '', '| Technique | Data components that could see it | Log source already in use |', '| --- | --- | --- |');
    for (const g of gaps) lines.push(`| ${g.id} ${g.name} | ${g.gap?.dataComponents.map((d) => d.name).join(', ') || '-'} | ${g.gap?.logSourcesInUse.join(', ') || 'no'} |`);
  }
  const covered = r.techniques.filter((t) => t.covered);
  if (covered.length) {
    lines.push('', `## Covered (${covered.length})`, '', '| Technique | Direct | Via sub-techniques |', '| --- | ---: | ---: |');
    for (const t of covered) lines.push(`| ${t.id} ${t.name} | ${t.direct.length} | ${t.viaSubtechniques.length} |`);
  }
  const n = notes(r, '- ');
  if (n.length) lines.push('', '## Notes', '', ...n);
  return lines.join('\n') + '\n';
}

export function diffText(d: CoverageDiff): string {
  const lines = [`coverage ${d.base.covered} → ${d.head.covered} of ${d.head.wanted} wanted (ATT&CK ${d.attack.version}); rules ${d.base.rules} → ${d.head.rules}`];
  for (const x of d.lost) lines.push(`  lost    ${x.id} ${x.name}${d.newGaps.includes(x.id) ? ' (now a gap)' : ''}: rules that went: ${x.rules.join(', ')}`);
  for (const x of d.reduced) lines.push(`  fewer   ${x.id} ${x.name}: removed ${x.removed.join(', ')}; left ${x.left.length}`);
  for (const x of d.gained) lines.push(`  gained  ${x.id} ${x.name}: ${x.rules.join(', ')}`);
  if (!d.lost.length && !d.gained.length && !d.reduced.length) lines.push('  no change in covered techniques');
  return lines.join('\n');
}
