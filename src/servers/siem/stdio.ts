import type { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';

/**
 * Serve one of tm's context servers over stdio until the client closes stdin. Shared by
 * `tm serve siem` and `tm serve tickets` so the CLI never touches the MCP SDK.
 */
export async function serveOverStdio(factory: () => McpServer, onerror?: (e: Error) => void): Promise<void> {
  const handle = serveStdio(factory, { onerror });
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
  });
  await handle.close();
}
