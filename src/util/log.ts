/**
 * The stderr logger. stdout is reserved for command results (and for the MCP stdio transport),
 * so everything a human reads while a command runs goes here.
 */
export interface LogOptions {
  quiet: boolean;
  debug: boolean;
  color: boolean;
}

const opts: LogOptions = {
  quiet: false,
  debug: false,
  color: !process.env.NO_COLOR && process.stderr.isTTY === true,
};

export function configureLog(next: Partial<LogOptions>): void {
  Object.assign(opts, next);
  if (process.env.NO_COLOR) opts.color = false;
}

export function logOptions(): Readonly<LogOptions> {
  return opts;
}

const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
export const style = {
  bold: (s: string) => paint('1', s),
  dim: (s: string) => paint('2', s),
  red: (s: string) => paint('31', s),
  green: (s: string) => paint('32', s),
  yellow: (s: string) => paint('33', s),
  cyan: (s: string) => paint('36', s),
};

export const log = {
  info(msg: string): void {
    if (!opts.quiet) process.stderr.write(msg + '\n');
  },
  warn(msg: string): void {
    process.stderr.write(style.yellow('warning: ') + msg + '\n');
  },
  error(msg: string): void {
    process.stderr.write(style.red('error: ') + msg + '\n');
  },
  debug(msg: string): void {
    if (opts.debug) process.stderr.write(style.dim('debug: ' + msg) + '\n');
  },
  /** A progress line that rewrites itself on a TTY and is silent elsewhere unless `final`. */
  progress(msg: string, final = false): void {
    if (opts.quiet) return;
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K' + msg + (final ? '\n' : ''));
    else if (final) process.stderr.write(msg + '\n');
  },
};
