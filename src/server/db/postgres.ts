import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlParam } from './sql';

// bigint columns (sequence numbers, epoch ms) fit in a JS number for the life of this system.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A real PostgreSQL server through a connection pool. */
export async function openPostgres(connectionString: string): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client that loses its server is dropped from the pool; without a handler the
  // 'error' event would end the process.
  pool.on('error', () => undefined);
  // Fail at start-up, not at the first request, when the server is unreachable.
  await pool.query('select 1');
  const executor = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor => ({
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await target.query(text, params as unknown[]);
      return result.rows as Row[];
    },
  });
  let listener: pg.PoolClient | null = null;
  let closed = false;
  const handlers = new Map<string, Set<(payload: string) => void>>();

  /**
   * One connection holds every LISTEN. If it drops (server restart, network), a new one listens
   * again and every handler is woken once, so streams re-read what they missed meanwhile.
   */
  async function connectListener(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    client.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => {
      if (listener !== client) return;
      listener = null;
      client.release(true);
      void relisten();
    });
    for (const channel of handlers.keys()) {
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    }
    return client;
  }

  async function relisten(): Promise<void> {
    for (let attempt = 0; !closed && !listener; attempt++) {
      try {
        listener = await connectListener();
        for (const set of handlers.values()) for (const handler of set) handler('');
      } catch {
        await new Promise((done) => setTimeout(done, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
  }

  return {
    kind: 'postgres',
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(executor(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async listen(channel, onNotify) {
      let set = handlers.get(channel);
      const fresh = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(onNotify);
      if (!listener) listener = await connectListener();
      else if (fresh) await listener.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        set.delete(onNotify);
      };
    },
    async close() {
      closed = true;
      listener?.release();
      listener = null;
      await pool.end();
    },
  };
}
