/**
 * Local stand-ins for public MCP servers that cannot run here (they need accounts). Each
 * exposes the tool names and argument shapes from its documentation, with canned data, so
 * the role adapters are tested against real MCP servers in-process.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { ServerSpec } from '../../src/gather/mcp/config.js';

const json = (data: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(data) }] });

/** A ServerSpec whose transport is linked to `server` in this process. */
export async function inProcess(name: string, server: McpServer): Promise<ServerSpec> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  return { name, kind: 'transport', transport: clientSide };
}

/** Calls each stand-in received, to assert the adapter sent the documented argument shapes. */
export const calls: { server: string; tool: string; args: Record<string, unknown> }[] = [];

/** Panther (mcp-panther): list_alerts, get_alert_by_id, list_rules, list_log_sources. */
export function pantherStandIn(): McpServer {
  const s = new McpServer({ name: 'mcp-panther', version: 'test' }, { capabilities: { tools: {} } });
  s.registerTool(
    'list_alerts',
    { inputSchema: z.object({ start_date: z.string().optional(), end_date: z.string().optional(), severities: z.array(z.string()).optional(), statuses: z.array(z.string()).optional(), page_size: z.number().optional() }) },
    async (a) => {
      calls.push({ server: 'panther', tool: 'list_alerts', args: a });
      return json({
        success: true,
        alerts: [
          { id: 'p-1', title: 'AWS root login', severity: 'CRITICAL', status: 'OPEN', createdAt: '2026-06-01T00:00:00Z', detectionId: 'AWS.Root.Login' },
          { id: 'p-2', title: 'AWS root login', severity: 'CRITICAL', status: 'RESOLVED', createdAt: '2026-06-02T00:00:00Z', detectionId: 'AWS.Root.Login' },
        ],
        total_alerts: 2,
      });
    },
  );
  s.registerTool('get_alert_by_id', { inputSchema: z.object({ alert_id: z.string() }) }, async ({ alert_id }) => json({ success: true, alert: { id: alert_id } }));
  s.registerTool('list_rules', { inputSchema: z.object({ cursor: z.string().optional(), limit: z.number().optional() }) }, async (a) => {
    calls.push({ server: 'panther', tool: 'list_rules', args: a });
    return json({
      success: true,
      rules: [
        { id: 'AWS.Root.Login', displayName: 'AWS root account login', enabled: true, logTypes: ['AWS.CloudTrail'], reports: { 'MITRE ATT&CK': ['TA0004:T1078.004'] } },
        { id: 'Okta.Brute', displayName: 'Okta brute force', enabled: false, logTypes: ['Okta.SystemLog'], reports: { 'MITRE ATT&CK': ['TA0006:T1110'] } },
      ],
    });
  });
  s.registerTool('list_log_sources', { inputSchema: z.object({ cursor: z.string().optional(), is_healthy: z.boolean().optional() }) }, async () =>
    json({ success: true, sources: [{ integrationId: 'i1', integrationLabel: 'CloudTrail prod', logTypes: ['AWS.CloudTrail'], isHealthy: true }] }),
  );
  return s;
}

/** Atlassian Rovo MCP server: getAccessibleAtlassianResources, searchJiraIssuesUsingJql, getJiraIssue. */
export function atlassianStandIn(): McpServer {
  const s = new McpServer({ name: 'atlassian', version: 'test' }, { capabilities: { tools: {} } });
  s.registerTool('getAccessibleAtlassianResources', { inputSchema: z.object({}) }, async () => json([{ id: 'cloud-123', name: 'acme', url: 'https://acme.atlassian.net', scopes: ['read:jira-work'] }]));
  s.registerTool(
    'searchJiraIssuesUsingJql',
    { inputSchema: z.object({ cloudId: z.string(), jql: z.string(), maxResults: z.number().optional(), fields: z.array(z.string()).optional(), nextPageToken: z.string().optional() }) },
    async (a) => {
      calls.push({ server: 'atlassian', tool: 'searchJiraIssuesUsingJql', args: a });
      if (a.cloudId !== 'cloud-123') return { content: [{ type: 'text' as const, text: 'unknown cloudId' }], isError: true };
      return json({
        issues: [{ key: 'SEC-7', fields: { summary: 'Phishing campaign against finance', status: { name: 'Done' }, labels: ['incident'], created: '2026-05-01T00:00:00.000+0000', resolutiondate: '2026-05-02T00:00:00.000+0000', description: 'Blocked.' } }],
      });
    },
  );
  s.registerTool('getJiraIssue', { inputSchema: z.object({ cloudId: z.string(), issueIdOrKey: z.string() }) }, async ({ issueIdOrKey }) => json({ key: issueIdOrKey }));
  return s;
}

