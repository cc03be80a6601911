import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { dataDir } from '../util/paths.js';
import { DuckDbAdapter } from './duckdb.js';
import { ensureSchema } from './schema.js';
import { acquireLock } from './lock.js';
import type { SqlAdapter } from './sql.js';

/** The default database: `$XDG_DATA_HOME/tm/telemetry.duckdb`. */
export const defaultDbPath = () => join(dataDir(), 'telemetry.duckdb');

export interface OpenStore {
  db: SqlAdapter;
  file: string;
  close(): Promise<void>;
}

/**
 * Open (creating if needed) the telemetry database for one command or server, holding its
 * lock for as long as it is open.
 */
export async function openStore(file: string | undefined, command: string, opts: { readers?: number } = {}): Promise<OpenStore> {
  const path = file ?? defaultDbPath();
  mkdirSync(dirname(path), { recursive: true });
  const release = acquireLock(path, command);
  try {
    const db = await DuckDbAdapter.open(path, opts);
    await ensureSchema(db);
    return {
      db,
      file: path,
      async close() {
        await db.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
