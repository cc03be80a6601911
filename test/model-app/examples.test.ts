import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeShared, REAL_BUNDLE } from '../helpers/shared.js';
import { isolatedHome, runTm } from '../helpers/run-tm.js';
import { EXAMPLES } from '../gather/helpers.js';

describeShared('checked-in example models (real ATT&CK 18.1)', () => {
  for (const x of ['node-shop-api', 'py-payments-aws']) {
    it(`${x}: regenerating gives the checked-in files byte for byte`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'tm-ex-'));
      const r = await runTm(['--attack-data', REAL_BUNDLE, 'model', 'app', join(EXAMPLES, x), '-o', out, '--format', 'both', '--as-of', '2026-11-24'], {
        env: { ...isolatedHome(), TM_ATTACK_VERSION: '18.1' },
      });
      expect(r.code, r.stderr).toBe(0);
      for (const f of ['app-threat-model.yaml', 'app-threat-model.md'])
        expect(readFileSync(join(out, f), 'utf8'), `${x}/threat-model/${f} is stale: regenerate it (see examples/README.md)`).toBe(readFileSync(join(EXAMPLES, x, 'threat-model', f), 'utf8'));
    });
  }
});
