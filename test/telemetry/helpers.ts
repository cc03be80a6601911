import { DuckDBInstance } from '@duckdb/node-api';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { runTm, TM_BIN, REPO_ROOT } from '../helpers/run-tm.js';

export interface Fleet {
  dir: string;
  db: string;
  keys: Record<'admin' | 'enforce' | 'investigate' | 'read' | 'globex', string>;
  stories: Record<string, Record<string, unknown>>;
}

const made: string[] = [];
/** Remove every fleet this test file made (call from afterAll). */
export function cleanupFleets(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A small seeded database with one key per scope (and one bound to org-globex); removed by cleanupFleets(). */
export async function makeFleet(events = 20_000): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-tel-'));
  made.push(dir);
  const db = join(dir, 't.duckdb');
  const seeded = await runTm(['telemetry', 'seed', '--db', db, '--events', String(events), '--json']);
  if (seeded.code !== 0) throw new Error(seeded.stderr);
  const stories = JSON.parse(seeded.stdout).stories;
  const keys: Record<string, string> = {};
  for (const [name, scope, org] of [['admin', 'admin'], ['enforce', 'enforce'], ['investigate', 'investigate'], ['read', 'read'], ['globex', 'enforce', 'org-globex']] as const) {
    const r = await runTm(['telemetry', 'keys', 'create', '--db', db, '--scope', scope, '--name', name, '--json', ...(org ? ['--org', org] : [])]);
    if (r.code !== 0) throw new Error(r.stderr);
    keys[name] = JSON.parse(r.stdout).key;
  }
  return { dir, db, keys: keys as Fleet['keys'], stories };
}

/** Connect the SDK's own client to `tm serve telemetry` over stdio. */
export async function stdioClient(db: string, key: string, mode: 'legacy' | 'auto' = 'legacy', name = 'test-agent'): Promise<Client> {
  const c = new Client({ name, version: '1.0.0' }, { versionNegotiation: { mode } });
  await c.connect(new StdioClientTransport({ command: process.execPath, args: [TM_BIN, 'serve', 'telemetry', '--db', db], env: { ...process.env, TM_API_KEY: key, NO_COLOR: '1' } as Record<string, string>, cwd: REPO_ROOT, stderr: 'pipe' }));
  return c;
}

export interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Spawn the HTTP server on a free port and wait for it to say where it listens. */
export function serveHttp(db: string, extra: string[] = []): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TM_BIN, 'serve', 'telemetry', '--db', db, '--transport', 'http', '--port', '0', ...extra], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /MCP server at (http:\/\/\S+\/mcp)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          child, url: m[1]!, stderr: () => err,
          stop: () => new Promise<void>((ok) => {
            if (child.exitCode !== null || child.signalCode) return ok();
            child.once('exit', () => ok());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

export async function httpClient(url: string, key: string, mode: 'legacy' | 'auto' = 'legacy', name = 'http-agent'): Promise<Client> {
  const c = new Client({ name, version: '2.0.0' }, { versionNegotiation: { mode } });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return c;
}

/** Call a tool and parse its JSON text; errors come back as { error }. */
export async function call(c: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const r = (await c.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text: string }> };
  const text = r.content[0]!.text;
  return r.isError ? { error: text } : JSON.parse(text);
}

/** Read rows straight from a database file (the server must not hold it). */
export async function rows(db: string, sql: string): Promise<Record<string, any>[]> {
  const inst = await DuckDBInstance.create(db);
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, any>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}
