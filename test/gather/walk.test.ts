import { symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherRepo } from '../../src/gather/repo/index.js';
import { TmError } from '../../src/util/errors.js';
import { makeRepo } from './helpers.js';

const files = (root: string) => new Set(gatherRepo(root).evidence.map((e) => e.at.file));

describe('repo walk', () => {
  it('honours .gitignore at the root and in sub-folders, and skips node_modules and tm outputs', () => {
    const root = makeRepo({
      '.gitignore': 'dist/\n*.log\n',
      'app/.gitignore': 'local.js\n',
      'app/index.js': "const x = process.env.API_TOKEN;\n",
      'app/local.js': "const y = process.env.LOCAL_ONLY;\n",
      'dist/bundle.js': "const z = process.env.IN_DIST;\n",
      'debug.log': 'PASSWORD=hunter22hunter22\n',
      'node_modules/pkg/index.js': "process.env.FROM_DEPS\n",
      'threat-model/app-threat-model.yaml': 'DATABASE_URL: postgres://a:verysecret@db/x\n',
    });
    const g = gatherRepo(root);
    const names = g.evidence.map((e) => e.name);
    expect(names).toContain('API_TOKEN');
    expect(names).not.toContain('LOCAL_ONLY');
    expect(names).not.toContain('IN_DIST');
    expect(names).not.toContain('FROM_DEPS');
    expect(g.evidence.some((e) => e.kind === 'secret')).toBe(false);
    expect(g.stats.skipped_ignored).toBeGreaterThanOrEqual(3);
  });

  it('skips binaries and files over 1 MB, and reports non-UTF-8 files but keeps going', () => {
    const root = makeRepo({
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x41, 0x4b, 0x49, 0x41]),
      'big.js': 'process.env.BIG_ONE;\n' + 'x'.repeat(1024 * 1024 + 10),
      'latin1.py': new Uint8Array([0x23, 0x20, 0xe9, 0xe8, 0x0a]),
      'ok.js': 'process.env.GOOD_ONE;\n',
    });
    const g = gatherRepo(root);
    expect(g.stats.skipped_large).toBe(1);
    expect(g.stats.skipped_binary).toBe(1);
    expect(g.problems).toContainEqual(expect.objectContaining({ file: 'latin1.py', error: expect.stringMatching(/not valid UTF-8/) }));
    expect(g.evidence.map((e) => e.name)).toContain('GOOD_ONE');
    expect(g.evidence.map((e) => e.name)).not.toContain('BIG_ONE');
  });

  it('never follows a symlink out of the repo, and reports loops', () => {
    const outside = makeRepo({ 'secret.env': 'STRIPE_SECRET_KEY=sk_live_abcdefghijklmnop1234\n' }, 'outside');
    const root = makeRepo({ 'src/app.js': 'process.env.INSIDE;\n' });
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(outside, 'secret.env'), join(root, 'linked.env'));
    mkdirSync(join(root, 'a/b'), { recursive: true });
    symlinkSync(join(root, 'a'), join(root, 'a/b/loop'));
    symlinkSync('self', join(root, 'self'));
    const g = gatherRepo(root);
    expect(g.evidence.some((e) => e.kind === 'secret')).toBe(false);
    const msgs = g.problems.map((p) => `${p.file}: ${p.error}`);
    expect(msgs).toContain('escape: symlink points outside the repository, not followed');
    expect(msgs).toContain('linked.env: symlink points outside the repository, not followed');
    expect(msgs).toContain('a/b/loop: symlink loop (points to a parent folder), not followed');
    expect(msgs).toContain('self: symlink loop, not followed');
    expect(files(root)).toContain('src/app.js');
  });

  it('rejects a missing path and a file with clear input errors', () => {
    const root = makeRepo({ 'a.js': '1\n' });
    expect(() => gatherRepo(join(root, 'nope'))).toThrow(TmError);
    expect(() => gatherRepo(join(root, 'nope'))).toThrow(/no such folder/);
    expect(() => gatherRepo(join(root, 'a.js'))).toThrow(/is a file, not a folder/);
  });

  it('walks in a fixed order: the same tree gives the same evidence', () => {
    const root = makeRepo({ 'b/x.js': 'process.env.B1;\n', 'a/y.js': 'process.env.A1;\n', 'c.js': 'process.env.C1;\n' });
    writeFileSync(join(root, 'd.js'), 'process.env.D1;\n');
    expect(gatherRepo(root)).toEqual(gatherRepo(root));
    expect(gatherRepo(root).evidence.map((e) => e.at.file)).toEqual(['a/y.js', 'b/x.js', 'c.js', 'd.js']);
  });
});
