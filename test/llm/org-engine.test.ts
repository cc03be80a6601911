import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerSpec } from '../../src/gather/mcp/config.js';
import { readAnswers, readRegister, runOrgModel } from '../../src/pipeline/org.js';
import { createSiemServer } from '../../src/servers/siem/server.js';
import { loadSiemStore } from '../../src/servers/siem/store.js';
import { createTicketsServer } from '../../src/servers/tickets/server.js';
import { loadTicketStore } from '../../src/servers/tickets/store.js';
import { validateAgainst } from '../../src/validate/ajv.js';
import { isEnforcementTool } from '../../src/engines/llm/org-tools.js';
import { miniKB } from '../helpers/attack.js';
import { inProcess } from '../servers-context/standins.js';
import { FakeMessagesServer, lastMessage, textReply, toolUseReply, apiError, type Block } from './fake-server.js';
import { orgAnswers, orgHandler, orgStageOf } from './org-answers.js';

const FIX = fileURLToPath(new URL('../fixtures/org/', import.meta.url));
const FS_SERVER = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));
const kb = miniKB();
const PLANTED_DOC = ['AKIAQPLANTED03EXAMPL', 'ghp_PLANTED06aBcDeFgHiJkLmNoPqRsTuVwXyZ012345'];
const json = (data: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(data) }] });

/** A telemetry server with read tools and the enforcement tools a real one has; records every call. */
function telemetryWithEnforcement(calls: string[]): McpServer {
  const s = new McpServer({ name: 'tm-telemetry', version: 'test' }, { capabilities: { tools: {} } });
  const page = { limit: z.number().optional(), cursor: z.string().optional() };
  const rec = (name: string, data: unknown) => async () => (calls.push(name), json(data));
  s.registerTool('list_devices', { inputSchema: z.object(page) }, rec('list_devices', { items: [{ id: 'dev-1', hostname: 'billing-1', os: 'linux', criticality: 'high', owner_user_id: 'u-1' }], next_cursor: null }));
  s.registerTool('list_anomalies', { inputSchema: z.object(page) }, rec('list_anomalies', { items: [{ id: 'an-1', device_id: 'dev-1', title: 'secret AKIAQPLANTED03EXAMPL in a command line', severity: 'high', status: 'open' }], next_cursor: null }));
  s.registerTool('list_policies', { inputSchema: z.object(page) }, rec('list_policies', { items: [], next_cursor: null }));
  s.registerTool('get_posture', { inputSchema: z.object({}) }, rec('get_posture', { risk_score: 3 }));
  for (const t of ['isolate_device', 'block_destination', 'suspend_user', 'close_anomaly', 'create_policy'])
    s.registerTool(t, { inputSchema: z.object({ device_id: z.string().optional() }) }, rec(t, { done: true }));
  return s;
}

function orgCopy(): string {
  const d = mkdtempSync(join(tmpdir(), 'tm-llm-org-'));
  cpSync(FIX, d, { recursive: true });
  writeFileSync(join(d, 'docs', 'runbook.md'), `# Deploy runbook\n\nCI uses AWS key ${PLANTED_DOC[0]} and token ${PLANTED_DOC[1]}.\n`);
  return d;
}

async function servers(dir: string, calls: string[]): Promise<ServerSpec[]> {
  const siem = await loadSiemStore({ rules: [join(dir, 'rules')], alerts: join(dir, 'alerts.jsonl'), logSources: join(dir, 'log-sources.yaml') });
  return [
    await inProcess('siem', createSiemServer(siem)),
    await inProcess('tickets', createTicketsServer(loadTicketStore(join(dir, 'jira.json')))),
    await inProcess('telemetry', telemetryWithEnforcement(calls)),
    { name: 'docs', kind: 'stdio', command: process.execPath, args: [FS_SERVER, 'docs'], env: {}, cwd: dir },
  ];
}

