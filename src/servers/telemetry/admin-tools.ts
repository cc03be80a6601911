import type { McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import { S } from './schemas.js';
import type { ToolDeps } from './context.js';
import { tool } from './server.js';
import { requireScope } from '../../telemetry/access.js';
import { appendAudit, listAudit, verifyAudit } from '../../telemetry/audit.js';
import { createKey, listKeys, revokeKey } from '../../telemetry/keys.js';
import { BadRequest } from '../../telemetry/access.js';
import { TmError } from '../../util/errors.js';

const ADMIN_READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const ADMIN_WRITE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

/** Keys, audit and import for admin keys: the work `tm telemetry keys|audit|import` does while the server owns the file. */
export function registerAdminTools(server: McpServer, deps: ToolDeps): void {
  const { db } = deps;
  tool(server, deps, 'get_audit_log', 'The audit log, newest first (admin).', S.audit, ADMIN_READ, async (a, c) => {
    requireScope(c.principal, 'admin', 'the audit log');
    return listAudit(db, { limit: a.limit, cursor: a.cursor, tool: a.tool, keyId: a.key_id, outcome: a.outcome });
  });
  tool(server, deps, 'verify_audit_log', 'Recompute the audit hash chain and report the first broken record (admin).', S.empty, ADMIN_READ, async (_a, c) => {
    requireScope(c.principal, 'admin', 'audit verification');
    return verifyAudit(db);
  });
  tool(server, deps, 'list_api_keys', 'API keys with scope and organisations (never the secrets) (admin).', S.empty, ADMIN_READ, async (_a, c) => {
    requireScope(c.principal, 'admin', 'API keys');
    return { keys: await listKeys(db) };
  });
  tool(server, deps, 'create_api_key', 'Create an API key; the secret is returned once and only its hash is kept (admin).', S.createKey, ADMIN_WRITE, async (a, c) => {
    requireScope(c.principal, 'admin', 'creating API keys');
    const created = await db.transaction(async (tx) => {
      try {
        const k = await createKey(tx, { name: a.name, scope: a.scope, orgs: a.orgs });
        // the audit record names the key, never its secret
        await appendAudit(tx, { keyId: c.principal.keyId, agent: c.agent, source: 'mcp_agent', tool: 'create_api_key', args: a, outcome: 'ok', result: { id: k.id, scope: k.scope, orgs: k.orgs } });
        return k;
      } catch (err) {
        if (err instanceof TmError) throw new BadRequest(err.message);
        throw err;
      }
    });
    deps.onChange?.('keys');
    return created;
  });
  tool(server, deps, 'revoke_api_key', 'Revoke an API key (admin).', S.keyId, { ...ADMIN_WRITE, destructiveHint: true, idempotentHint: true }, async (a, c) => {
    requireScope(c.principal, 'admin', 'revoking API keys');
    const changed = await db.transaction(async (tx) => {
      let done: boolean;
      try {
        done = await revokeKey(tx, a.key_id);
      } catch (err) {
        if (err instanceof TmError) throw new BadRequest(err.message);
        throw err;
      }
      await appendAudit(tx, { keyId: c.principal.keyId, agent: c.agent, source: 'mcp_agent', tool: 'revoke_api_key', args: a, outcome: done ? 'ok' : 'noop', result: { id: a.key_id, revoked: true } });
      return done;
    });
    deps.onChange?.('keys');
    return { id: a.key_id, revoked: true, changed };
  });
  tool(server, deps, 'import_events', 'Import a flow log file that sits on the server host (vpc, zeek, jsonl, csv, parquet) (admin).', S.importEvents, ADMIN_WRITE, async (a, c) => {
    requireScope(c.principal, 'admin', 'importing events');
    const { importFiles } = await import('../../telemetry/import.js');
    let r;
    try {
      r = await importFiles(db, { format: a.format, files: [a.path], deviceId: a.device_id, mapping: a.mapping });
    } catch (err) {
      if (err instanceof TmError) throw new BadRequest(err.message);
      throw err;
    }
    await db.transaction((tx) => appendAudit(tx, { keyId: c.principal.keyId, agent: c.agent, source: 'mcp_agent', tool: 'import_events', args: a, outcome: 'ok', result: { imported: r.imported, problems: r.problems.length } }));
    deps.onChange?.('events');
    return r;
  });
}
