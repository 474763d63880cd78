/**
 * The one SQL seam of the pool: the same queries run on embedded PGlite (the default) and on a
 * real PostgreSQL server (DATABASE_URL). Routes and services take a `SqlDatabase` and never
 * know which one they have.
 */
export type SqlParam = string | number | boolean | null | bigint | Date | Uint8Array | object;

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Several statements at once, no parameters: migrations. */
  exec(script: string): Promise<void>;
  /** LISTEN on a channel; resolves to the function that stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
