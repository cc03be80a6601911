import type { SqlAdapter } from '../../telemetry/sql.js';
import type { Principal } from '../../telemetry/keys.js';

/** What every tool handler needs: the store and who is calling. */
export interface ToolDeps {
  db: SqlAdapter;
  principal: Principal;
  /** called after a state change so live followers and key caches can react */
  onChange?: (what: 'keys' | 'events' | 'state') => void;
}

export const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';

/** JSON text result; compact so a page of events stays small in a model's context. */
export function ok(value: unknown) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(value) }] };
}

export function fail(message: string) {
  return { isError: true, content: [{ type: 'text' as const, text: message }] };
}