describe('tm model org --engine anthropic (pipeline, fake API, in-process MCP servers)', () => {
  let fake: FakeMessagesServer;
  const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL, base: process.env.TM_LLM_RETRY_BASE_MS };
  const answers = orgAnswers({ baselineKey: 'ransomware', baselineCategory: 'RANSOMWARE', server: 'siem', tool: 'list_alerts', asset: 'Billing API', rule: 'gx-mfa-flood' });
  beforeAll(async () => {
    fake = await FakeMessagesServer.start(orgHandler(answers));
    Object.assign(process.env, { ANTHROPIC_API_KEY: 'sk-ant-fake', ANTHROPIC_BASE_URL: fake.url, TM_LLM_RETRY_BASE_MS: '5' });
  });
  afterAll(async () => {
    await fake.close();
    for (const [k, v] of [['ANTHROPIC_API_KEY', saved.key], ['ANTHROPIC_BASE_URL', saved.url], ['TM_LLM_RETRY_BASE_MS', saved.base]] as const) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });
  afterEach(() => {
    fake.requests.length = 0;
  });

  const run = async (dir: string, out: string, calls: string[], engine: 'offline' | 'anthropic' = 'anthropic', progress: string[] = []) =>
    runOrgModel({ kb, servers: await servers(dir, calls), roles: {}, timeoutMs: 10_000, outDir: out, asOf: '2026-06-30', answers: readAnswers(join(FIX, 'answers.yaml')), engine, onProgress: (m) => progress.push(m) });

  it('stages in order; the model’s threats checked (IDs remapped/dropped, unknown sources removed) and given stable register IDs; usage in metadata', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    const calls: string[] = [];
    // run 1 offline; run 2 with the model on the same folder: a threat the model keeps (same key) keeps its ID
    await run(dir, out, calls, 'offline');
    const before = readRegister(join(out, 'threat-register.yaml'));
    const progress: string[] = [];
    fake.handler = orgHandler(answers, { threats: [toolUseReply([{ name: 'mcp_siem_list_alerts', input: { arguments: { limit: 5 } } }, { name: 'attack_lookup', input: { query: 'T1086' } }]), 'answer'] });
    const res = await run(dir, out, calls, 'anthropic', progress);

    expect(fake.requests.map(orgStageOf)).toEqual(['threats', 'threats', 'recommendations']);
    expect(fake.strayRequests).toEqual([]);
    const reg = readRegister(join(out, 'threat-register.yaml'));
    expect(validateAgainst('threat-register', reg).errors).toEqual([]);
    expect(reg.metadata).toMatchObject({ engine: 'anthropic', stages: [{ name: 'threats', engine: 'anthropic' }, { name: 'recommendations', engine: 'anthropic' }] });
    const usage = (reg.metadata as { usage: { input_tokens: number; output_tokens: number } }).usage;
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBeGreaterThan(0);

    const ransomware = reg.threats.find((t) => t.key === 'ransomware')!;
    expect(ransomware.id).toBe(before.threats.find((t) => t.key === 'ransomware')!.id);
    expect(ransomware.title).toMatch(/^FROM-THE-MODEL/);
    expect(ransomware.techniques).toEqual(['T1078']); // T9999 dropped
    expect(ransomware.actors).toEqual(['G0016']); // G9999 dropped
    expect(ransomware.detections).toEqual(['gx-mfa-flood']); // unknown rule dropped
    expect(ransomware.evidence.map((e) => e.server)).toEqual(['siem']); // evil-server removed
    const intrusion = reg.threats.find((t) => t.key === 'scripted-intrusion')!;
    expect(intrusion.id).toBe('T-INTRUSION-001');
    expect(intrusion.techniques).toEqual(['T1059.001', 'T1190']); // revoked T1086 remapped
    // threats the model no longer lists are resolved, never deleted
    for (const t of before.threats.filter((t) => t.key !== 'ransomware')) expect(reg.threats.find((x) => x.id === t.id)?.status).toBe('resolved');
    expect(res.warnings.join('\n')).toMatch(/T1086 is revoked .* remapped to T1059\.001/);
    expect(res.warnings.join('\n')).toMatch(/T9999 is not in ATT&CK/);
    expect(res.warnings.join('\n')).toMatch(/not-a-key/);
    expect(res.draft.recommendations.immediate[0]).toEqual({ text: 'FROM-THE-MODEL enforce phishing-resistant MFA', threats: ['ransomware'] });
    const md = readFileSync(join(out, 'threat-model.md'), 'utf8');
    expect(md).toContain('FROM-THE-MODEL SIEM detection programme');
    expect(md).toContain(`FROM-THE-MODEL enforce phishing-resistant MFA`);

    // tools: ATT&CK lookup and the adapters' read tools only; never an enforcement tool
    const offered = fake.requests[0].body.tools!.map((t) => t.name).sort();
    expect(offered).toContain('attack_lookup');
    expect(offered).toContain('mcp_siem_list_alerts');
    expect(offered).toContain('mcp_telemetry_list_devices');
    expect(offered.filter((n) => /isolate|block|suspend|close|create/.test(n))).toEqual([]);
    for (const r of fake.requests) expect((r.body.tools ?? []).every((t) => !isEnforcementTool(t.name.replace(/^mcp_[^_]+_/, '')))).toBe(true);
    expect(calls.filter((c) => /isolate|block|suspend|close|create/.test(c))).toEqual([]);
    // the MCP tool really ran against the still-open pool, and its result went back to the model
    const toolResults = (lastMessage(fake.requests[1]).content as Block[]).filter((b) => b.type === 'tool_result');
    expect(JSON.stringify(toolResults[0].content)).toContain('gx-mfa-flood');
    expect(JSON.stringify(toolResults[1].content)).toMatch(/REVOKED/);

    // the planted secrets (a document and a telemetry anomaly) never reached the API
    const sent = fake.allSent();
    for (const s of PLANTED_DOC) expect(sent).not.toContain(s);
    expect(sent).toContain('Deploy runbook');
    expect(progress.some((p) => /stage 1\/2 \(threats\)/.test(p))).toBe(true);
  }, 30_000);

  it('retries an invalid answer once with the errors, then falls back per stage and records why', async () => {
    const dir = orgCopy();
    const out = join(dir, 'out');
    fake.handler = orgHandler(answers, {
      threats: [textReply('{"threats": [{"key": "x"}]}'), 'answer'],
      recommendations: [textReply('not json at all'), textReply('{"recommendations": {}}')],
    });
    const res = await run(dir, out, []);
    expect(fake.requests.map(orgStageOf)).toEqual(['threats', 'threats', 'recommendations', 'recommendations']);
    const retry = lastMessage(fake.requests[1]);
    expect(JSON.stringify(retry.content)).toContain('/threats/0');
    const reg = readRegister(join(out, 'threat-register.yaml'));
    expect(validateAgainst('threat-register', reg).errors).toEqual([]);
    const stages = (reg.metadata as { stages: { name: string; engine: string; fallback_reason?: string }[] }).stages;
    expect(stages[0]).toEqual({ name: 'threats', engine: 'anthropic' });
    expect(stages[1]).toMatchObject({ name: 'recommendations', engine: 'offline', fallback_reason: expect.stringMatching(/still invalid after a retry/) });
    expect(reg.metadata!.engine).toBe('anthropic');
    // the offline recommendations keep only the keys this run has
    const keys = new Set(reg.threats.map((t) => t.key));
    for (const b of ['immediate', 'short_term', 'long_term'] as const) for (const r of res.draft.recommendations[b]) for (const k of r.threats) expect(keys.has(k)).toBe(true);
  }, 30_000);

  it('an API that stays down: every stage falls back to the offline engine, the register is the offline one', async () => {
    const dir = orgCopy();
    fake.handler = () => apiError(529, 'overloaded_error', 'overloaded');
    const res = await run(dir, join(dir, 'out'), []);
    const off = await run(orgCopy(), join(mkdtempSync(join(tmpdir(), 'tm-llm-org-')), 'out'), [], 'offline');
    const stages = (res.register.metadata as { stages: { engine: string; fallback_reason?: string }[] }).stages;
    expect(stages.map((s) => s.engine)).toEqual(['offline', 'offline']);
    expect(stages[0].fallback_reason).toBeTruthy();
    expect(res.register.metadata!.engine).toBe('offline');
    expect(res.register.threats.map((t) => [t.id, t.key])).toEqual(off.register.threats.map((t) => [t.id, t.key]));
  }, 60_000);
});
