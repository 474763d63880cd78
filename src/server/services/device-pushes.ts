import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { queueWaitingRequests } from './download-tokens';
import { PushGroups } from './push-groups';
import { pushChangesOfMany, type PushRequest, type PushResult } from './replication';

/**
 * What a device push does in the pool's transaction: the rows (services/replication.ts), then,
 * for people, the white-paper requests that were waiting for their person to arrive.
 */
export async function applyDevicePushes(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'assets'>,
  collection: SyncedCollection,
  requests: readonly PushRequest[],
): Promise<PushResult[]> {
  const results = await pushChangesOfMany(tx, deps, collection, requests);
  if (collection === 'people') {
    await queueWaitingRequests(tx, deps, requests.flatMap(idsOf));
  }
  return results;
}

const idsOf = (request: PushRequest) => request.rows.map((row) => String(row.newDocumentState.id));

/** The pool process's push groups (services/push-groups.ts) over applyDevicePushes. */
export function devicePushGroups(
  deps: Pick<PoolDeps, 'db' | 'clock' | 'newId' | 'assets'>,
  options: { onCommitted?: (collection: SyncedCollection, size: number) => void } = {},
): PushGroups<PushRequest, PushResult> {
  return new PushGroups<PushRequest, PushResult>({
    db: deps.db,
    apply: (tx, collection, requests) => applyDevicePushes(tx, deps, collection, requests),
    idsOf,
    rowsOf: (request) => request.rows.length,
    ...(options.onCommitted ? { onCommitted: options.onCommitted } : {}),
  });
}
