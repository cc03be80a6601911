import type { Command } from 'commander';
import { TmError } from '../util/errors.js';
import { log, logOptions, style } from '../util/log.js';
import { stableStringify } from '../util/json.js';

/** Global flags every command sees (declared on the root program). */
export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  attackData?: string;
  config?: string;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Print a command result: JSON on stdout with --json, else the human text. */
export function emit(cmd: Command, result: unknown, text: () => string): void {
  if (globals(cmd).json) process.stdout.write(stableStringify(result) + '\n');
  else process.stdout.write(text().replace(/\n?$/, '\n'));
}

/**
 * The one error boundary. Wraps a command action: maps TmError kinds to exit codes
 * (usage/input → 2, gate → 1) and prints a clear message; stack traces only with --debug.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

export function reportError(err: unknown): number {
  if (err instanceof TmError) {
    log.error((err.where ? `${err.where}: ` : '') + err.message);
    if (err.hint) process.stderr.write(style.dim('  hint: ') + err.hint + '\n');
    if (logOptions().debug && err.stack) process.stderr.write(err.stack + '\n');
    return err.kind === 'gate' ? 1 : 2;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'ENOTDIR')) {
    log.error(`${e.message}`);
    process.stderr.write(style.dim('  hint: ') + 'check the path and its permissions\n');
    if (logOptions().debug && e.stack) process.stderr.write(e.stack + '\n');
    return 2;
  }
  log.error(`internal error: ${err instanceof Error ? err.message : String(err)}`);
  if (logOptions().debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  else process.stderr.write(style.dim('  run again with --debug for a stack trace, and please report it\n'));
  return 2;
}

/** Parse a comma-separated list flag. */
export const list = (v: string, prev: string[] = []) => prev.concat(v.split(',').map((s) => s.trim()).filter(Boolean));
/** Repeatable flag. */
export const collect = (v: string, prev: string[] = []) => prev.concat([v]);
