import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TM_BIN = fileURLToPath(new URL('../../bin/tm.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh cache/data home so CLI tests never touch the user's folders. */
export function isolatedHome(): Record<string, string> {
  const d = mkdtempSync(join(tmpdir(), 'tm-test-'));
  return { XDG_CACHE_HOME: join(d, 'cache'), XDG_DATA_HOME: join(d, 'data'), HOME: d };
}

/** Run the built CLI (`npm test` builds first) as a user would. */
export function runTm(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<TmRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TM_ATTACK_DATA: undefined, TM_ATTACK_VERSION: undefined, ANTHROPIC_API_KEY: undefined, ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [TM_BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
