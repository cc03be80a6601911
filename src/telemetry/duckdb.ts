import { DuckDBInstance, JSDuckDBValueConverter, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { Mutex, type Row, type SqlAdapter, type SqlTx, type SqlValue } from './sql.js';

/** Convert DuckDB JS values to JSON-friendly ones (bigint → number when safe, Date → ISO). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

async function query<T>(conn: DuckDBConnection, sql: string, params?: SqlValue[]): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params && params.length ? (params as DuckDBValue[]) : undefined);
  const rows = reader.getRowObjectsJS() as Row[];
  for (const r of rows) for (const k of Object.keys(r)) r[k] = plain(r[k]);
  return rows as T[];
}

/**
 * A reader connection with its prepared statements. Reads repeat the same few shapes, and
 * planning costs more than running them on small tables, so statements are prepared once.
 * One query at a time per connection (a prepared statement's bindings are shared state).
 */
class Reader {
  private lock = new Mutex();
  /** queries queued or running here; the pool hands a query to the least busy reader */
  pending = 0;
  private cache = new Map<string, Promise<DuckDBPreparedStatement>>();
  constructor(readonly conn: DuckDBConnection) {}
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    this.pending++;
    return this.lock.lock(async () => {
      let ps = this.cache.get(sql);
      if (!ps) {
        if (this.cache.size > 500) this.cache.clear();
        ps = this.conn.prepare(sql);
        this.cache.set(sql, ps);
        ps.catch(() => this.cache.delete(sql));
      }
      const stmt = await ps;
      stmt.clearBindings();
      if (params && params.length) stmt.bind(params as DuckDBValue[]);
      // the materialized result's chunks are read synchronously: runAndReadAll() made two
      // more thread-pool round trips (fetch chunk, fetch end) per query
      const res = await stmt.run();
      const names = res.deduplicatedColumnNames();
      const rows: Row[] = [];
      for (let c = 0; c < res.chunkCount; c++) {
        for (const vals of res.getChunk(c).convertRows(JSDuckDBValueConverter)) {
          const r: Row = {};
          for (let i = 0; i < names.length; i++) r[names[i]!] = plain(vals[i]);
          rows.push(r);
        }
      }
      return rows as T[];
    }).finally(() => void this.pending--);
  }
}

/**
 * DuckDB behind the SqlAdapter: one writer connection (transactions serialised by a mutex)
 * and a small pool of reader connections so reads never queue behind a write.
 */
export class DuckDbAdapter implements SqlAdapter {
  private readers: Reader[] = [];
  private next = 0;
  private writeLock = new Mutex();
  private constructor(private instance: DuckDBInstance, private writer: DuckDBConnection) {}

  static async open(file: string, opts: { readers?: number; threads?: number } = {}): Promise<DuckDbAdapter> {
    const config: Record<string, string> = {};
    if (opts.threads) config.threads = String(opts.threads);
    const instance = await DuckDBInstance.create(file, config);
    const writer = await instance.connect();
    const a = new DuckDbAdapter(instance, writer);
    for (let i = 0; i < (opts.readers ?? 4); i++) a.readers.push(new Reader(await instance.connect()));
    return a;
  }

  async run(sql: string, params?: SqlValue[]): Promise<void> {
    await this.writeLock.lock(() => this.writer.run(sql, params && params.length ? (params as DuckDBValue[]) : undefined));
  }

  all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    if (!this.readers.length) return query<T>(this.writer, sql, params);
    // least busy first (round-robin among equals): plain round-robin queued a quick lookup
    // behind a slow aggregation while other readers sat idle
    let best = this.readers[this.next++ % this.readers.length]!;
    for (const r of this.readers) if (r.pending < best.pending) best = r;
    return best.all<T>(sql, params);
  }

  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.writeLock.lock(async () => {
      const w = this.writer;
      const tx: SqlTx = {
        run: async (sql, params) => void (await w.run(sql, params && params.length ? (params as DuckDBValue[]) : undefined)),
        all: (sql, params) => query(w, sql, params),
      };
      await w.run('BEGIN TRANSACTION');
      try {
        const out = await fn(tx);
        await w.run('COMMIT');
        return out;
      } catch (err) {
        await w.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  append(table: string, columns: string[], rows: SqlValue[][]): Promise<void> {
    // The rows travel as one JSON parameter that DuckDB unnests; the INSERT casts each text
    // field to its column's type. A VALUES list with a placeholder per field cost about
    // 45 µs a row to bind and plan (a second for the seed's 22 k geo pool); this is ~3 µs.
    return this.writeLock.lock(async () => {
      const chunk = 50_000;
      const cols = columns.map((_, k) => `r->>${k}`).join(', ');
      const sql = `INSERT INTO ${table} (${columns.join(',')}) SELECT ${cols} FROM (SELECT unnest(CAST(? AS JSON[])) AS r)`;
      const text = (v: SqlValue) => (typeof v === 'bigint' ? v.toString() : v);
      for (let i = 0; i < rows.length; i += chunk) {
        await this.writer.run(sql, [JSON.stringify(rows.slice(i, i + chunk).map((r) => r.map(text)))]);
      }
    });
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.conn.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
