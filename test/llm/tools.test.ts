import { describe, expect, it } from 'vitest';
import { RepoFiles } from '../../src/engines/llm/repo-files.js';
import { attackTool, repoTools } from '../../src/engines/llm/tools.js';
import { miniKB } from '../helpers/attack.js';
import { PLANTED, secretRepoCopy } from './helpers.js';

describe('read-only tools', () => {
  const repo = secretRepoCopy();
  const files = new RepoFiles(repo, [{ file: 'src/server.js', line: 11 }]);
  const [readFile, search] = repoTools(files);

  it('read_file returns numbered, redacted lines of a repo file', async () => {
    const out = await readFile.run({ path: './src/server.js' });
    expect(out).toMatch(/^src\/server\.js \(\d+ lines\)/);
    expect(out).toContain("15| app.post('/login'");
    // line 11 was flagged by the secrets scanner: blanked whole
    expect(out).toContain('11| [REDACTED: this line holds a secret');
    for (const s of PLANTED) expect(out).not.toContain(s);
    const part = await readFile.run({ path: 'src/server.js', start_line: 15, end_line: 16 });
    expect(part.split('\n').slice(1).filter(Boolean)).toHaveLength(2);
  });

  it('read_file caps what one call returns and says where to go on', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    writeFileSync(join(repo, 'src', 'big.js'), Array.from({ length: 3000 }, (_, i) => `const line${i} = ${i};`).join('\n'));
    const big = new RepoFiles(repo);
    const [rf] = repoTools(big);
    const out = await rf.run({ path: 'src/big.js' });
    expect(out.length).toBeLessThan(25_000);
    expect(out).toMatch(/\[cut at line (\d+) of 3000; call read_file with start_line \d+ for more\]$/);
    const next = Number(/start_line (\d+)/.exec(out)![1]);
    expect(await rf.run({ path: 'src/big.js', start_line: next, end_line: next })).toContain(`${next}| const line${next - 1} =`);
  });

  it('read_file refuses paths outside the repo, ignored files, symlinks and .git', () => {
    for (const p of ['../outside.txt', '/etc/passwd', 'src/../../outside.txt', 'local.secrets', 'src/escape.txt', '.git/config', 'nope.js']) {
      expect(() => readFile.run({ path: p }), p).toThrow();
    }
  });

  it('redacts every planted secret in every readable file', async () => {
    for (const p of files.list()) {
      const out = await readFile.run({ path: p });
      for (const s of PLANTED) expect(out, p).not.toContain(s);
    }
  });

  it('search_repo finds lines, redacted, with path:line', async () => {
    const out = await search.run({ query: 'jwt.' });
    expect(out).toContain('src/server.js:19:');
    expect(out).toContain('src/server.js:24:');
    expect(await search.run({ query: 'sk_live' })).not.toMatch(/PLANTED/);
    expect(await search.run({ query: 'zzzz-not-there' })).toMatch(/no match/);
    expect(() => search.run({ query: 'a' })).toThrow();
  });

  it('attack_lookup answers by ID (with revocations) and by words', async () => {
    const tool = attackTool(miniKB());
    expect(await tool.run({ query: 'T1078' })).toMatch(/^T1078 Valid Accounts/);
    expect(await tool.run({ query: 'T1086' })).toMatch(/REVOKED.*use T1059\.001/);
    expect(await tool.run({ query: 'T9999' })).toMatch(/not in ATT&CK/);
    expect(await tool.run({ query: 'brute force' })).toContain('T1110');
  });
});
