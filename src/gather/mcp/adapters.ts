import type { Adapter } from './adapter-types.js';

/**
 * Role adapters, as data. Each maps the operations tm needs to one server's tool names and
 * argument shapes. See README.md in this folder for adding one.
 */
export const ADAPTERS: Adapter[] = [
  {
    id: 'tm-siem',
    role: 'siem',
    description: "tm's own SIEM context server (`tm serve siem`)",
    source: 'src/servers/siem/server.ts',
    detect: ['list_detections', 'list_alerts', 'list_log_sources'],
    ops: {
      detections: { tool: 'list_detections', args: {}, extract: { list: 'detections', fields: { id: 'id', title: 'title', techniques: 'techniques[]', log_source: 'log_source', status: 'status' } } },
      alerts: {
        tool: 'list_alerts',
        args: { since: '{{since}}', until: '{{until}}', limit: 5000 },
        extract: { list: 'alerts', fields: { id: 'id', rule_id: 'rule_id', title: 'title', severity: 'severity', status: 'status', created_at: 'created_at', entities: 'entities[]' } },
      },
      log_sources: { tool: 'list_log_sources', args: {}, extract: { list: 'log_sources', fields: { name: 'name', rules: 'rules' } } },
    },
  },
  {
    id: 'panther',
    role: 'siem',
    description: 'Panther SIEM MCP server (mcp-panther)',
    source: 'github.com/panther-labs/mcp-panther README, tools list_alerts/list_rules/list_log_sources',
    detect: ['list_alerts', 'list_rules'],
    ops: {
      detections: {
        tool: 'list_rules',
        args: {},
        extract: { list: 'rules', fields: { id: 'id', title: 'displayName|id', techniques: 'reports[]', log_source: 'logTypes[]', status: 'enabled' } },
      },
      alerts: {
        tool: 'list_alerts',
        args: { start_date: '{{since}}', end_date: '{{until}}', page_size: 50 },
        extract: {
          list: 'alerts',
          fields: { id: 'id', rule_id: 'detectionId|ruleId|rule_id', title: 'title', severity: 'severity', status: 'status', created_at: 'createdAt|created_at', entities: 'entities[]' },
        },
      },
      log_sources: { tool: 'list_log_sources', args: {}, extract: { list: 'sources|log_sources', fields: { name: 'integrationLabel|name', rules: 'rules' } } },
    },
  },
  {
    id: 'tm-tickets',
    role: 'ticketing',
    description: "tm's own ticket context server (`tm serve tickets`)",
    source: 'src/servers/tickets/server.ts',
    detect: ['search_issues', 'get_issue'],
    ops: {
      incidents: {
        tool: 'search_issues',
        args: { since: '{{since}}', until: '{{until}}', limit: 5000 },
        extract: {
          list: 'issues',
          fields: { key: 'key', summary: 'summary', status: 'status', resolved: 'resolved', labels: 'labels[]', created: 'created', resolved_at: 'resolved_at', description: 'description' },
        },
      },
    },
  },
  {
    id: 'atlassian',
    role: 'ticketing',
    description: 'Atlassian Rovo MCP server (Jira)',
    source: 'github.com/atlassian/atlassian-mcp-server, supported tools getAccessibleAtlassianResources/searchJiraIssuesUsingJql',
    detect: ['searchJiraIssuesUsingJql'],
    vars: { cloudId: { tool: 'getAccessibleAtlassianResources', args: {}, pick: '0.id|resources.0.id' } },
    ops: {
      incidents: {
        tool: 'searchJiraIssuesUsingJql',
        args: { cloudId: '{{cloudId}}', jql: 'created >= "{{since_date}}" AND created < "{{until_date}}" ORDER BY created ASC', maxResults: 100 },
        extract: {
          list: 'issues',
          fields: {
            key: 'key',
            summary: 'fields.summary',
            status: 'fields.status.name',
            resolved: 'fields.resolutiondate',
            labels: 'fields.labels[]',
            created: 'fields.created',
            resolved_at: 'fields.resolutiondate',
            description: 'fields.description',
          },
        },
      },
    },
  },
  {
    id: 'linear',
    role: 'ticketing',
    description: "Linear's remote MCP server",
    source: 'linear.app MCP server docs, tool list_issues (query, createdAt, limit)',
    detect: ['list_issues', 'get_issue'],
    ops: {
      incidents: {
        tool: 'list_issues',
        args: { createdAt: '{{since}}', limit: 250 },
        extract: {
          list: 'issues|nodes|',
          fields: {
            key: 'identifier|id',
            summary: 'title',
            status: 'status|state.name|state',
            resolved: 'completedAt|canceledAt',
            labels: 'labels[]',
            created: 'createdAt',
            resolved_at: 'completedAt',
            description: 'description',
          },
        },
      },
    },
  },
  {
    id: 'filesystem',
    role: 'docs',
    description: 'the official filesystem MCP server (@modelcontextprotocol/server-filesystem) over a folder of markdown',
    source: 'npm @modelcontextprotocol/server-filesystem, tools search_files/read_text_file',
    detect: ['search_files', 'read_text_file'],
    ops: {
      list_docs: { tool: 'search_files', args: { path: '.', pattern: '**/*.md' }, extract: { lines: '^(.+\\.md)$' } },
      read_doc: { tool: 'read_text_file', args: { path: '{{path}}' }, extract: { fields: { text: 'content' } } },
    },
  },
  {
    id: 'notion',
    role: 'docs',
    description: "Notion's hosted MCP server",
    source: 'developers.notion.com MCP docs, tools notion-search (query) / notion-fetch (id)',
    detect: ['notion-search', 'notion-fetch'],
    ops: {
      list_docs: { tool: 'notion-search', args: { query: 'security architecture data classification critical systems' }, extract: { list: 'results', fields: { path: 'id', title: 'title' } } },
      read_doc: { tool: 'notion-fetch', args: { id: '{{path}}' }, extract: { fields: { text: 'text|content|markdown' } } },
    },
  },
  {
    id: 'tm-telemetry',
    role: 'telemetry',
    description: "tm's own telemetry server (`tm serve telemetry`); read scope is enough",
    source: 'src/servers/telemetry/server.ts and CONTRACTS.md: list_devices/list_anomalies/list_policies answer {items, next_cursor}',
    detect: ['list_devices', 'list_anomalies', 'get_posture'],
    ops: {
      devices: {
        tool: 'list_devices',
        args: { limit: 200 },
        extract: { list: 'items|devices|', fields: { id: 'id|device_id', hostname: 'hostname|name', os: 'os|platform', owner: 'owner_user_id|owner', criticality: 'criticality|tier' } },
      },
      anomalies: {
        tool: 'list_anomalies',
        args: { limit: 200 },
        extract: { list: 'items|anomalies|', fields: { id: 'id', type: 'title|kind|type', severity: 'severity', status: 'status', device: 'device_id|device' } },
      },
      policies: { tool: 'list_policies', args: { limit: 200 }, extract: { list: 'items|policies|', fields: { id: 'id', name: 'name' } } },
    },
  },
];

export function adapterById(id: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}

/** The first adapter for `role` whose detect tools a server offers (tm's own first). */
export function detectAdapter(tools: string[], role?: string): Adapter | undefined {
  const have = new Set(tools);
  return ADAPTERS.find((a) => (!role || a.role === role) && a.detect.every((t) => have.has(t)));
}
