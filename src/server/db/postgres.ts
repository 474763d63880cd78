import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlParam } from './sql';

// bigint columns (sequence numbers, epoch ms) fit in a JS number for the life of this system.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A real PostgreSQL server through a connection pool. */
export async function openPostgres(connectionString: string): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // Fail at start-up, not at the first request, when the server is unreachable.
  await pool.query('select 1');
  const executor = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor => ({
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await target.query(text, params as unknown[]);
      return result.rows as Row[];
    },
  });
  let listener: pg.PoolClient | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
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
      if (!listener) {
        listener = await pool.connect();
        listener.on('notification', (message) => {
          for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
        });
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`listen ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
      };
    },
    async close() {
      listener?.release();
      listener = null;
      await pool.end();
    },
  };
}
