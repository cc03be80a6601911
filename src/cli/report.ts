import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function register(parent: Command): void {
  parent
    .command('report')
    .description('quarterly markdown reports (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm report` is not built yet'); }));
}
