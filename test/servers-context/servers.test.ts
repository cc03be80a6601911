import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { McpServer } from '@modelcontextprotocol/server';
import { loadSiemStore } from '../../src/servers/siem/store.js';
import { createSiemServer } from '../../src/servers/siem/server.js';
import { loadTicketStore } from '../../src/servers/tickets/store.js';
import { createTicketsServer } from '../../src/servers/tickets/server.js';
import { parseCsv } from '../../src/servers/tickets/csv.js';

const FIX = fileURLToPath(new URL('../fixtures/org/', import.meta.url));

async function connect(server: McpServer) {
  const [c, s] = InMemoryTransport.createLinkedPair();
  await server.connect(s);
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(c);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = await client.callTool({ name, arguments: args });
    return { isError: Boolean(r.isError), data: r.structuredContent as Record<string, any>, text: (r.content as { text: string }[])[0]?.text };
  };
  return { client, call };
}

describe('tm serve siem', () => {
  it('loads rules (bad files listed, the rest served), alerts (bad lines listed) and log sources', async () => {
    const store = await loadSiemStore({ rules: [`${FIX}rules`], alerts: `${FIX}alerts.jsonl`, logSources: `${FIX}log-sources.yaml` });
    expect(store.detections.map((d) => d.id)).toEqual(['gx-mfa-flood', 'gx-ps-encoded']);
    expect(store.alerts).toHaveLength(7);
    expect(store.problems.some((p) => /broken\.yml/.test(p.file))).toBe(true);
    expect(store.problems.some((p) => /alerts\.jsonl/.test(p.file) && p.line === 8)).toBe(true);
  });

  it('answers its tools over MCP', async () => {
    const store = await loadSiemStore({ rules: [`${FIX}rules`], alerts: `${FIX}alerts.jsonl`, logSources: `${FIX}log-sources.yaml` });
    const { client, call } = await connect(createSiemServer(store));
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(['aggregate_alerts', 'get_alert', 'get_detection', 'list_alerts', 'list_detections', 'list_log_sources']);
    expect((await call('list_detections', { technique: 'T1110' })).data.detections.map((d: { id: string }) => d.id)).toEqual(['gx-mfa-flood']);
    expect((await call('get_detection', { id: 'gx-ps-encoded' })).data).toMatchObject({ log_source: 'windows:process_creation', techniques: ['T1059.001'], status: 'experimental' });
    const w = await call('list_alerts', { since: '2026-06-01T00:00:00Z', until: '2026-06-03T00:00:00Z' });
    expect(w.data.alerts.map((a: { id: string }) => a.id)).toEqual(['A4', 'A5']);
    expect((await call('list_alerts', { severity: 'high', status: 'open' })).data.total).toBe(1);
    expect((await call('aggregate_alerts', { group_by: 'rule_id' })).data.groups).toEqual([
      { key: 'gx-mfa-flood', count: 4 },
      { key: 'gx-ps-encoded', count: 3 },
    ]);
    expect((await call('aggregate_alerts', { group_by: 'entity', since: '2026-06-01T00:00:00Z' })).data.groups[0]).toEqual({ key: 'host:build-1', count: 3 });
    expect((await call('list_log_sources')).data.log_sources).toContainEqual({ name: 'proxy', rules: 0, ingested: true, description: 'web proxy' });
    const miss = await call('get_alert', { id: 'zzz' });
    expect(miss.isError).toBe(true);
    await client.close();
  });
});

describe('tm serve tickets', () => {
  it('reads the Jira search-API JSON export (ADF descriptions flattened, bad entries listed)', () => {
    const s = loadTicketStore(`${FIX}jira.json`);
    expect(s.source).toBe('jira-json');
    expect(s.tickets.map((t) => t.key)).toEqual(['SEC-0', 'SEC-1', 'SEC-2']);
    expect(s.tickets[1].description).toBe('Finance reported it.');
    expect(s.problems).toEqual([{ file: 'jira.json', error: 'issues[3]: needs key and fields' }]);
  });

  it('reads Jira and Linear CSV exports', () => {
    const j = loadTicketStore(`${FIX}jira.csv`);
    expect(j.source).toBe('jira-csv');
    expect(j.tickets[0]).toMatchObject({ key: 'SEC-10', summary: 'Password spray against VPN, blocked', labels: ['incident', 'vpn'], resolved: true, description: 'Many "failed" logins\nfrom one IP' });
    expect(j.tickets[1]).toMatchObject({ key: 'SEC-11', resolved: false });
    const l = loadTicketStore(`${FIX}linear.csv`);
    expect(l.source).toBe('linear-csv');
    expect(l.tickets.map((t) => [t.key, t.resolved, t.labels])).toEqual([
      ['SEC-21', true, ['incident', 'security']],
      ['SEC-22', false, ['security']],
    ]);
  });

  it('searches and reads incidents over MCP', async () => {
    const { call } = await connect(createTicketsServer(loadTicketStore(`${FIX}jira.json`)));
    expect((await call('search_issues', { query: 'customer usb' })).data.issues.map((i: { key: string }) => i.key)).toEqual(['SEC-2']);
    expect((await call('search_issues', { status: 'open' })).data.total).toBe(1);
    expect((await call('search_issues', { labels: ['phishing'] })).data.issues[0].key).toBe('SEC-1');
    expect((await call('search_issues', { since: '2026-01-01T00:00:00Z' })).data.total).toBe(2);
    expect((await call('get_issue', { key: 'sec-1' })).data.summary).toBe('Phishing email with fake invoice');
    expect((await call('get_issue', { key: 'NOPE-1' })).isError).toBe(true);
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });
});
