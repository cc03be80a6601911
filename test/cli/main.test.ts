import { describe, expect, it } from 'vitest';
import { runTm } from '../helpers/run-tm.js';

describe('the tm command', () => {
  it('--help lists every command and the exit codes', async () => {
    const r = await runTm(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['model', 'coverage', 'ci', 'attack', 'validate', 'register', 'report', 'telemetry', 'serve']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes: 0 done, 1 .*, 2 /);
    expect(r.stdout).toContain('--json');
  });

  it('--version prints the version', async () => {
    const r = await runTm(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown command or flag is a usage error (exit 2)', async () => {
    expect((await runTm(['frobnicate'])).code).toBe(2);
    const r = await runTm(['attack', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
  });

  it('subcommand help is complete', async () => {
    const r = await runTm(['attack', '--help']);
    for (const c of ['info', 'show', 'search', 'update', 'import']) expect(r.stdout).toContain(c);
  });
});
