import { Client, StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import type { ServerSpec } from './config.js';

export type ServerState = 'connecting' | 'ready' | 'failed';

/** What the pool knows about one server; shown as progress and kept in the report. */
export interface ServerStatus {
  name: string;
  state: ServerState;
  tools: string[];
  error?: string;
}

export type CallOutcome = { ok: true; data: unknown } | { ok: false; error: string };

export interface PoolOptions {
  /** per server, for connecting and for each call */
  timeoutMs: number;
  onStatus?: (s: ServerStatus) => void;
}

// Variables tm's own servers need besides the SDK's safe default set.
const PASS_ENV = ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'TM_ATTACK_DATA', 'TM_ATTACK_VERSION', 'NO_COLOR'];

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A pool of MCP clients, one per configured server, connected in parallel. A server that
 * exits, errors or does not answer within the timeout is marked failed and skipped; the others
 * carry on. Calls never throw: they return errors as data.
 */
export class McpPool {
  private readonly clients = new Map<string, Client>();
  private readonly status = new Map<string, ServerStatus>();
  private readonly stderr = new Map<string, string>();

  private constructor(private readonly opts: PoolOptions) {}

  static async connect(specs: ServerSpec[], opts: PoolOptions): Promise<McpPool> {
    const pool = new McpPool(opts);
    await Promise.all(specs.map((s) => pool.connectOne(s)));
    return pool;
  }

  private set(s: ServerStatus): void {
    this.status.set(s.name, s);
    this.opts.onStatus?.(s);
  }

  private async connectOne(spec: ServerSpec): Promise<void> {
    this.set({ name: spec.name, state: 'connecting', tools: [] });
    let transport: Transport;
    try {
      transport = this.transportFor(spec);
    } catch (e) {
      this.set({ name: spec.name, state: 'failed', tools: [], error: (e as Error).message });
      return;
    }
    const client = new Client({ name: 'tm', version: '0.1.0' });
    let closed = false;
    transport.onclose = () => {
      closed = true;
    };
    try {
      await withTimeout(
        (async () => {
          await client.connect(transport, { timeout: this.opts.timeoutMs } as never);
          const tools: string[] = [];
          let cursor: string | undefined;
          do {
            const r = await client.listTools(cursor ? { cursor } : undefined);
            tools.push(...r.tools.map((t) => t.name));
            cursor = r.nextCursor;
          } while (cursor);
          this.clients.set(spec.name, client);
          this.set({ name: spec.name, state: 'ready', tools: tools.sort() });
        })(),
        this.opts.timeoutMs,
        `connecting to ${spec.name}`,
      );
    } catch (e) {
      const lines = (this.stderr.get(spec.name) ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
      const tail = [...lines].reverse().find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '';
      const msg = closed && !/timed out/.test((e as Error).message) ? 'server exited before answering' : (e as Error).message;
      this.set({ name: spec.name, state: 'failed', tools: [], error: msg + (tail ? ` (${tail.slice(0, 200)})` : '') });
      this.clients.delete(spec.name);
      // a hung child gets no grace period: the run should not wait for it
      const pid = (transport as { pid?: number | null }).pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
    }
  }

  private transportFor(spec: ServerSpec): Transport {
    if (spec.kind === 'transport') return spec.transport;
    if (spec.kind === 'http') return new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers } });
    const env: Record<string, string> = { ...getDefaultEnvironment() };
    for (const k of PASS_ENV) if (process.env[k]) env[k] = process.env[k]!;
    Object.assign(env, spec.env);
    const t = new StdioClientTransport({ command: spec.command, args: spec.args, env, cwd: spec.cwd, stderr: 'pipe' });
    // keep the server's stderr for error messages instead of mixing it into ours
    t.stderr?.on('data', (d: Buffer) => this.stderr.set(spec.name, ((this.stderr.get(spec.name) ?? '') + d.toString()).slice(-4000)));
    return t;
  }

  statuses(): ServerStatus[] {
    return [...this.status.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  tools(server: string): string[] {
    return this.status.get(server)?.tools ?? [];
  }

  isReady(server: string): boolean {
    return this.clients.has(server);
  }

  /** Call a tool; the result's structured content, else its text parsed as JSON, else the text. */
  async call(server: string, tool: string, args: Record<string, unknown>): Promise<CallOutcome> {
    const client = this.clients.get(server);
    if (!client) return { ok: false, error: `${server} is not connected` };
    try {
      const r = await withTimeout(client.callTool({ name: tool, arguments: args }, { timeout: this.opts.timeoutMs }), this.opts.timeoutMs, `${server}/${tool}`);
      const text = (r.content ?? [])
        .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
        .map((c) => c.text)
        .join('\n');
      if (r.isError) return { ok: false, error: text || 'tool returned an error' };
      if (r.structuredContent) return { ok: true, data: r.structuredContent };
      try {
        return { ok: true, data: JSON.parse(text) };
      } catch {
        return { ok: true, data: text };
      }
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close().catch(() => undefined)));
    this.clients.clear();
  }
}
