import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands.js';
import { configureLog } from '../util/log.js';
import { reportError } from './context.js';

const VERSION = '0.1.0';

function rootProgram(): Command {
  const program = new Command('tm');
  program
    .description(
      'Threat models, ATT&CK detection coverage and fleet telemetry for detection engineers.\n' +
        'Where to focus detection, where the blind spots are, and what to do about them.',
    )
    .version(VERSION, '-V', 'output the version number (also `tm --version`)')
    .option('--json', 'machine-readable JSON on stdout (logs stay on stderr)')
    .option('-q, --quiet', 'only errors and results')
    .option('--debug', 'show stack traces and debug logs')
    .option('--attack-data <file>', 'ATT&CK STIX bundle (.json or .json.gz); else $TM_ATTACK_DATA, else the cached release')
    .option('--config <file>', 'tm.config.yaml to use (default: ./tm.config.yaml)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 the check found what it gates on, 2 usage/config/input error.\n' +
        'Environment: TM_ATTACK_DATA, TM_ATTACK_URL, ANTHROPIC_API_KEY, NO_COLOR.',
    )
    .exitOverride();
  program.hook('preAction', (_this, actionCommand) => {
    const o = actionCommand.optsWithGlobals();
    configureLog({ quiet: !!o.quiet, debug: !!o.debug });
  });
  return program;
}

/** Entry point used by bin/tm.js. */
export async function main(argv: string[]): Promise<void> {
  // `--version` is taken by subcommands (`tm attack update --version 19.1`), so the root
  // answers it only when it stands alone.
  if (argv.length === 3 && argv[2] === '--version') {
    process.stdout.write(VERSION + '\n');
    return;
  }
  // `tm … | head`: a closed pipe is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const program = rootProgram();
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const names = first && COMMANDS[first] ? [first] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]()).register(program);
  if (argv.includes('--debug')) configureLog({ debug: true });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; parse errors are usage errors (exit 2)
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(err);
  }
}
