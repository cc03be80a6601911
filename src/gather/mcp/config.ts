import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Transport } from '@modelcontextprotocol/client';
import { inputError } from '../../util/errors.js';

/** One server from `.mcp.json` (`mcpServers` shape used by Claude Code and Claude Desktop). */
export type ServerSpec =
  | { name: string; kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string }
  | { name: string; kind: 'http'; url: string; headers: Record<string, string> }
  /** an already-built transport (tests wire in-process servers this way) */
  | { name: string; kind: 'transport'; transport: Transport };

const expand = (s: string, env: NodeJS.ProcessEnv) => s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, k: string, d?: string) => env[k] ?? d ?? '');

/**
 * Read an `.mcp.json`. `${VAR}` and `${VAR:-default}` are expanded in command, args, env, url and
 * headers, as Claude Code does. Stdio servers run in the folder holding the file, so relative
 * paths in `args` mean the same thing wherever tm is started from.
 */
export function readMcpConfig(file: string, env: NodeJS.ProcessEnv = process.env): ServerSpec[] {
  let doc: { mcpServers?: Record<string, Record<string, unknown>> };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw inputError(`no such file: ${file}`, { hint: 'pass --mcp-config <.mcp.json> or set mcp_config in tm.config.yaml' });
    throw inputError(`not valid JSON: ${err.message}`, { where: file, hint: 'an .mcp.json holds {"mcpServers": {"name": {"command": …} | {"url": …}}}' });
  }
  if (!doc || typeof doc.mcpServers !== 'object') throw inputError('no mcpServers object', { where: file, hint: 'an .mcp.json holds {"mcpServers": {...}}' });
  const base = dirname(resolve(file));
  const out: ServerSpec[] = [];
  for (const name of Object.keys(doc.mcpServers).sort()) {
    const s = doc.mcpServers[name];
    if (typeof s.url === 'string') {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((s.headers as Record<string, string>) ?? {})) headers[k] = expand(String(v), env);
      out.push({ name, kind: 'http', url: expand(s.url, env), headers });
    } else if (typeof s.command === 'string') {
      const e: Record<string, string> = {};
      for (const [k, v] of Object.entries((s.env as Record<string, string>) ?? {})) e[k] = expand(String(v), env);
      out.push({
        name,
        kind: 'stdio',
        command: expand(s.command, env),
        args: Array.isArray(s.args) ? s.args.map((a) => expand(String(a), env)) : [],
        env: e,
        cwd: typeof s.cwd === 'string' ? resolve(base, s.cwd) : base,
      });
    } else throw inputError(`server ${name}: needs "command" (stdio) or "url" (HTTP)`, { where: file });
  }
  return out;
}
