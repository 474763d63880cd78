import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { writeDocuments } from './documents';

/**
 * The one way documents enter the pool, whoever sends them (a device's push, an attendee
 * import, a pool-side edit): validated documents in, stored with fresh sequence numbers.
 * People also pass through identity resolution here, so every entry point merges the same way.
 */
export interface IngestDocument {
  id: string;
  eventId: string;
  deleted: boolean;
  data: Record<string, unknown>;
}

export async function ingestDocuments(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  collection: SyncedCollection,
  documents: readonly IngestDocument[],
): Promise<void> {
  // Identity resolution for people is added by the sync/identity work (issue 5).
  await writeDocuments(tx, collection, documents, deps.clock());
}
