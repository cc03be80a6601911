import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { miniKB } from '../helpers/attack.js';
import { runOrgModel, readAnswers, readRegister } from '../../src/pipeline/org.js';
import type { ServerSpec } from '../../src/gather/mcp/config.js';
import { loadSiemStore } from '../../src/servers/siem/store.js';
import { createSiemServer } from '../../src/servers/siem/server.js';
import { loadTicketStore } from '../../src/servers/tickets/store.js';
import { createTicketsServer } from '../../src/servers/tickets/server.js';
import { inProcess } from '../servers-context/standins.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import type { Answers } from '../../src/engines/offline/org-types.js';

const FIX = fileURLToPath(new URL('../fixtures/org/', import.meta.url));
const FS_SERVER = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));
const kb = miniKB();

/** A copy of the fixture organisation that a test may change. */
function orgCopy(): string {
  const d = mkdtempSync(join(tmpdir(), 'tm-org-'));
  cpSync(FIX, d, { recursive: true });
  return d;
}

async function servers(dir: string, withDocs = true): Promise<ServerSpec[]> {
  const siem = await loadSiemStore({ rules: [join(dir, 'rules')], alerts: join(dir, 'alerts.jsonl'), logSources: join(dir, 'log-sources.yaml') });
  const specs: ServerSpec[] = [await inProcess('siem', createSiemServer(siem)), await inProcess('tickets', createTicketsServer(loadTicketStore(join(dir, 'jira.json'))))];
  if (withDocs) specs.push({ name: 'docs', kind: 'stdio', command: process.execPath, args: [FS_SERVER, 'docs'], env: {}, cwd: dir });
  return specs;
}

const run = async (dir: string, out: string, answers: Answers, asOf: string, withDocs = true) =>
  runOrgModel({ kb, servers: await servers(dir, withDocs), roles: {}, timeoutMs: 10_000, outDir: out, asOf, answers });

