import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Anthropic Messages API on loopback: `POST /v1/messages` only (anything else is a 404,
 * so a client that relied on server-held threads or other endpoints would fail here). Each
 * request is recorded (raw body, parsed body, headers) and answered by the test's handler.
 * `usage.input_tokens` is the request body's length / 4, so token figures are what was sent.
 */
export interface RecordedRequest {
  raw: string;
  body: MessagesBody;
  headers: IncomingHttpHeaders;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: 'user' | 'assistant'; content: string | Block[] }[];
  tools?: { name: string; description: string; input_schema: unknown }[];
  tool_choice?: { type: string };
  stream?: boolean;
}

export type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: unknown; is_error?: boolean };

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type Handler = (req: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export class FakeMessagesServer {
  readonly requests: RecordedRequest[] = [];
  /** requests to anything but POST /v1/messages */
  readonly strayRequests: string[] = [];
  private constructor(
    private server: Server,
    readonly url: string,
    public handler: Handler,
  ) {}

  static async start(handler: Handler): Promise<FakeMessagesServer> {
    let self: FakeMessagesServer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
          self!.strayRequests.push(`${req.method} ${req.url}`);
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(apiError(404, 'not_found_error', 'only POST /v1/messages exists here').body));
          return;
        }
        const rec: RecordedRequest = { raw, body: JSON.parse(raw) as MessagesBody, headers: req.headers };
        const index = self!.requests.push(rec) - 1;
        let reply: FakeReply;
        try {
          reply = await self!.handler(rec, index);
        } catch (e) {
          reply = apiError(500, 'api_error', `fake handler failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        const body = reply.body as { usage?: { input_tokens: number } } & Record<string, unknown>;
        if (body && body.type === 'message' && body.usage) body.usage.input_tokens = Math.ceil(raw.length / 4);
        if (rec.body.stream && (reply.status ?? 200) === 200) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_fake_${index}`, ...reply.headers }).end(toSSE(body));
          return;
        }
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'request-id': `req_fake_${index}`, ...reply.headers }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FakeMessagesServer(server, `http://127.0.0.1:${port}`, handler);
    return self;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Every request body as sent, concatenated (for "no secret was sent" checks). */
  allSent(): string {
    return this.requests.map((r) => r.raw).join('\n');
  }
}

let ids = 0;

/** A normal assistant message: text, `end_turn`. */
export function textReply(text: string, opts: { stopReason?: string; outputTokens?: number } = {}): FakeReply {
  return { body: message([{ type: 'text', text }], opts.stopReason ?? 'end_turn', opts.outputTokens ?? Math.ceil(text.length / 4)) };
}

/** A JSON answer (serialised as the model would write it). */
export const jsonReply = (value: unknown) => textReply(JSON.stringify(value));

/** A `tool_use` turn: the model asks for one or more tools. */
export function toolUseReply(calls: { name: string; input: Record<string, unknown> }[], preface = 'Let me look.'): FakeReply {
  const blocks: Block[] = [{ type: 'text', text: preface }, ...calls.map((c) => ({ type: 'tool_use', id: `toolu_fake_${++ids}`, name: c.name, input: c.input }))];
  return { body: message(blocks, 'tool_use', 40) };
}

export function apiError(status: number, type: string, msg: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, body: { type: 'error', error: { type, message: msg } } };
}

function message(content: Block[], stopReason: string, outputTokens: number) {
  return {
    id: `msg_fake_${++ids}`,
    type: 'message',
    role: 'assistant',
    model: 'claude-fake',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: outputTokens },
  };
}

/** Text of the first user message of a request (the stage prompt). */
export function firstPrompt(req: RecordedRequest): string {
  const c = req.body.messages[0]?.content;
  return typeof c === 'string' ? c : (c ?? []).map((b) => b.text ?? '').join('');
}

/** The last message of a request (what the engine just added). */
export function lastMessage(req: RecordedRequest): { role: string; content: string | Block[] } {
  return req.body.messages[req.body.messages.length - 1];
}

/** Which app stage a request belongs to, from its prompt's title. */
export function appStageOf(req: RecordedRequest): 'architecture' | 'threats' | 'response' | undefined {
  const p = firstPrompt(req);
  if (p.includes('# Task: architecture')) return 'architecture';
  if (p.includes('# Task: attack paths')) return 'threats';
  if (p.includes('# Task: detection coverage')) return 'response';
  return undefined;
}

/**
 * A message as the streaming API sends it: message_start, a start/delta/stop triple per content
 * block (text as one text_delta, tool input as one input_json_delta), message_delta with the stop
 * reason and output tokens, message_stop. A body with `type: 'error'` becomes an `error` event.
 */
export function toSSE(body: Record<string, unknown>): string {
  const ev = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  if (body.type === 'error') return ev('error', body);
  const msg = body as { content: Block[]; stop_reason: string; usage: { input_tokens: number; output_tokens: number } };
  let out = ev('message_start', { type: 'message_start', message: { ...msg, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: msg.usage.input_tokens, output_tokens: 1 } } });
  msg.content.forEach((b, index) => {
    if (b.type === 'tool_use') {
      out += ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      out += ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input ?? {}) } });
    } else {
      out += ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      out += ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text ?? '' } });
    }
    out += ev('content_block_stop', { type: 'content_block_stop', index });
  });
  out += ev('message_delta', { type: 'message_delta', delta: { stop_reason: msg.stop_reason, stop_sequence: null }, usage: { output_tokens: msg.usage.output_tokens } });
  out += ev('message_stop', { type: 'message_stop' });
  return out;
}
