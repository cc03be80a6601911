/**
 * Errors as data. The core throws or returns `TmError`; only `src/cli/` maps the kind to an
 * exit code and prints it. A TmError message is meant for users: what happened, where, and
 * what to do next (`hint`).
 */
export type ErrorKind =
  /** bad flags or arguments: exit 2 */
  | 'usage'
  /** unreadable or malformed input, unknown ID, missing data: exit 2 */
  | 'input'
  /** the command's check found what it gates on (regression, invalid model): exit 1 */
  | 'gate';

export class TmError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  /** file (and line) the problem is in, when known: `path/to/file.yml:12` */
  readonly where?: string;

  constructor(kind: ErrorKind, message: string, opts: { hint?: string; where?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TmError';
    this.kind = kind;
    this.hint = opts.hint;
    this.where = opts.where;
  }
}

export const usageError = (message: string, hint?: string) => new TmError('usage', message, { hint });
export const inputError = (message: string, opts: { hint?: string; where?: string; cause?: unknown } = {}) =>
  new TmError('input', message, opts);

/** A problem found while reading many inputs; reported, and the rest goes on. */
export interface Problem {
  file: string;
  line?: number;
  error: string;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
