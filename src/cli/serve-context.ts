import type { Command } from 'commander';
import { action } from './context.js';
import { usageError } from '../util/errors.js';

// Placeholder until this command lands; replaced by its own module.
export function registerServeContext(parent: Command): void {
  parent
    .command('siem')
    .description('local SIEM context MCP server (not built yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(action(() => { throw usageError('`tm serve siem` is not built yet'); }));
}
