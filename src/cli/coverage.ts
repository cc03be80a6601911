import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function register(parent: Command): void {
  parent
    .command('coverage')
    .description('ATT&CK coverage of detection rules (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm coverage` is not built yet'); }));
}
