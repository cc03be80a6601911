import type { Command } from 'commander';
import { action, collect } from './context.js';
import { attackFor } from './attack-data.js';
import { checkDate } from './model-org.js';
import { log } from '../util/log.js';

export function register(program: Command): void {
  const report = program.command('report').description('markdown reports');
  report
    .command('quarterly')
    .description('quarterly review: register, app models and coverage, compared with the previous quarter')
    .requiredOption('--register <file>', 'threat-register.yaml from `tm model org`')
    .option('--app <file>', 'app threat model (repeatable)', collect, [])
    .option('--coverage <file>', 'coverage JSON from `tm coverage --format json`')
    .option('--previous <dir>', "previous quarter's folder (threat-register.yaml, optional coverage.json) or register file")
    .option('--as-of <date>', 'the review date, YYYY-MM-DD (default today)')
    .option('-o, --output <file>', 'write the markdown here (default: stdout)')
    .action(
      action(async (opts: { register: string; app: string[]; coverage?: string; previous?: string; asOf?: string; output?: string }, cmd: Command) => {
        const asOf = checkDate(opts.asOf);
        const { kb } = await attackFor(cmd);
        const { quarterlyReport } = await import('../pipeline/org-quarterly.js');
        const r = quarterlyReport({ register: opts.register, apps: opts.app, coverage: opts.coverage, previous: opts.previous, asOf, kb });
        for (const w of r.warnings) log.warn(w);
        if (opts.output) {
          const { writeFileAtomic } = await import('../util/fs.js');
          await writeFileAtomic(opts.output, r.markdown);
          log.info(`wrote ${opts.output}`);
        } else process.stdout.write(r.markdown);
      }),
    );
}
