import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { action, emit } from './context.js';

const registerFile = (p: string) => (existsSync(p) && statSync(p).isDirectory() ? join(p, 'threat-register.yaml') : p);

export function register(program: Command): void {
  const reg = program.command('register').description('the threat register written by `tm model org`');
  reg
    .command('diff <old> <new>')
    .description('new, unchanged, updated and resolved threats between two registers (files or `tm model org` folders)')
    .action(
      action(async (oldPath: string, newPath: string, _opts, cmd: Command) => {
        const { readRegister } = await import('../pipeline/org.js');
        const { diffRegisters } = await import('../register/diff.js');
        const d = diffRegisters(readRegister(registerFile(oldPath)), readRegister(registerFile(newPath)));
        emit(cmd, d, () =>
          [
            `new:       ${d.new.join(', ') || 'none'}`,
            `updated:   ${d.updated.map((u) => `${u.id} (${u.fields.join(', ')})`).join('; ') || 'none'}`,
            `resolved:  ${d.resolved.join(', ') || 'none'}`,
            `unchanged: ${d.unchanged.join(', ') || 'none'}`,
          ].join('\n'),
        );
      }),
    );
}
