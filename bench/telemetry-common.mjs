// Shared helpers for the telemetry benches: run the built CLI, start the server, connect the SDK client.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export const TM = fileURLToPath(new URL('../bin/tm.js', import.meta.url));

export function tm(args) {
  return execFileSync(process.execPath, [TM, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A 10 M-event fleet at `db` (seeded once, reused) and an investigate key for it. */
export function ensureFleet(db, events = 10_000_000) {
  if (!existsSync(db)) tm(['telemetry', 'seed', '--db', db, '--events', String(events), '--json']);
  const key = JSON.parse(tm(['telemetry', 'keys', 'create', '--db', db, '--scope', 'investigate', '--name', 'bench', '--json'])).key;
  return { key };
}

export function serve(db, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TM, 'serve', 'telemetry', '--db', db, '--transport', 'http', '--port', '0', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /MCP server at (http:\/\/\S+\/mcp)/.exec(err);
      if (m) resolve({ child, url: m[1], stop: () => new Promise((ok) => (child.once('exit', ok), child.kill('SIGTERM'))) });
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}: ${err}`)));
  });
}

export async function client(url, key, mode = 'legacy') {
  const c = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode } });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return c;
}

export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
