import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createMcpHandler, isLegacyRequest, type AuthInfo } from '@modelcontextprotocol/server';
import { NodeStreamableHTTPServerTransport, hostHeaderValidation, originValidation, toWebRequest } from '@modelcontextprotocol/node';
import type { SqlAdapter } from '../../telemetry/sql.js';
import { authenticate, type Principal } from '../../telemetry/keys.js';
import { createTelemetryServer } from './server.js';
import { RateLimiter } from './rate-limit.js';
import { attachLegacySse } from './sse.js';

export interface HttpOptions {
  host: string;
  port: number;
  /** answer each POST on its own: no sessions, no GET stream (serverless, webhooks) */
  stateless?: boolean;
  /** also serve the old HTTP+SSE transport at /sse + /messages */
  sse?: boolean;
  /** calls per second per key */
  rateLimit: number;
  /** largest request body, bytes */
  maxBody?: number;
  /** extra Host/Origin names to accept besides loopback and the bind address */
  allowedHosts?: string[];
}

export interface RunningHttp {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const MAX_SESSIONS = 1000;

function send(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: status === 429 ? -32000 : -32001, message }, id: null }));
}

/**
 * Streamable HTTP at /mcp. Every request passes, in order: Host and Origin checks (DNS
 * rebinding), a body size limit, bearer auth (an API key), and the key's rate limit. Then
 * 2026-07-28 requests go to the SDK's per-request handler; 2025 requests go to a session
 * (or, with --stateless, to a fresh instance per request).
 */
export async function startHttp(db: SqlAdapter, opts: HttpOptions): Promise<RunningHttp> {
  const maxBody = opts.maxBody ?? 1024 * 1024;
  const names = [...new Set([...LOOPBACK, opts.host, ...(opts.allowedHosts ?? [])])];
  const checkHost = hostHeaderValidation(names);
  const checkOrigin = originValidation(names);
  const limiter = new RateLimiter(opts.rateLimit);
  // principals by presented key; cleared when keys change through the admin tools
  const cache = new Map<string, Principal | null>();
  const onChange = (what: string) => what === 'keys' && cache.clear();
  const principalOf = (auth?: AuthInfo) => (auth?.extra?.principal as Principal) ?? null;
  const factory = (ctx: { authInfo?: AuthInfo }) => createTelemetryServer({ db, principal: principalOf(ctx.authInfo)!, onChange });
  const modern = createMcpHandler(factory, { legacy: opts.stateless ? 'stateless' : 'reject', maxRequestBodySize: maxBody, responseMode: 'auto', onerror: () => undefined });
  const sessions = new Map<string, { transport: NodeStreamableHTTPServerTransport; keyId: string }>();
  const sse = opts.sse ? attachLegacySse(db, (p) => createTelemetryServer({ db, principal: p, onChange })) : null;

  async function auth(req: IncomingMessage, res: ServerResponse): Promise<Principal | null> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const key = m?.[1];
    let p = key ? cache.get(key) : null;
    if (key && p === undefined) {
      p = await authenticate(db, key);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, p);
    }
    if (!p) {
      send(res, 401, 'missing or invalid API key (Authorization: Bearer <key>)', { 'www-authenticate': 'Bearer realm="tm-telemetry"' });
      return null;
    }
    const wait = limiter.take(p.keyId);
    if (wait) {
      send(res, 429, `rate limit of ${opts.rateLimit} calls/s for this key exceeded`, { 'retry-after': String(wait) });
      return null;
    }
    return p;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (!checkHost(req, res) || !checkOrigin(req, res)) return;
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return send(res, 413, `request body over ${maxBody} bytes`);
    if (sse && (path === '/sse' || path === '/messages')) {
      const p = await auth(req, res);
      if (p) await sse.handle(req, res, p, maxBody);
      return;
    }
    if (path !== '/mcp') return send(res, 404, 'not found; the MCP endpoint is /mcp');
    const p = await auth(req, res);
    if (!p) return;
    const authInfo: AuthInfo = { token: p.keyId, clientId: p.keyId, scopes: [p.scope], extra: { principal: p } };
    let web: Request;
    try {
      web = await toWebRequest(req, undefined, { maxRequestBodySize: maxBody });
    } catch (err) {
      return send(res, (err as { status?: number }).status === 413 ? 413 : 400, (err as Error).message);
    }
    if (!opts.stateless && (await isLegacyRequest(web, undefined, { maxRequestBodySize: maxBody }))) return legacySession(req, res, web, p);
    await writeResponse(res, await modern.fetch(web, { authInfo }));
  }

  /** 2025-era Streamable HTTP with sessions (GET stream for notifications, DELETE to end). */
  async function legacySession(req: IncomingMessage, res: ServerResponse, web: Request, p: Principal): Promise<void> {
    const sid = req.headers['mcp-session-id'];
    const body = web.method === 'POST' ? await web.json().catch(() => undefined) : undefined;
    if (typeof sid === 'string') {
      const s = sessions.get(sid);
      if (!s) return send(res, 404, 'unknown or expired session');
      if (s.keyId !== p.keyId) return send(res, 403, 'this session belongs to another API key');
      return s.transport.handleRequest(req, res, body);
    }
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id: string) => {
        // clients that vanish without DELETE must not grow memory without bound: drop the oldest
        if (sessions.size >= MAX_SESSIONS) {
          const [oldest] = sessions.keys();
          void sessions.get(oldest!)?.transport.close().catch(() => undefined);
          sessions.delete(oldest!);
        }
        sessions.set(id, { transport, keyId: p.keyId });
      },
    } as ConstructorParameters<typeof NodeStreamableHTTPServerTransport>[0]);
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    await createTelemetryServer({ db, principal: p, onChange }).connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `http://${host}:${port}/mcp`,
    async close() {
      await modern.close();
      for (const s of sessions.values()) await s.transport.close().catch(() => undefined);
      await sse?.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Copy a web Response to a Node response, streaming SSE bodies as they come. */
async function writeResponse(res: ServerResponse, r: Response): Promise<void> {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(r.status, headers);
  if (!r.body) return void res.end();
  const reader = r.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((ok) => res.once('drain', ok));
  }
  res.end();
}
