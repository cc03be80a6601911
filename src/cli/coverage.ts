import type { Command } from 'commander';
import { action, collect, globals, list } from './context.js';
import { attackFor } from './attack-data.js';
import { inputError, usageError } from '../util/errors.js';
import { log } from '../util/log.js';
import type { AttackKB } from '../attack/kb.js';
import type { CoverageOptions } from '../coverage/compute.js';
import type { CoverageReport } from '../coverage/types.js';

export const FORMATS = ['table', 'json', 'md', 'navigator', 'sarif', 'junit'] as const;
type Format = (typeof FORMATS)[number];

/** Flags that choose what should be covered; shared by `coverage`, `coverage diff` and `ci`. */
export interface WantedFlags {
  platform?: string[];
  group?: string[];
  threatModel?: string[];
  layer?: string;
}

export function addWantedOptions(cmd: Command): Command {
  return cmd
    .option('--platform <list>', 'only techniques on these platforms (windows,linux,macos,…)', list)
    .option('--group <id>', 'wanted = techniques used by this ATT&CK group (repeatable)', collect)
    .option('--threat-model <file>', 'wanted = techniques named in a threat model or register file (repeatable)', collect)
    .option('--layer <navigator.json>', 'wanted = techniques marked in an ATT&CK Navigator layer');
}

/** Read the wanted-set inputs (gather) and turn them into coverage options. */
export async function wantedOptions(kb: AttackKB, f: WantedFlags): Promise<CoverageOptions> {
  const w = await import('../coverage/wanted.js');
  const platforms = f.platform?.length ? matchPlatforms(kb, f.platform) : undefined;
  const wanted = new Set<string>();
  const sources: string[] = [];
  if (f.group?.length) {
    w.wantedFromGroups(kb, f.group).forEach((t) => wanted.add(t));
    sources.push(`group:${f.group.join(',')}`);
  }
  for (const file of f.threatModel ?? []) {
    w.wantedFromDocument(await readDoc(file)).forEach((t) => wanted.add(t));
    sources.push(`threat-model:${file}`);
  }
  if (f.layer) {
    w.wantedFromLayer(await readDoc(f.layer), f.layer).forEach((t) => wanted.add(t));
    sources.push(`layer:${f.layer}`);
  }
  if (platforms) sources.push(`platform:${platforms.join(',')}`);
  return { wanted: sources.some((s) => !s.startsWith('platform:')) ? [...wanted] : undefined, platforms, wantedSource: sources.join(' ') || 'all' };
}

function matchPlatforms(kb: AttackKB, asked: string[]): string[] {
  const known = kb.platforms();
  return asked.map((p) => {
    const hit = known.find((k) => k.toLowerCase() === p.toLowerCase());
    if (!hit) throw usageError(`--platform ${p}: ATT&CK ${kb.version} has no such platform`, `one of: ${known.join(', ')}`);
    return hit;
  });
}

