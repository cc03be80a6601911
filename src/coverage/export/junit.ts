/** JUnit XML: one test suite per tactic, one test case per wanted technique (a gap fails), plus rule-file problems. */
import type { CoverageReport } from '../types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toJUnit(report: CoverageReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const tac of report.tactics) {
    const rows = report.techniques.filter((t) => t.tactics.includes(tac.shortname));
    if (!rows.length) continue;
    const cases = rows.map((t) => {
      const name = `<testcase classname="${esc(tac.shortname)}" name="${esc(`${t.id} ${t.name}`)}"`;
      if (t.covered) return `    ${name}/>`;
      return `    ${name}>\n      <failure message="no active detection rule" type="coverage-gap"/>\n    </testcase>`;
    });
    const f = rows.filter((t) => !t.covered).length;
    tests += rows.length;
    failures += f;
    suites.push(`  <testsuite name="${esc(`${tac.id} ${tac.name}`)}" tests="${rows.length}" failures="${f}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (report.rules.failed.length) {
    const cases = report.rules.failed.map(
      (p) => `    <testcase classname="rule-files" name="${esc(p.file + (p.line ? `:${p.line}` : ''))}">\n      <error message="${esc(p.error)}" type="parse-error"/>\n    </testcase>`,
    );
    suites.push(`  <testsuite name="rule files" tests="${cases.length}" failures="0" errors="${cases.length}">\n${cases.join('\n')}\n  </testsuite>`);
    tests += cases.length;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tm ATT&amp;CK coverage" tests="${tests}" failures="${failures}" errors="${report.rules.failed.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
