import type { Clock, IdGenerator } from '../shared/ids';
import type { SqlDatabase } from './db/sql';

/** What every route and service of the pool is given (no hidden singletons). */
export interface PoolDeps {
  db: SqlDatabase;
  clock: Clock;
  newId: IdGenerator;
  /** Base URL devices and phones use to reach this pool (QR codes, mail links). */
  publicUrl: () => string;
}
