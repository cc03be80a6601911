import type { Command } from 'commander';
import { action, globals } from './context.js';
import { attackFor } from './attack-data.js';
import { addWantedOptions, coverageOf, parseFailUnder, reportAtRef, reportFromFile, underThreshold, type WantedFlags } from './coverage.js';
import type { CoverageDiff } from '../coverage/diff.js';

interface CiFlags extends WantedFlags {
  baseline?: string;
  strict?: boolean;
  failUnder?: string;
}

export function register(program: Command): void {
  addWantedOptions(
    program
      .command('ci')
      .description('fail CI when ATT&CK coverage regresses against a baseline (a git ref or a coverage JSON file)')
      .argument('<paths...>', 'rule files or folders (the working tree)')
      .requiredOption('--baseline <git-ref|file>', 'what to compare with: a git ref of the repository holding the first path, or a coverage JSON file'),
  )
    .option('--strict', 'exit 2 when any rule file could not be parsed')
    .option('--fail-under <percent>', 'also exit 1 when coverage of the wanted set is under this percent')
    .addHelpText('after', '\nExit: 0 no regression, 1 a technique lost its last rule or a wanted technique became a gap, 2 input error.\nWith GITHUB_ACTIONS=true, regressions are also printed as ::error annotations.')
    .action(
      action(async (paths: string[], o: CiFlags, cmd: Command) => {
        const failUnder = parseFailUnder(o.failUnder);
        const { existsSync, statSync } = await import('node:fs');
        const { kb } = await attackFor(cmd);
        const { wantedOptions } = await import('./coverage.js');
        const opts = await wantedOptions(kb, o);
        const baseline = o.baseline!;
        const isFile = existsSync(baseline) && statSync(baseline).isFile();
        const base = isFile ? await reportFromFile(baseline, kb, opts) : await reportAtRef(paths, baseline, kb, opts);
        const head = await coverageOf(paths, kb, opts);
        const { diffCoverage, isRegression } = await import('../coverage/diff.js');
        const d = diffCoverage(base, head);
        const { log } = await import('../util/log.js');
        const { stableStringify } = await import('../util/json.js');
        const json = globals(cmd).json;
        const { diffText } = await import('../coverage/export/text.js');
        process.stdout.write(json ? stableStringify({ ...d, regression: isRegression(d), failed: head.rules.failed }) + '\n' : diffText(d) + '\n');
        if (process.env.GITHUB_ACTIONS === 'true') (json ? process.stderr : process.stdout).write([...annotations(d, paths, existsSync), ...problemAnnotations(head.rules.failed, paths)].join(''));
        const { problemWhere } = await import('./coverage.js');
        for (const f of head.rules.failed) log.warn(`${problemWhere(f, paths)}: ${f.error}`);
        if (o.strict && head.rules.failed.length) {
          log.error(`${head.rules.failed.length} rule problems (--strict)`);
          return 2;
        }
        if (isRegression(d)) {
          for (const x of d.lost) log.error(`coverage lost: ${x.id} ${x.name} — rules that went: ${x.rules.join(', ')}`);
          for (const id of d.newGaps.filter((g) => !d.lost.some((x) => x.id === g))) log.error(`new gap: ${id}`);
          return 1;
        }
        if (underThreshold(head, failUnder)) return 1;
        log.info(`no coverage regression against ${baseline} (${d.gained.length} techniques gained)`);
        return 0;
      }),
    );
}

const escData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Rule files that could not be read, as ::warning annotations on the file and line. */
function problemAnnotations(failed: { file: string; line?: number; error: string }[], paths: string[]): string[] {
  return failed.map((f) => {
    const file = paths.length > 1 ? f.file : `${paths[0].replace(/\/+$/, '')}/${f.file}`;
    return `::warning file=${escProp(file)}${f.line ? `,line=${f.line}` : ''},title=tm%3A rule problem::${escData(f.error)}\n`;
  });
}

/** GitHub Actions workflow commands: one ::error per lost technique, on the rule file when it still exists. */
function annotations(d: CoverageDiff, paths: string[], exists: (p: string) => boolean): string[] {
  const fileOf = (ref: string) => {
    const f = ref.replace(/#.*$/, '');
    return paths.length > 1 ? f : `${paths[0].replace(/\/+$/, '')}/${f}`;
  };
  return d.lost.map((x) => {
    const still = x.rules.map(fileOf).find((f) => exists(f));
    const props = [still ? `file=${escProp(still)}` : '', `title=${escProp(`ATT&CK coverage lost: ${x.id}`)}`].filter(Boolean).join(',');
    return `::error ${props}::${escData(`${x.id} ${x.name} lost its last detection rule${d.newGaps.includes(x.id) ? ' and is now a gap' : ''}. Rules that went: ${x.rules.join(', ')}`)}\n`;
  });
}
