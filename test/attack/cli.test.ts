import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTm, isolatedHome } from '../helpers/run-tm.js';
import { MINI_BUNDLE, MINI_BUNDLE_21, MOBILE_BUNDLE } from '../helpers/attack.js';

const tmp = mkdtempSync(join(tmpdir(), 'tm-attack-cli-'));
const withMini = () => ({ ...isolatedHome(), TM_ATTACK_DATA: MINI_BUNDLE, TM_ATTACK_VERSION: '18.1' });

describe('tm attack show / search / info', () => {
  it('prints the contract JSON for a sub-technique', async () => {
    const r = await runTm(['attack', 'show', 'T1059.001', '--json'], { env: withMini() });
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({
      id: 'T1059.001',
      name: 'PowerShell',
      type: 'subtechnique',
      tactics: ['execution'],
      platforms: ['Windows'],
      parent: 'T1059',
      subtechniques: [],
      revoked: false,
      deprecated: false,
      replacedBy: null,
      mitigations: [{ id: 'M1042', name: 'Disable or Remove Feature or Program' }],
      groups: [{ id: 'G0016', name: 'APT29' }],
      url: 'https://attack.mitre.org/techniques/T1059/001',
    });
    expect(d.detectionStrategies[0].analytics[0].dataComponents).toEqual([
      { id: 'DC0001', name: 'Process Creation' },
      { id: 'DC0002', name: 'Command Execution' },
    ]);
  });

  it('says a revoked ID is revoked and names its replacement', async () => {
    const r = await runTm(['attack', 'show', 't1086'], { env: withMini() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVOKED: replaced by T1059.001 PowerShell');
  });

  it('exits 2 on an unknown ID and suggests the nearest', async () => {
    const r = await runTm(['attack', 'show', 'T1059.004'], { env: withMini() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown ATT&CK ID T1059\.004/);
    expect(r.stderr).toMatch(/did you mean: T1059\.00[13]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows tactics, groups, data components and detection strategies by ID', async () => {
    for (const id of ['TA0006', 'G0016', 'S0154', 'M1042', 'C0024', 'DET0001', 'AN0001', 'DC0001']) {
      const r = await runTm(['attack', 'show', id, '--json'], { env: withMini() });
      expect(r.code, id).toBe(0);
      expect(JSON.parse(r.stdout).id).toBe(id);
    }
  });

  it('searches by alias', async () => {
    const r = await runTm(['attack', 'search', 'cozy', 'bear', '--json'], { env: withMini() });
    expect(JSON.parse(r.stdout)[0].id).toBe('G0016');
  });

  it('info reports version, source and counts', async () => {
    const r = await runTm(['--json', 'attack', 'info'], { env: withMini() });
    const info = JSON.parse(r.stdout);
    expect(info.version).toBe('18.1');
    expect(info.source.origin).toBe('env');
    expect(info.counts.technique).toBe(6);
    expect(info.counts.subtechnique).toBe(3);
    expect(info.tactics.map((t: { id: string }) => t.id)).toEqual(['TA0001', 'TA0002', 'TA0005', 'TA0006', 'TA0010']);
  });

  it('warns when a STIX 2.0 bundle does not say which release it is', async () => {
    const r = await runTm(['attack', 'info', '--json'], { env: { ...isolatedHome(), TM_ATTACK_DATA: MINI_BUNDLE } });
    expect(JSON.parse(r.stdout).version).toBe('unknown');
    expect(r.stderr).toMatch(/does not say which release it is.*TM_ATTACK_VERSION/);
  });

  it('--attack-data wins over TM_ATTACK_DATA and reads .json.gz', async () => {
    const gz = join(tmp, 'mini.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(MINI_BUNDLE_21)));
    const r = await runTm(['attack', 'info', '--json', '--attack-data', gz], { env: withMini() });
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.version).toBe('19.1');
    expect(info.source.origin).toBe('flag');
  });
});

describe('bad ATT&CK data gets one clear line and exit 2', () => {
  const cases: [string, string | null, RegExp][] = [
    ['empty.json', '', /is empty/],
    ['truncated.json', readFileSync(MINI_BUNDLE, 'utf8').slice(0, 500), /truncated JSON/],
    ['notstix.json', '{"hello": "world"}', /not a STIX bundle/],
    ['mobile', null, /mobile-attack bundle, not Enterprise/],
    ['missing.json', null, /not found/],
  ];
  for (const [name, content, re] of cases) {
    it(name, async () => {
      let file = join(tmp, name);
      if (name === 'mobile') file = MOBILE_BUNDLE;
      else if (content !== null) writeFileSync(file, content);
      const r = await runTm(['attack', 'info', '--attack-data', file], { env: isolatedHome() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).toMatch(/hint: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('tm attack update / import and the first-run download', () => {
  let server: Server;
  let url = '';
  const served = readFileSync(MINI_BUNDLE_21);
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/enterprise-attack-19.1.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': served.length });
        res.end(served);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads, checks, caches and pins; later runs use the cache', async () => {
    const home = isolatedHome();
    const up = await runTm(['attack', 'update', '--json'], { env: { ...home, TM_ATTACK_URL: `${url}/enterprise-attack-19.1.json` } });
    expect(up.code, up.stderr).toBe(0);
    const d = JSON.parse(up.stdout);
    expect(d.version).toBe('19.1');
    expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
    const pin = JSON.parse(readFileSync(join(home.XDG_CACHE_HOME, 'tm', 'attack', 'attack.lock.json'), 'utf8'));
    expect(pin).toMatchObject({ version: '19.1', sha256: d.sha256 });
    const info = await runTm(['attack', 'info', '--json'], { env: home });
    expect(JSON.parse(info.stdout).source.origin).toBe('cache');
  });

  it('refuses a bundle of another version than asked', async () => {
    const r = await runTm(['attack', 'update', '--version', '19.0'], { env: { ...isolatedHome(), TM_ATTACK_URL: `${url}/enterprise-attack-19.1.json` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds ATT&CK 19\.1, not the requested 19\.0/);
  });

  it('the first command that needs ATT&CK downloads it when nothing is found', async () => {
    const r = await runTm(['attack', 'show', 'T1059.001', '--json'], { env: { ...isolatedHome(), TM_ATTACK_URL: `${url}/enterprise-attack-19.1.json` } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('PowerShell');
  });

  it('fails fast with a clear message when the network does not answer', async () => {
    const r = await runTm(['attack', 'show', 'T1059'], { env: { ...isolatedHome(), TM_ATTACK_URL: 'http://127.0.0.1:9/none.json' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no ATT&CK data found, and the download failed/);
    expect(r.stderr).toMatch(/tm attack import/);
  });

  it('imports a local STIX 2.0 bundle when told its version', async () => {
    const home = isolatedHome();
    const no = await runTm(['attack', 'import', MINI_BUNDLE], { env: home });
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/--version/);
    const ok = await runTm(['attack', 'import', MINI_BUNDLE, '--version', '18.1', '--json'], { env: home });
    expect(ok.code, ok.stderr).toBe(0);
    // the user's pin now names 18.1, so the cached copy is found without flags
    const info = await runTm(['attack', 'info', '--json'], { env: home });
    expect(JSON.parse(info.stdout)).toMatchObject({ version: '18.1', source: { origin: 'cache' } });
  });
});
