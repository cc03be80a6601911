import { beforeAll, expect, it } from 'vitest';
import { CORPORA, describeShared, REAL_BUNDLE } from '../helpers/shared.js';
import { readBundle } from '../../src/attack/read-bundle.js';
import { buildIndex } from '../../src/attack/build-index.js';
import { AttackKB } from '../../src/attack/kb.js';
import { parseRulePaths, type Detection } from '../../src/rules/index.js';
import { computeCoverage } from '../../src/coverage/compute.js';
import type { CoverageReport } from '../../src/coverage/types.js';

const FORMATS = ['sigma', 'elastic', 'splunk', 'panther'];

describeShared('the real rule corpora against the real ATT&CK 18.1 bundle', () => {
  let report: CoverageReport;
  let detections: Detection[];
  let problems: { file: string }[];
  beforeAll(async () => {
    const raw = readBundle(REAL_BUNDLE);
    const { index } = buildIndex(raw.objects as never[], { sha256: raw.sha256, specVersion: raw.specVersion });
    index.version = '18.1';
    const kb = new AttackKB(index);
    ({ detections, problems } = await parseRulePaths(FORMATS.map((f) => `${CORPORA}/${f}`), { labels: FORMATS }));
    report = computeCoverage(detections, problems as never, kb);
  });
  const row = (id: string) => report.techniques.find((t) => t.id === id)!;
  const inCorpus = (refs: string[], f: string) => refs.filter((r) => r.startsWith(`${f}/`)).length;

  it('parses every file of every corpus, none failed, format detected from content', () => {
    expect(problems).toEqual([]);
    expect(report.rules.byFormat).toEqual({ sigma: 378, elastic: 220, splunk: 172, panther: 88 });
    expect(report.rules.total).toBe(858);
  });

  it('inactive rules: Elastic maturity deprecated, Splunk status deprecated, Panther Enabled: false', () => {
    const inactive = (f: string) => detections.filter((d) => d.format === f && (!d.enabled || d.deprecated)).length;
    // counted by hand with grep: maturity = "deprecated" (14), status: deprecated (10), Enabled: false at top level (6)
    expect([inactive('sigma'), inactive('elastic'), inactive('splunk'), inactive('panther')]).toEqual([0, 14, 10, 6]);
    expect(report.rules.inactive).toBe(30);
  });

  it('hand-checked rules', () => {
    const find = (ref: string) => detections.find((d) => d.ref === ref)!;
    expect(find('sigma/rules-placeholder/windows/builtin/security/win_security_modification_of_msds_dmsa_link_attribute.yml')).toMatchObject({
      techniques: ['T1078.002', 'T1098'],
      tactics: ['privilege-escalation', 'initial-access', 'persistence', 'stealth'],
      logSource: { product: 'windows', service: 'security' },
    });
    expect(find('panther/rules/onelogin_rules/onelogin_user_assumed.yml')).toMatchObject({ techniques: ['T1550'], tactics: ['TA0008'], enabled: true });
    expect(find('splunk/detections/web/citrix_sharefile_exploitation_cve_2023_24489.yml')).toMatchObject({ techniques: ['T1190'], status: 'production' });
    // PowerShell spawning Cmd: deprecated, T1059 table holding the T1059.001 sub-technique
    expect(find('elastic/rules/_deprecated/execution_command_shell_started_by_powershell.toml')).toMatchObject({ deprecated: true, techniques: ['T1059.001'], tactics: ['TA0002'] });
  });

  it('per-technique counts match a grep over the corpora', () => {
    // grep -rliE '^\s*-\s*attack\.t1059\.001\s*$' sigma → 17 files
    expect(inCorpus(row('T1059.001').direct, 'sigma')).toBe(17);
    // 7 Sigma files tag attack.t1059 itself; 32 tag only a T1059.xxx sub-technique
    expect(inCorpus(row('T1059').direct, 'sigma')).toBe(7);
    expect(inCorpus(row('T1059').viaSubtechniques, 'sigma')).toBe(32);
    // active Splunk and Elastic rules naming T1190: 8 each
    expect(inCorpus(row('T1190').direct, 'splunk')).toBe(8);
    expect(inCorpus(row('T1190').direct, 'elastic')).toBe(8);
    expect(inCorpus(row('T1110').direct, 'panther')).toBe(2);
  });

  it('v19 tags on v18.1 data: unknown IDs and tactics reported, not fatal', () => {
    expect(report.unknown.map((u) => u.id)).toEqual(expect.arrayContaining(['T1685']));
    expect(report.unknownTactics.map((u) => u.tactic)).toEqual(expect.arrayContaining(['stealth']));
    expect(report.revoked).toContainEqual({ id: 'T1574.002', replacedBy: 'T1574.001', rules: expect.any(Array) });
  });
});
