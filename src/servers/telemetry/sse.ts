import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { McpServer, Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import type { SqlAdapter } from '../../telemetry/sql.js';
import type { Principal } from '../../telemetry/keys.js';

/**
 * The HTTP+SSE transport of protocol 2024-11-05, for clients that never moved to Streamable
 * HTTP. SDK v2 ships only the client side of it, so the server side is here: GET /sse opens
 * the stream and names the POST endpoint; POST /messages?sessionId= delivers a message and
 * the answer comes back on the stream.
 */
class SseServerTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private keepAlive?: NodeJS.Timeout;
  constructor(private res: ServerResponse) {}

  async start(): Promise<void> {
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    this.res.write(`event: endpoint\ndata: /messages?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.res.write(': keep-alive\n\n'), 15_000);
    this.res.on('close', () => void this.close());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    if (!this.res.writableEnded) this.res.end();
    const cb = this.onclose;
    this.onclose = undefined;
    cb?.();
  }
}

export function attachLegacySse(_db: SqlAdapter, build: (p: Principal) => McpServer) {
  const sessions = new Map<string, { t: SseServerTransport; keyId: string }>();
  return {
    async handle(req: IncomingMessage, res: ServerResponse, p: Principal, maxBody: number): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/sse' && req.method === 'GET') {
        const t = new SseServerTransport(res);
        sessions.set(t.sessionId, { t, keyId: p.keyId });
        t.onclose = () => sessions.delete(t.sessionId);
        await build(p).connect(t);
        return;
      }
      if (url.pathname === '/messages' && req.method === 'POST') {
        const s = sessions.get(url.searchParams.get('sessionId') ?? '');
        if (!s) return void res.writeHead(404).end('unknown session');
        if (s.keyId !== p.keyId) return void res.writeHead(403).end('this session belongs to another API key');
        let size = 0;
        const chunks: Buffer[] = [];
        for await (const c of req) {
          size += (c as Buffer).length;
          if (size > maxBody) return void res.writeHead(413).end('request body too large');
          chunks.push(c as Buffer);
        }
        let msg: JSONRPCMessage;
        try {
          msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JSONRPCMessage;
        } catch {
          return void res.writeHead(400).end('invalid JSON');
        }
        res.writeHead(202).end('Accepted');
        s.t.onmessage?.(msg);
        return;
      }
      res.writeHead(405).end('method not allowed');
    },
    async close() {
      for (const s of sessions.values()) await s.t.close();
    },
  };
}
