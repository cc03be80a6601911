import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function registerModelApp(parent: Command): void {
  parent
    .command('app')
    .description('threat model of a code repository (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm model app` is not built yet'); }));
}
