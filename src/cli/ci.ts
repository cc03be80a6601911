import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function register(parent: Command): void {
  parent
    .command('ci')
    .description('fail CI when ATT&CK coverage regresses (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm ci` is not built yet'); }));
}
