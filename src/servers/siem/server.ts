import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { byString } from '../../util/json.js';
import type { SiemAlert, SiemStore } from './store.js';
import { jsonResult, errorResult, inWindow } from './result.js';

/**
 * `tm serve siem`: detections with their ATT&CK mapping, alert history, log sources and simple
 * alert aggregations, read-only, over a store loaded once. One McpServer per connection.
 */
export function createSiemServer(store: SiemStore, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'tm-siem', version }, { capabilities: { tools: {} } });

  server.registerTool(
    'list_detections',
    {
      description: 'List detection rules with their ATT&CK techniques, tactics and log source. Filter by technique (sub-techniques included).',
      inputSchema: z.object({ technique: z.string().optional(), limit: z.number().int().positive().optional() }),
      annotations: { readOnlyHint: true },
    },
    async ({ technique, limit }) => {
      let ds = store.detections;
      if (technique) {
        const t = technique.toUpperCase();
        ds = ds.filter((d) => d.techniques.some((x) => x === t || x.startsWith(t + '.')));
      }
      return jsonResult({ total: ds.length, detections: ds.slice(0, limit ?? ds.length) });
    },
  );

  server.registerTool(
    'get_detection',
    { description: 'One detection rule by ID.', inputSchema: z.object({ id: z.string() }), annotations: { readOnlyHint: true } },
    async ({ id }) => {
      const d = store.detections.find((x) => x.id === id);
      return d ? jsonResult(d) : errorResult(`no detection ${id}`);
    },
  );

  server.registerTool(
    'list_alerts',
    {
      description: 'Alert history, oldest first. since/until are ISO dates (until exclusive); filter by severity, status or rule.',
      inputSchema: z.object({
        since: z.string().optional(),
        until: z.string().optional(),
        severity: z.string().optional(),
        status: z.string().optional(),
        rule_id: z.string().optional(),
        limit: z.number().int().positive().optional(),
      }),
      annotations: { readOnlyHint: true },
    },
    async (a) => {
      const xs = filterAlerts(store.alerts, a);
      return jsonResult({ total: xs.length, alerts: xs.slice(0, a.limit ?? 1000) });
    },
  );

  server.registerTool(
    'get_alert',
    { description: 'One alert by ID.', inputSchema: z.object({ id: z.string() }), annotations: { readOnlyHint: true } },
    async ({ id }) => {
      const x = store.alerts.find((al) => al.id === id);
      return x ? jsonResult(x) : errorResult(`no alert ${id}`);
    },
  );

  server.registerTool(
    'list_log_sources',
    { description: 'Log sources: those rules read and those ingested; `rules: 0` marks an ingested source without rules.', inputSchema: z.object({}), annotations: { readOnlyHint: true } },
    async () => jsonResult({ log_sources: store.logSources }),
  );

  server.registerTool(
    'aggregate_alerts',
    {
      description: 'Count alerts grouped by rule_id, severity, status, entity or day, in a time window.',
      inputSchema: z.object({ group_by: z.enum(['rule_id', 'severity', 'status', 'entity', 'day']), since: z.string().optional(), until: z.string().optional() }),
      annotations: { readOnlyHint: true },
    },
    async ({ group_by, since, until }) => {
      const counts = new Map<string, number>();
      for (const al of filterAlerts(store.alerts, { since, until })) {
        const keys = group_by === 'entity' ? al.entities : group_by === 'day' ? [al.created_at.slice(0, 10)] : [String(al[group_by])];
        for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const groups = [...counts].map(([key, count]) => ({ key, count })).sort((x, y) => y.count - x.count || byString(x.key, y.key));
      return jsonResult({ group_by, groups });
    },
  );

  return server;
}

function filterAlerts(alerts: SiemAlert[], f: { since?: string; until?: string; severity?: string; status?: string; rule_id?: string }): SiemAlert[] {
  return alerts.filter(
    (a) =>
      inWindow(a.created_at, f.since, f.until) &&
      (!f.severity || a.severity === f.severity.toLowerCase()) &&
      (!f.status || a.status === f.status.toLowerCase()) &&
      (!f.rule_id || a.rule_id === f.rule_id),
  );
}