async function readDoc(file: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw inputError(`cannot read ${file}`, { hint: 'check the path' });
  }
  try {
    if (/\.json$/i.test(file)) return JSON.parse(text);
    return (await import('js-yaml')).default.load(text);
  } catch (e) {
    throw inputError(`${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Parse the rules and compute coverage (also used by `tm ci`). */
export async function coverageOf(paths: string[], kb: AttackKB, opts: CoverageOptions): Promise<CoverageReport> {
  const { existsSync } = await import('node:fs');
  for (const p of paths) if (!existsSync(p)) throw inputError(`no such file or folder: ${p}`, { hint: 'pass the folders that hold your detection rules' });
  const { parseRulePaths } = await import('../rules/index.js');
  const { computeCoverage } = await import('../coverage/compute.js');
  const { detections, problems } = await parseRulePaths(paths);
  return computeCoverage(detections, problems, kb, opts);
}

export async function render(report: CoverageReport, format: Format, platforms?: string[]): Promise<string> {
  const { stableStringify } = await import('../util/json.js');
  switch (format) {
    case 'json':
      return stableStringify(report) + '\n';
    case 'navigator':
      return stableStringify((await import('../coverage/export/navigator.js')).toNavigatorLayer(report, { platforms })) + '\n';
    case 'sarif':
      return stableStringify((await import('../coverage/export/sarif.js')).toSarif(report)) + '\n';
    case 'junit':
      return (await import('../coverage/export/junit.js')).toJUnit(report);
    case 'md':
      return (await import('../coverage/export/text.js')).toMarkdown(report);
    default:
      return (await import('../coverage/export/text.js')).toTable(report) + '\n';
  }
}

interface CoverageFlags extends WantedFlags {
  format?: string;
  output?: string;
  failUnder?: string;
  strict?: boolean;
}

/** `--fail-under <percent>`: undefined when not given; a usage error outside 0–100. */
export function parseFailUnder(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n >= 0 && n <= 100)) throw usageError(`--fail-under ${raw}: expected a percent between 0 and 100`);
  return n;
}

/** True (and says so on stderr) when coverage is under the `--fail-under` threshold. */
export function underThreshold(report: CoverageReport, failUnder: number | undefined): boolean {
  if (failUnder === undefined || report.summary.percent >= failUnder) return false;
  log.error(`coverage ${report.summary.percent}% is under --fail-under ${failUnder}%`);
  return true;
}

export function register(program: Command): void {
  const cov = addWantedOptions(
    program
      .command('coverage')
      .description('ATT&CK coverage of detection rules (Sigma, Elastic, Splunk, Panther, Sentinel, tm YAML)')
      .argument('<paths...>', 'rule files or folders')
      .option('--format <format>', `report format: ${FORMATS.join('|')} (default table, or json with --json)`)
      .option('-o, --output <file>', 'write the report to this file (atomically)'),
  )
    .option('--fail-under <percent>', 'exit 1 when coverage of the wanted set is under this percent')
    .option('--strict', 'exit 2 when any rule file could not be parsed')
    .addHelpText('after', '\nSubcommand: tm coverage diff <base> <head> [--repo <dir>]   (coverage JSON files, or git refs with --repo)')
    .action(
      action(async (paths: string[], o: CoverageFlags, cmd: Command) => {
        const fmt = (o.format ?? (globals(cmd).json ? 'json' : 'table')) as Format;
        if (!FORMATS.includes(fmt)) throw usageError(`--format ${o.format}: unknown format`, `one of: ${FORMATS.join(', ')}`);
        const failUnder = parseFailUnder(o.failUnder);
        const started = Date.now();
        const { kb } = await attackFor(cmd);
        const opts = await wantedOptions(kb, o);
        const report = await coverageOf(paths, kb, opts);
        report.metadata = { generatedAt: new Date().toISOString(), durationMs: Date.now() - started, tool: 'tm coverage' };
        if (o.output) {
          await (await import('../util/fs.js')).writeFileAtomic(o.output, await render(report, fmt, opts.platforms));
          if (globals(cmd).json) process.stdout.write(await render(report, 'json'));
          else log.info(`wrote ${fmt} to ${o.output}: ${report.summary.covered} of ${report.summary.wanted} techniques covered (${report.summary.percent}%)`);
        } else {
          process.stdout.write(await render(report, globals(cmd).json ? 'json' : fmt, opts.platforms));
        }
        for (const f of report.rules.failed) log.warn(`${problemWhere(f, paths)}: ${f.error}`);
        if (report.unknown.length || report.unknownTactics.length)
          log.warn(`${report.unknown.length + report.unknownTactics.length} ATT&CK IDs or tactics are unknown to release ${kb.version} (see "unknown"); the rules may follow a newer release: \`tm attack update\``);
        if (o.strict && report.rules.failed.length) {
          log.error(`${report.rules.failed.length} rule problems (--strict)`);
          return 2;
        }
        if (underThreshold(report, failUnder)) return 1;
        return 0;
      }),
    );

  addWantedOptions(
    cov
      .command('diff')
      .description('coverage change between two coverage JSON files, or two git refs with --repo, in the loaded ATT&CK release')
      .argument('<base>', 'coverage JSON file, or git ref with --repo')
      .argument('<head>', 'coverage JSON file, or git ref with --repo')
      .option('--repo <dir>', 'rules repository: base and head are git refs'),
  ).action(
    action(async (base: string, head: string, o: WantedFlags & { repo?: string }, cmd: Command) => {
      const { kb } = await attackFor(cmd);
      const opts = await wantedOptions(kb, o);
      const side = (which: string) => (o.repo ? reportAtRef([o.repo], which, kb, opts, o.repo) : reportFromFile(which, kb, opts));
      const { diffCoverage } = await import('../coverage/diff.js');
      const d = diffCoverage(await side(base), await side(head));
      const { emit } = await import('./context.js');
      const { diffText } = await import('../coverage/export/text.js');
      emit(cmd, d, () => diffText(d));
      return 0;
    }),
  );
}

/** A problem's place as a path from the working folder (reports keep it relative to the scanned path). */
export function problemWhere(f: { file: string; line?: number }, paths: string[]): string {
  const file = paths.length > 1 || f.file === paths[0] ? f.file : `${paths[0].replace(/\/+$/, '')}/${f.file}`;
  return `${file}${f.line ? `:${f.line}` : ''}`;
}

export async function reportFromFile(file: string, kb: AttackKB, opts: CoverageOptions): Promise<CoverageReport> {
  const { readFile } = await import('node:fs/promises');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw inputError(`cannot read coverage JSON ${file}: ${(e as Error).message.split('\n')[0]}`, { hint: 'make one with `tm coverage <rules> --json -o base.json`' });
  }
  return (await import('../coverage/diff.js')).reexpress(data, kb, opts, file);
}

export async function reportAtRef(paths: string[], ref: string, kb: AttackKB, opts: CoverageOptions, repo?: string): Promise<CoverageReport> {
  const { parseRulesAtRef } = await import('../rules/git.js');
  const { computeCoverage } = await import('../coverage/compute.js');
  const { detections, problems } = await parseRulesAtRef(paths, ref, repo);
  return computeCoverage(detections, problems, kb, opts);
}
