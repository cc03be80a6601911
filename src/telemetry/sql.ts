/**
 * The small SQL surface the telemetry store needs. Everything above this file (queries,
 * seed, importers, actions, the MCP tools) talks to a `SqlAdapter`, never to DuckDB, so a
 * distributed engine (ClickHouse, Trino, MotherDuck) can replace the embedded one for
 * fleets that outgrow one machine: implement these five methods and the DDL dialect.
 *
 * Parameters are positional (`?`). Values are plain JS: string, number, bigint, boolean,
 * null. Rows come back as plain objects with JSON-safe values (BIGINT → number when safe).
 */
export type SqlValue = string | number | bigint | boolean | null;
export type Row = Record<string, unknown>;

export interface SqlAdapter {
  /** Run a statement that returns no rows we need. */
  run(sql: string, params?: SqlValue[]): Promise<void>;
  /** Run a query and return every row (callers bound their queries with LIMIT). */
  all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /**
   * Run `fn` inside one transaction on the writer connection: all of it commits or none.
   * Writers are serialised; readers keep answering from their snapshot meanwhile.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Bulk-append rows to a table (fast path for importers and geo tables). */
  append(table: string, columns: string[], rows: SqlValue[][]): Promise<void>;
  close(): Promise<void>;
}

/** What a transaction body may do: the same statements, on the transaction's connection. */
export interface SqlTx {
  run(sql: string, params?: SqlValue[]): Promise<void>;
  all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
}

/** Serialise async work (one writer at a time). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  lock<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
