import type { SqlAdapter } from '../../telemetry/sql.js';
import type { Principal } from '../../telemetry/keys.js';
import { createTelemetryServer } from './server.js';

/**
 * Serve over stdio for one principal (the key from TM_API_KEY). Resolves when the client
 * closes stdin. The SDK's serveStdio picks the era from the client's first message.
 */
export async function runStdio(db: SqlAdapter, principal: Principal): Promise<void> {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  const handle = serveStdio(() => createTelemetryServer({ db, principal }));
  await ended;
  await handle.close().catch(() => undefined);
}
