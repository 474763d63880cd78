import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { migrate } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { SqlDatabase } from './sql';

/** Real PostgreSQL when a URL is given, else PGlite in `dataDir` (or in memory when null). */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string | null;
}): Promise<SqlDatabase> {
  let db: SqlDatabase;
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl);
  } else if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    db = await openPglite(join(options.dataDir, 'pool-pg'));
  } else {
    db = await openPglite();
  }
  await migrate(db);
  return db;
}
