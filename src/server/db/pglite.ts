import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor, SqlParam } from './sql';

/** Embedded PostgreSQL in this process; `dataDir` undefined keeps it in memory (tests). */
export async function openPglite(dataDir?: string): Promise<SqlDatabase> {
  const pg = await PGlite.create(dataDir);
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    async query<Row>(text: string, params: readonly SqlParam[] = []) {
      const result = await target.query<Row>(text, params as unknown[]);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...executor(pg),
    transaction: (work) => pg.transaction((tx) => work(executor(tx))),
    async exec(script) {
      await pg.exec(script);
    },
    async listen(channel, onNotify) {
      const stop = await pg.listen(channel, onNotify);
      return () => stop();
    },
    close: () => pg.close(),
  };
}
