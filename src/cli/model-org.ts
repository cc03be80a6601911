import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function registerModelOrg(parent: Command): void {
  parent
    .command('org')
    .description('organisational threat register (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm model org` is not built yet'); }));
}
