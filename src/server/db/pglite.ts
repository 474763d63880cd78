import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor, SqlParam } from './sql';

/**
 * Embedded PostgreSQL in this process; `dataDir` undefined keeps it in memory (tests).
 * `fromDump` starts from a `dumpDataDir()` tarball instead of running initdb: seconds faster,
 * which is what the test suite's hundreds of fresh databases need.
 */
export async function openPglite(
  dataDir?: string,
  { fromDump }: { fromDump?: Blob } = {},
): Promise<SqlDatabase> {
  const pg = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(fromDump ? { loadDataDir: fromDump } : {}),
  });
  return pgliteDatabase(pg);
}

/** The SqlDatabase face of an open PGlite. */
export function pgliteDatabase(pg: PGlite): SqlDatabase {
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