describe('tm model org pipeline', () => {
  it('writes a valid register, the report and the answers; answers not given are proposed from discovery', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    const answers = readAnswers(join(FIX, 'answers.yaml'));
    const res = await run(dir, out, answers, '2026-06-30');
    const reg = readRegister(join(out, 'threat-register.yaml'));
    expect(validateAgainst('threat-register', reg).valid).toBe(true);
    expect(reg.organisation).toBe('Globex');
    const keys = reg.threats.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['insider-exfiltration:customer-database', 'insider-exfiltration:signing-keys', 'ransomware', 'credential-phishing']));
    const insider = reg.threats.find((t) => t.key === 'insider-exfiltration:customer-database')!;
    // raised by the worry and by ticket SEC-2, each with its evidence
    expect(insider.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ server: 'interview', arguments: { field: 'worries' } }), expect.objectContaining({ server: 'tickets', tool: 'search_issues', note: expect.stringContaining('SEC-2') })]));
    for (const t of reg.threats) for (const id of t.techniques) expect(kb.resolve(id).status).toBe('active');
    // saved answers: given ones plus what discovery proposed (incidents from tickets labelled incident)
    const saved = YAML.parse(readFileSync(join(out, 'answers.yaml'), 'utf8'));
    expect(saved.company).toBe('Globex');
    expect(saved.known_incidents).toEqual(['Phishing email with fake invoice', 'Engineer copied customer database export to USB']);
    expect(validateAgainst('answers', saved).valid).toBe(true);
    const md = readFileSync(join(out, 'threat-model.md'), 'utf8');
    for (const h of ['## Executive summary', '## Critical assets, ranked by business impact', '## Relevant threat actors', '## Historical incident analysis (2026-04-01 to 2026-07-01)', '## Threat register', '## Current controls and monitoring coverage', '## Detection gaps mapped to ATT&CK', '### Immediate', '### Short term', '### Long term'])
      expect(md).toContain(h);
    expect(md).toContain('rule `gx-ps-encoded` Encoded PowerShell: 3 of 3 alerts were false positives');
    expect(md).toContain('Log sources without rules: proxy.');
    expect(md).toContain('docs › read_text_file {"path":"overview.md"}');
    expect(res.context.docs.map((d) => d.path)).toEqual(['overview.md', 'systems.md']);
  });

  it('same inputs and --as-of give byte-identical files', async () => {
    const dir = orgCopy();
    const answers = readAnswers(join(FIX, 'answers.yaml'));
    await run(dir, join(dir, 'a'), answers, '2026-06-30', false);
    await run(dir, join(dir, 'b'), answers, '2026-06-30', false);
    for (const f of ['threat-register.yaml', 'threat-model.md', 'answers.yaml']) expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
  });

  it('a second run after changing the inputs keeps unchanged IDs, numbers the new threat next, resolves the vanished one', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    const a1 = readAnswers(join(FIX, 'answers.yaml'));
    const r1 = (await run(dir, out, a1, '2026-06-29', false)).register;
    const idOf = (reg: typeof r1, key: string) => reg.threats.find((t) => t.key === key)?.id;
    const maxInsider = Math.max(...r1.threats.filter((t) => t.category === 'INSIDER').map((t) => Number(t.id.slice(-3))));

    // next quarter: signing keys are no longer a crown jewel, source code is
    const a2 = { ...a1, crown_jewels: ['Customer database', 'Source code'] };
    const r2 = (await run(dir, out, a2, '2026-06-30', false)).register;
    expect(idOf(r2, 'insider-exfiltration:customer-database')).toBe(idOf(r1, 'insider-exfiltration:customer-database'));
    expect(idOf(r2, 'ransomware')).toBe(idOf(r1, 'ransomware'));
    expect(idOf(r2, 'insider-exfiltration:source-code')).toBe(`T-INSIDER-${String(maxInsider + 1).padStart(3, '0')}`);
    const gone = r2.threats.find((t) => t.key === 'insider-exfiltration:signing-keys')!;
    expect(gone.id).toBe(idOf(r1, 'insider-exfiltration:signing-keys'));
    expect(gone.status).toBe('resolved');
    expect(gone.history.at(-1)).toMatchObject({ date: '2026-06-30', from: 'open', to: 'resolved' });
    const res2 = readRegister(join(out, 'threat-register.yaml'));
    expect(res2.threats).toHaveLength(r1.threats.length + 1);
    const { diffRegisters } = await import('../../src/register/diff.js');
    const d = diffRegisters(r1, res2);
    expect(d.new).toEqual([idOf(r2, 'insider-exfiltration:source-code')]);
    expect(d.resolved).toEqual([gone.id]);
    expect(d.unchanged.length + d.updated.length).toBe(r1.threats.length - 1);
    const md = readFileSync(join(out, 'threat-model.md'), 'utf8');
    expect(md).toContain(`Since the previous run: new ${idOf(r2, 'insider-exfiltration:source-code')}`);
    expect(md).toContain(`resolved ${gone.id}`);
  });

  it('the interview hook gets defaults proposed from discovery and its answers are used and saved', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    let seen: Answers | undefined;
    await runOrgModel({
      kb,
      servers: await servers(dir),
      roles: {},
      timeoutMs: 10_000,
      outDir: out,
      asOf: '2026-06-30',
      interview: async (defaults) => {
        seen = defaults;
        return { ...defaults, worries: ['supplier compromise through our build pipeline'] };
      },
    });
    expect(seen).toMatchObject({ company: 'Globex', industry: 'technology', geography: ['europe'], crown_jewels: ['Customer database', 'Signing keys'], critical_systems: ['Billing API', 'Build pipeline'] });
    const reg = readRegister(join(out, 'threat-register.yaml'));
    expect(reg.threats.some((t) => t.key === 'supply-chain')).toBe(true);
    expect(YAML.parse(readFileSync(join(out, 'answers.yaml'), 'utf8')).worries).toEqual(['supplier compromise through our build pipeline']);
  });

  it('a bad register in the output folder is an input error with the file', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    cpSync(join(FIX, 'docs'), out, { recursive: true });
    writeFileSync(join(out, 'threat-register.yaml'), 'schema_version: 1\nthreats: [\n');
    await expect(run(dir, out, {}, '2026-06-30', false)).rejects.toMatchObject({ kind: 'input', where: expect.stringMatching(/threat-register\.yaml:\d+/) });
  });
});
