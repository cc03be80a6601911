import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { readMcpConfig } from '../../src/gather/mcp/config.js';
import { McpPool } from '../../src/gather/mcp/pool.js';
import { gatherContext } from '../../src/gather/mcp/discover.js';
import { loadTicketStore } from '../../src/servers/tickets/store.js';
import { createTicketsServer } from '../../src/servers/tickets/server.js';

const FIX = fileURLToPath(new URL('../fixtures/org/', import.meta.url));

describe('HTTP servers from .mcp.json (url + headers)', () => {
  it('connects over Streamable HTTP on loopback, sending the configured headers with ${VAR} expanded', async () => {
    const store = loadTicketStore(`${FIX}jira.json`);
    const handler = toNodeHandler(createMcpHandler(() => createTicketsServer(store)));
    const auth: string[] = [];
    const http = createServer((req, res) => {
      auth.push(String(req.headers.authorization));
      void handler(req, res);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'tm-http-'));
    writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { jira: { url: `http://127.0.0.1:${port}/mcp`, headers: { Authorization: 'Bearer ${TM_TEST_TOKEN}' } } } }));
    const specs = readMcpConfig(join(dir, '.mcp.json'), { TM_TEST_TOKEN: 't0ken' });
    expect(specs).toEqual([{ name: 'jira', kind: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: { Authorization: 'Bearer t0ken' } }]);
    const pool = await McpPool.connect(specs, { timeoutMs: 5000 });
    try {
      expect(pool.statuses()[0]).toMatchObject({ name: 'jira', state: 'ready', tools: ['get_issue', 'search_issues'] });
      const ctx = await gatherContext(pool, { roles: { ticketing: 'jira' } }, '2026-06-30');
      expect(ctx.incidents.map((t) => t.key)).toEqual(['SEC-1', 'SEC-2']);
      expect(auth.length).toBeGreaterThan(0);
      expect(new Set(auth)).toEqual(new Set(['Bearer t0ken']));
    } finally {
      await pool.close();
      http.close();
    }
  });

  it('reads stdio entries with env and cwd; rejects entries with neither command nor url', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-mcpjson-'));
    writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: { b: { command: 'node', args: ['x.js', '${HOME_X:-dflt}'], env: { K: '${K}' } }, a: { command: 'tm' } } }));
    expect(readMcpConfig(join(dir, '.mcp.json'), { K: 'v' })).toEqual([
      { name: 'a', kind: 'stdio', command: 'tm', args: [], env: {}, cwd: dir },
      { name: 'b', kind: 'stdio', command: 'node', args: ['x.js', 'dflt'], env: { K: 'v' }, cwd: dir },
    ]);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ mcpServers: { c: { args: [] } } }));
    expect(() => readMcpConfig(join(dir, 'bad.json'))).toThrow(/server c: needs "command"/);
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(() => readMcpConfig(join(dir, 'broken.json'))).toThrow(/not valid JSON/);
  });
});
