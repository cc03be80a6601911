import type { Command } from 'commander';
import { registerModelApp } from './model-app.js';
import { registerModelOrg } from './model-org.js';

export function register(program: Command): void {
  const model = program.command('model').description('write threat models: of a code repository (app) or of the organisation (org)');
  registerModelApp(model);
  registerModelOrg(model);
}
