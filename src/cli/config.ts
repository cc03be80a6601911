import type { Command } from 'commander';
import { globals } from './context.js';
import { loadConfig, type TmConfig } from '../config/load.js';
import { TmError } from '../util/errors.js';
import { log } from '../util/log.js';

/** Read tm.config.yaml for a command; config errors stop it with exit 2 and file:line. */
export function configFor(cmd: Command): TmConfig {
  const r = loadConfig(globals(cmd).config);
  for (const w of r.warnings) log.warn(w);
  if (r.errors.length) {
    const e = r.errors[0];
    throw new TmError('input', `${e.path === '/' ? '' : `${e.path}: `}${e.message}${r.errors.length > 1 ? ` (and ${r.errors.length - 1} more)` : ''}`, {
      where: `${e.file}${e.line ? `:${e.line}` : ''}`,
      hint: 'fix tm.config.yaml (its keys are listed in schemas/config.schema.json)',
    });
  }
  return r.config;
}
