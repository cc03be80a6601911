import { describe, expect, it, afterEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import { McpPool } from '../../src/gather/mcp/pool.js';
import { gatherContext } from '../../src/gather/mcp/discover.js';
import type { ServerSpec } from '../../src/gather/mcp/config.js';
import { loadSiemStore } from '../../src/servers/siem/store.js';
import { createSiemServer } from '../../src/servers/siem/server.js';
import { loadTicketStore } from '../../src/servers/tickets/store.js';
import { createTicketsServer } from '../../src/servers/tickets/server.js';
import { atlassianStandIn, calls, inProcess, linearStandIn, notionStandIn, pantherStandIn, telemetryStandIn } from './standins.js';

const FIX = fileURLToPath(new URL('../fixtures/org/', import.meta.url));
const FS_SERVER = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));
const AS_OF = '2026-06-30';

let pool: McpPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

async function tmServers(): Promise<ServerSpec[]> {
  const siem = await loadSiemStore({ rules: [`${FIX}rules`], alerts: `${FIX}alerts.jsonl`, logSources: `${FIX}log-sources.yaml` });
  return [await inProcess('siem', createSiemServer(siem)), await inProcess('tickets', createTicketsServer(loadTicketStore(`${FIX}jira.json`)))];
}

describe('role adapters against real servers', () => {
  it("tm's siem and tickets servers: detections, alerts in the 90-day window, log sources, incidents", async () => {
    pool = await McpPool.connect(await tmServers(), { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, {}, AS_OF);
    expect(ctx.roles.find((r) => r.role === 'siem')).toMatchObject({ server: 'siem', adapter: 'tm-siem' });
    expect(ctx.roles.find((r) => r.role === 'ticketing')).toMatchObject({ server: 'tickets', adapter: 'tm-tickets' });
    expect(ctx.detections.map((d) => [d.id, d.techniques])).toEqual([
      ['gx-mfa-flood', ['T1110.001']],
      ['gx-ps-encoded', ['T1059.001']],
    ]);
    // A1 is older than 90 days before --as-of
    expect(ctx.alerts.map((a) => a.id)).toEqual(['A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
    expect(ctx.alerts[1].entities).toEqual(['user:bob']);
    expect(ctx.alerts[0].ev).toMatchObject({ server: 'siem', tool: 'list_alerts', arguments: { since: '2026-04-01T00:00:00Z', until: '2026-07-01T00:00:00Z' } });
    expect(ctx.logSources).toEqual([
      expect.objectContaining({ name: 'okta:okta', rules: 1 }),
      expect.objectContaining({ name: 'proxy', rules: 0 }),
      expect.objectContaining({ name: 'windows:process_creation', rules: 1 }),
    ]);
    // SEC-0 is outside the window
    expect(ctx.incidents.map((t) => [t.key, t.resolved])).toEqual([
      ['SEC-1', true],
      ['SEC-2', false],
    ]);
  });

  it('the official filesystem server over stdio reads the docs folder, with relative evidence paths', async () => {
    pool = await McpPool.connect([{ name: 'docs', kind: 'stdio', command: process.execPath, args: [FS_SERVER, 'docs'], env: {}, cwd: FIX }], { timeoutMs: 10000 });
    const ctx = await gatherContext(pool, { roles: { docs: 'docs' } }, AS_OF);
    expect(ctx.roles.find((r) => r.role === 'docs')).toMatchObject({ server: 'docs', adapter: 'filesystem' });
    expect(ctx.docs.map((d) => [d.path, d.title])).toEqual([
      ['overview.md', 'Globex — overview'],
      ['systems.md', 'Systems'],
    ]);
    expect(ctx.docs[0].text).toContain('Customer database');
    expect(ctx.docs[0].ev).toMatchObject({ server: 'docs', tool: 'read_text_file', arguments: { path: 'overview.md' } });
  });

  it('Panther stand-in: rules with MITRE reports, alerts, log sources, disabled rules inactive', async () => {
    pool = await McpPool.connect([await inProcess('panther', pantherStandIn())], { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, { roles: { siem: 'panther' } }, AS_OF);
    expect(ctx.roles.find((r) => r.role === 'siem')).toMatchObject({ adapter: 'panther' });
    expect(ctx.detections.map((d) => [d.id, d.techniques, d.active])).toEqual([
      ['AWS.Root.Login', ['T1078.004'], true],
      ['Okta.Brute', ['T1110'], false],
    ]);
    expect(ctx.alerts.map((a) => [a.id, a.rule_id, a.severity])).toEqual([
      ['p-1', 'AWS.Root.Login', 'critical'],
      ['p-2', 'AWS.Root.Login', 'critical'],
    ]);
    expect(ctx.logSources.map((l) => l.name)).toEqual(['CloudTrail prod']);
    expect(calls.find((c) => c.server === 'panther' && c.tool === 'list_alerts')?.args).toMatchObject({ start_date: '2026-04-01T00:00:00Z', end_date: '2026-07-01T00:00:00Z' });
  });

  it('Atlassian stand-in: looks up the cloudId first, then searches with JQL', async () => {
    pool = await McpPool.connect([await inProcess('jira', atlassianStandIn())], { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, { roles: { ticketing: 'jira' } }, AS_OF);
    expect(ctx.warnings).toEqual([expect.stringMatching(/telemetry|siem|docs/), expect.anything(), expect.anything()]);
    expect(ctx.incidents.map((t) => [t.key, t.summary, t.status, t.resolved])).toEqual([['SEC-7', 'Phishing campaign against finance', 'Done', true]]);
    const c = calls.find((x) => x.tool === 'searchJiraIssuesUsingJql')!;
    expect(c.args.cloudId).toBe('cloud-123');
    expect(c.args.jql).toBe('created >= "2026-04-01" AND created < "2026-07-01" ORDER BY created ASC');
  });

  it('Linear stand-in: list_issues with identifiers and completion dates', async () => {
    pool = await McpPool.connect([await inProcess('linear', linearStandIn())], { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, {}, AS_OF);
    expect(ctx.roles.find((r) => r.role === 'ticketing')).toMatchObject({ server: 'linear', adapter: 'linear' });
    expect(ctx.incidents.map((t) => [t.key, t.resolved, t.labels])).toEqual([
      ['SEC-31', true, ['incident', 'security']],
      ['SEC-32', false, ['security']],
    ]);
  });

  it('Notion stand-in: search then fetch, text results', async () => {
    pool = await McpPool.connect([await inProcess('notion', notionStandIn())], { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, { adapters: { notion: 'notion' }, roles: { docs: 'notion' } }, AS_OF);
    expect(ctx.docs).toEqual([expect.objectContaining({ path: 'page-1', title: 'Security architecture', text: expect.stringContaining('Payroll data') })]);
    expect(ctx.docs[0].ev).toMatchObject({ server: 'notion', tool: 'notion-fetch', arguments: { id: 'page-1' } });
  });
});

describe('telemetry role', () => {
  it("tm's telemetry tool names and paged results: devices, anomalies", async () => {
    pool = await McpPool.connect([await inProcess('telemetry', telemetryStandIn())], { timeoutMs: 5000 });
    const ctx = await gatherContext(pool, { roles: { telemetry: 'telemetry' } }, AS_OF);
    expect(ctx.roles.find((r) => r.role === 'telemetry')).toMatchObject({ adapter: 'tm-telemetry' });
    expect(ctx.devices.map((d) => [d.id, d.hostname, d.criticality])).toEqual([
      ['dev-1', 'pay-gw-1', 'high'],
      ['dev-2', 'laptop-7', 'low'],
    ]);
    expect(ctx.anomalies).toEqual([expect.objectContaining({ id: 'an-1', type: 'Impossible travel for u-7', device: 'dev-2', status: 'open' })]);
    expect(calls.find((c) => c.tool === 'list_devices')?.args).toEqual({ limit: 200 });
  });
});

describe('dead and slow servers', () => {
  it('a server that exits at once and one that never answers are reported and skipped; the rest is gathered', async () => {
    const specs: ServerSpec[] = [
      { name: 'dead', kind: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: {}, cwd: FIX },
      { name: 'hang', kind: 'stdio', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, cwd: FIX },
      { name: 'nosuch', kind: 'stdio', command: '/nonexistent/tm-test-binary', args: [], env: {}, cwd: FIX },
      ...(await tmServers()),
    ];
    const seen: string[] = [];
    pool = await McpPool.connect(specs, { timeoutMs: 800, onStatus: (s) => seen.push(`${s.name}:${s.state}`) });
    const st = Object.fromEntries(pool.statuses().map((s) => [s.name, s]));
    expect(st.dead.state).toBe('failed');
    expect(st.hang.state).toBe('failed');
    expect(st.hang.error).toMatch(/timed out after 800 ms/);
    expect(st.nosuch.state).toBe('failed');
    expect(st.siem.state).toBe('ready');
    expect(seen).toContain('dead:connecting');
    const ctx = await gatherContext(pool, { roles: { telemetry: 'dead' } }, AS_OF);
    expect(ctx.alerts.length).toBe(6);
    expect(ctx.warnings.some((w) => w.startsWith('server hang skipped'))).toBe(true);
    expect(ctx.roles.find((r) => r.role === 'telemetry')).toMatchObject({ server: 'dead', note: expect.stringMatching(/unavailable/) });
  });

  it('a tool call that fails is a warning, not a crash', async () => {
    pool = await McpPool.connect(await tmServers(), { timeoutMs: 5000 });
    const r = await pool.call('siem', 'get_alert', { id: 'nope' });
    expect(r).toEqual({ ok: false, error: 'no alert nope' });
    expect(await pool.call('absent', 'x', {})).toEqual({ ok: false, error: 'absent is not connected' });
  });
});
