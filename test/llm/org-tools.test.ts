import { describe, expect, it } from 'vitest';
import type { OrgContext } from '../../src/gather/mcp/context-types.js';
import { isEnforcementTool, MAX_MCP_RESULT_CHARS, mcpReadOnlyTools, type McpCaller } from '../../src/engines/llm/org-tools.js';

/** A pool stand-in: which tools each server offers, and every call it received. */
function fakePool(offers: Record<string, string[]>, data: unknown = { ok: true }) {
  const calls: string[] = [];
  const pool: McpCaller = {
    tools: (s) => offers[s] ?? [],
    isReady: (s) => s in offers,
    call: async (s, t, a) => (calls.push(`${s}/${t} ${JSON.stringify(a)}`), t === 'broken' ? { ok: false, error: 'boom' } : { ok: true, data }),
  };
  return { pool, calls };
}

const TELEMETRY = ['list_devices', 'get_device', 'list_anomalies', 'list_policies', 'get_posture', 'isolate_device', 'release_device', 'block_destination', 'unblock_destination', 'suspend_user', 'reinstate_user', 'create_policy', 'update_policy', 'close_anomaly'];

describe('org MCP tools offered to the model', () => {
  it('wraps only the tools the role adapters read with; never an enforcement tool; skips servers without an adapter or not ready', () => {
    const roles: OrgContext['roles'] = [
      { role: 'telemetry', server: 'telemetry', adapter: 'tm-telemetry' },
      { role: 'ticketing', server: 'jira', adapter: 'atlassian' },
      { role: 'siem', server: 'down', adapter: 'tm-siem' },
      { role: 'docs', server: 'notes', note: 'no adapter matches' },
    ];
    const { pool } = fakePool({ telemetry: TELEMETRY, jira: ['getAccessibleAtlassianResources', 'searchJiraIssuesUsingJql', 'createJiraIssue', 'editJiraIssue'], notes: ['read'] });
    const names = mcpReadOnlyTools(pool, roles).map((t) => t.name).sort();
    expect(names).toEqual(['mcp_jira_getAccessibleAtlassianResources', 'mcp_jira_searchJiraIssuesUsingJql', 'mcp_telemetry_list_anomalies', 'mcp_telemetry_list_devices', 'mcp_telemetry_list_policies']);
  });

  it('the enforcement guard names every act tool of the telemetry server and no read tool', () => {
    for (const t of ['isolate_device', 'release_device', 'block_destination', 'unblock_destination', 'suspend_user', 'reinstate_user', 'create_policy', 'update_policy', 'close_anomaly', 'createJiraIssue', 'editJiraIssue', 'write_file', 'move_file'])
      expect(isEnforcementTool(t), t).toBe(true);
    for (const t of ['list_devices', 'get_posture', 'search_issues', 'read_text_file', 'search_files', 'list_alerts', 'notion-fetch', 'searchJiraIssuesUsingJql', 'getAccessibleAtlassianResources'])
      expect(isEnforcementTool(t), t).toBe(false);
  });

  it('runs the call with the model’s arguments; results are redacted and capped; errors are thrown to the model', async () => {
    const big = { items: [{ note: 'key AKIAQPLANTED03EXAMPL' }], pad: 'x'.repeat(MAX_MCP_RESULT_CHARS + 100) };
    const { pool, calls } = fakePool({ t: ['list_devices'] }, big);
    const [tool] = mcpReadOnlyTools(pool, [{ role: 'telemetry', server: 't', adapter: 'tm-telemetry' }]);
    const out = await tool.run({ arguments: { limit: 3 } });
    expect(calls).toEqual(['t/list_devices {"limit":3}']);
    expect(out).not.toContain('AKIAQPLANTED03EXAMPL');
    expect(out).toMatch(/\[cut at 12000 of \d+ characters/);
    const p2 = fakePool({ s: ['list_detections', 'list_alerts', 'list_log_sources'] });
    p2.pool.call = async () => ({ ok: false, error: 'boom' });
    const [t2] = mcpReadOnlyTools(p2.pool, [{ role: 'siem', server: 's', adapter: 'tm-siem' }]);
    await expect(t2.run({})).rejects.toThrow(/boom/);
  });
});