/** Linear's MCP server: list_issues, get_issue. */
export function linearStandIn(): McpServer {
  const s = new McpServer({ name: 'linear', version: 'test' }, { capabilities: { tools: {} } });
  s.registerTool(
    'list_issues',
    { inputSchema: z.object({ query: z.string().optional(), team: z.string().optional(), state: z.string().optional(), label: z.string().optional(), createdAt: z.string().optional(), limit: z.number().optional() }) },
    async (a) => {
      calls.push({ server: 'linear', tool: 'list_issues', args: a });
      return json({
        issues: [
          { id: 'uuid-1', identifier: 'SEC-31', title: 'Leaked API token in a public gist', status: 'Done', labels: ['security', 'incident'], createdAt: '2026-06-05T00:00:00Z', completedAt: '2026-06-06T00:00:00Z', description: 'Rotated.' },
          { id: 'uuid-2', identifier: 'SEC-32', title: 'VPN appliance CVE patch', status: 'In Progress', labels: ['security'], createdAt: '2026-06-07T00:00:00Z', completedAt: null, description: '' },
        ],
      });
    },
  );
  s.registerTool('get_issue', { inputSchema: z.object({ id: z.string() }) }, async ({ id }) => json({ id }));
  return s;
}

/** Notion's hosted MCP server: notion-search, notion-fetch (answers in text). */
export function notionStandIn(): McpServer {
  const s = new McpServer({ name: 'notion', version: 'test' }, { capabilities: { tools: {} } });
  s.registerTool('notion-search', { inputSchema: z.object({ query: z.string(), query_type: z.string().optional() }) }, async (a) => {
    calls.push({ server: 'notion', tool: 'notion-search', args: a });
    return json({ results: [{ id: 'page-1', title: 'Security architecture', url: 'https://notion.so/page-1', type: 'page' }] });
  });
  s.registerTool('notion-fetch', { inputSchema: z.object({ id: z.string() }) }, async ({ id }) => ({
    content: [{ type: 'text' as const, text: id === 'page-1' ? '# Security architecture\n\nWe use SSO with MFA everywhere.\n\n## Crown jewels\n\n- Payroll data\n' : 'not found' }],
  }));
  return s;
}

/** tm's telemetry server as CONTRACTS.md and src/servers/telemetry name it: paged {items, next_cursor}. */
export function telemetryStandIn(): McpServer {
  const s = new McpServer({ name: 'tm-telemetry', version: 'test' }, { capabilities: { tools: {} } });
  const page = { limit: z.number().optional(), cursor: z.string().optional() };
  s.registerTool('list_devices', { inputSchema: z.object({ org_id: z.string().optional(), kind: z.string().optional(), ...page }) }, async (a) => {
    calls.push({ server: 'telemetry', tool: 'list_devices', args: a });
    return json({
      items: [
        { id: 'dev-1', org_id: 'acme', hostname: 'pay-gw-1', ip: '10.0.0.1', os: 'linux', kind: 'server', criticality: 'high', isolated: false, owner_user_id: null },
        { id: 'dev-2', org_id: 'acme', hostname: 'laptop-7', ip: '10.0.1.7', os: 'macos', kind: 'laptop', criticality: 'low', isolated: false, owner_user_id: 'u-7' },
      ],
      next_cursor: null,
    });
  });
  s.registerTool('get_posture', { inputSchema: z.object({ device_id: z.string().optional(), user_id: z.string().optional() }) }, async () => json({ risk_score: 10 }));
  s.registerTool('list_anomalies', { inputSchema: z.object({ status: z.enum(['open', 'investigating', 'closed']).optional(), ...page }) }, async () =>
    json({ items: [{ id: 'an-1', device_id: 'dev-2', kind: 'impossible_travel', severity: 'high', title: 'Impossible travel for u-7', status: 'open' }], next_cursor: null }),
  );
  s.registerTool('list_policies', { inputSchema: z.object({ ...page }) }, async () => json({ items: [{ id: 'pol-1', name: 'block tor' }], next_cursor: null }));
  return s;
}
