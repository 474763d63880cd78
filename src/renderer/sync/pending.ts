import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getLastCheckpointDoc,
  stackCheckpoints,
  writeDocToDocState,
  type RxDocumentData,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';

const PAGE = 500;

/**
 * The ids among `docs` whose current state is what the pool was last known to hold: confirmed in
 * the pool (the replication's own test, as below). Anything else is pending or unknown.
 */
export async function confirmedInPool<T, C>(
  replication: RxReplicationState<T, C>,
  docs: readonly RxDocumentData<T>[],
): Promise<Set<string>> {
  const state = replication.internalReplicationState;
  const confirmed = new Set<string>();
  if (!state || replication.isStopped() || docs.length === 0) return confirmed;
  const idOf = (doc: RxDocumentData<T>) =>
    String((doc as Record<string, unknown>)[state.primaryPath]);
  const masters = await getAssumedMasterState(state, docs.map(idOf));
  for (const doc of docs) {
    const master = masters[idOf(doc)];
    const current = writeDocToDocState(doc, state.hasAttachments, !!state.input.keepMeta);
    if (master && state.input.conflictHandler.isEqual(master.docData, current, 'confirmed')) {
      confirmed.add(idOf(doc));
    }
  }
  return confirmed;
}

/**
 * How many local documents this replication has not pushed yet: those written after its upstream
 * checkpoint whose state differs from what the pool was last known to hold. This is the test the
 * replication itself runs before a push (rxdb replication-protocol/upstream.ts), read from the
 * same checkpoint and meta documents, so the count survives restarts and never counts pulled
 * documents. null until the replication has started (e.g. another tab leads it).
 */
export async function countUnpushed<T, C>(
  replication: RxReplicationState<T, C>,
  include: (doc: RxDocumentData<T>) => boolean = () => true,
): Promise<number | null> {
  const state = replication.internalReplicationState;
  if (!state || replication.isStopped()) return null;
  const fork = state.input.forkInstance;
  const idOf = (doc: RxDocumentData<T>) =>
    String((doc as Record<string, unknown>)[state.primaryPath]);
  let checkpoint = await getLastCheckpointDoc(state, 'up');
  let count = 0;
  for (;;) {
    const page = await getChangedDocumentsSince(fork, PAGE, checkpoint);
    const candidates = page.documents.filter(include);
    if (candidates.length > 0) {
      const masters = await getAssumedMasterState(state, candidates.map(idOf));
      for (const doc of candidates) {
        const master = masters[idOf(doc)];
        const current = writeDocToDocState(doc, state.hasAttachments, !!state.input.keepMeta);
        if (!master || !state.input.conflictHandler.isEqual(master.docData, current, 'pending')) {
          count++;
        }
      }
    }
    if (page.documents.length < PAGE) return count;
    checkpoint = stackCheckpoints([checkpoint, page.checkpoint]);
  }
}
