import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { jsonResult, errorResult, inWindow } from '../siem/result.js';
import type { Ticket, TicketStore } from './store.js';

/**
 * `tm serve tickets`: search and read incidents from a Jira or Linear export, read-only.
 */
export function createTicketsServer(store: TicketStore, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'tm-tickets', version }, { capabilities: { tools: {} } });

  server.registerTool(
    'search_issues',
    {
      description:
        'Search tickets. query matches words in summary, description and labels (all words must match); labels filters by any of the labels; status is open, resolved or a status name; since/until bound the created date (ISO, until exclusive).',
      inputSchema: z.object({
        query: z.string().optional(),
        labels: z.array(z.string()).optional(),
        status: z.string().optional(),
        since: z.string().optional(),
        until: z.string().optional(),
        limit: z.number().int().positive().optional(),
      }),
      annotations: { readOnlyHint: true },
    },
    async (a) => {
      const xs = store.tickets.filter((t) => matches(t, a));
      return jsonResult({ total: xs.length, issues: xs.slice(0, a.limit ?? 500) });
    },
  );

  server.registerTool(
    'get_issue',
    { description: 'One ticket by key (PROJ-123).', inputSchema: z.object({ key: z.string() }), annotations: { readOnlyHint: true } },
    async ({ key }) => {
      const t = store.tickets.find((x) => x.key.toLowerCase() === key.toLowerCase());
      return t ? jsonResult(t) : errorResult(`no ticket ${key}`);
    },
  );

  return server;
}

function matches(t: Ticket, a: { query?: string; labels?: string[]; status?: string; since?: string; until?: string }): boolean {
  if (!inWindow(t.created, a.since, a.until)) return false;
  if (a.status) {
    const s = a.status.toLowerCase();
    if (s === 'open' ? t.resolved : s === 'resolved' ? !t.resolved : t.status.toLowerCase() !== s) return false;
  }
  if (a.labels?.length) {
    const want = new Set(a.labels.map((l) => l.toLowerCase()));
    if (!t.labels.some((l) => want.has(l.toLowerCase()))) return false;
  }
  if (a.query) {
    const hay = `${t.summary}\n${t.description}\n${t.labels.join(' ')}`.toLowerCase();
    if (!a.query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w))) return false;
  }
  return true;
}
