import type { Command } from 'commander';

/**
 * Every top-level subcommand and the module that defines it. Modules are imported only when
 * their command runs (or for full --help), so a warm `tm attack show` loads one small file.
 * Each module exports `register(program)`; heavy work is imported inside its actions.
 * To add a command: write `src/cli/<name>.ts` exporting `register`, and add one line here.
 */
export const COMMANDS: Record<string, () => Promise<{ register: (program: Command) => void }>> = {
  model: () => import('./model.js'),
  coverage: () => import('./coverage.js'),
  ci: () => import('./ci.js'),
  attack: () => import('./attack.js'),
  validate: () => import('./validate.js'),
  register: () => import('./register.js'),
  report: () => import('./report.js'),
  telemetry: () => import('./telemetry.js'),
  serve: () => import('./serve.js'),
};
