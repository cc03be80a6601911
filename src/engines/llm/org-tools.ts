import { adapterById } from '../../gather/mcp/adapters.js';
import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { CallOutcome } from '../../gather/mcp/pool.js';
import { redact } from './redact.js';
import type { LlmTool } from './tools.js';

/** What the org tools need of the MCP client pool (src/gather/mcp/pool.ts `McpPool`). */
export interface McpCaller {
  tools(server: string): string[];
  isReady(server: string): boolean;
  call(server: string, tool: string, args: Record<string, unknown>): Promise<CallOutcome>;
}

/**
 * Tools that change something (telemetry enforcement, ticket/doc writes). The allow-list below
 * already keeps them out; this is the second lock, should an adapter ever name one.
 */
const ENFORCEMENT = /^(isolate|release|block|unblock|suspend|reinstate|create|update|delete|remove|close|write|edit|move|set|add|send|post|put|patch|enforce|disable|enable|revoke|grant|kill|quarantine|rotate|import|upload)(_|-|[A-Z]|$)/i;

export const MAX_MCP_RESULT_CHARS = 12_000;

/** True for a tool name that could act, whatever server it is on. */
export function isEnforcementTool(name: string): boolean {
  return ENFORCEMENT.test(name);
}

/**
 * The read-only MCP tools offered to the model: for each role the gathering used (server and
 * adapter), exactly the tools that adapter reads with (its `ops` and `vars`), when the server
 * offers them and the name is not an enforcement verb. Nothing else a server offers is wrapped,
 * so `isolate_device`, `block_destination`, `suspend_user` and the like are never offered.
 * Results go back redacted and size-capped.
 */
export function mcpReadOnlyTools(pool: McpCaller, roles: OrgContext['roles']): LlmTool[] {
  const out = new Map<string, LlmTool>();
  for (const r of [...roles].sort((a, b) => (a.role < b.role ? -1 : 1))) {
    if (!r.server || !r.adapter || !pool.isReady(r.server)) continue;
    const adapter = adapterById(r.adapter);
    if (!adapter) continue;
    const server = r.server;
    const offered = new Set(pool.tools(server));
    const reads = new Map<string, Record<string, unknown>>();
    for (const op of Object.values(adapter.ops)) if (op) reads.set(op.tool, op.args ?? {});
    for (const v of Object.values(adapter.vars ?? {})) reads.set(v.tool, v.args ?? {});
    for (const [tool, example] of [...reads].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!offered.has(tool) || isEnforcementTool(tool)) continue;
      const name = `mcp_${server}_${tool}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
      out.set(name, {
        name,
        description:
          `Read-only: calls \`${tool}\` on the MCP server "${server}" (${r.role}; ${adapter.description}). ` +
          `Pass the tool's own arguments in \`arguments\`; tm gathered with ${JSON.stringify(example)}. ` +
          `Cite what it returns as evidence {"server": "${server}", "tool": "${tool}", "arguments": <what you passed>}. Results over ${MAX_MCP_RESULT_CHARS} characters are cut.`,
        input_schema: { type: 'object', properties: { arguments: { type: 'object', description: `arguments of ${tool}` } } },
        async run(input) {
          const args = input.arguments && typeof input.arguments === 'object' && !Array.isArray(input.arguments) ? (input.arguments as Record<string, unknown>) : {};
          const res = await pool.call(server, tool, args);
          if (!res.ok) throw new Error(`${server}/${tool}: ${res.error}`);
          const text = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
          const cut = text.length > MAX_MCP_RESULT_CHARS ? `${text.slice(0, MAX_MCP_RESULT_CHARS)}\n[cut at ${MAX_MCP_RESULT_CHARS} of ${text.length} characters; narrow the arguments]` : text;
          return redact(cut);
        },
      });
    }
  }
  return [...out.values()];
}
