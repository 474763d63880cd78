import {
  createRxDatabase,
  getAssumedMasterState,
  getChangedDocumentsSince,
  getLastCheckpointDoc,
  stackCheckpoints,
  writeDocToDocState,
  type RxCollection,
  type RxDatabase,
  type ReplicationPullHandlerResult,
  type RxDocumentData,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COLLECTIONS, toStoreJsonSchema } from '../shared/collections';
import { newId } from '../shared/ids';
import type { EnrollmentCodesResponse, EventResponse } from '../shared/api';
import type { Interaction } from '../shared/schemas';
import type { SyncCheckpoint } from '../shared/sync';
import { freePort, isolatedPoolEnv, PoolProcess, sleep } from './pool-process.test-kit';

/**
 * The pool killed (SIGKILL, no shutdown) in the middle of a device's 5,000-document push, then
 * restarted on the same data: RxDB's replication retries, and every document ends in the pool
 * exactly once, with nothing left pending on the device. The real pool binary, the real RxDB
 * replication, the real database (PGlite in a data dir; a throwaway schema when DATABASE_URL is
 * set).
 */

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const DOCUMENTS = 5_000;
const PUSH_BATCH = 100;
/** The push request during which the pool dies: about a third of the way. */
const KILL_AT_PUSH = 17;
const ADMIN_TOKEN = `lpu_fault-test-admin-${newId()}`;

/** What RxDB itself would push next: local writes newer than the upstream checkpoint, unpushed. */
async function countUnpushed<T, C>(replication: RxReplicationState<T, C>): Promise<number> {
  const state = replication.internalReplicationState;
  if (!state) throw new Error('replication has not started');
  const fork = state.input.forkInstance;
  let checkpoint = await getLastCheckpointDoc(state, 'up');
  let count = 0;
  for (;;) {
    const page = await getChangedDocumentsSince(fork, 500, checkpoint);
    const ids = page.documents.map((d) => String((d as Record<string, unknown>).id));
    const masters = ids.length > 0 ? await getAssumedMasterState(state, ids) : {};
    for (const doc of page.documents as RxDocumentData<T>[]) {
      const master = masters[String((doc as Record<string, unknown>).id)];
      const current = writeDocToDocState(doc, state.hasAttachments, false);
      if (!master || !state.input.conflictHandler.isEqual(master.docData, current, 'test')) {
        count++;
      }
    }
    if (page.documents.length < 500) return count;
    checkpoint = stackCheckpoints([checkpoint, page.checkpoint]);
  }
}

describe('pool killed in the middle of a push', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('ends with every document in the pool exactly once and nothing pending', async () => {
    const env = await isolatedPoolEnv(ADMIN_TOKEN, cleanups);
    // A fixed port for both lives of the pool: the device knows one address.
    const port = await freePort();
    const pool = new PoolProcess(port, { ...env, LEADPOND_POOL_PORT: String(port) });
    cleanups.push(() => pool.kill());
    await pool.start();

    const { event } = await pool.admin<EventResponse>('POST', '/events', {
      name: 'Fault Expo',
      startsOn: '2026-06-01',
      endsOn: '2026-06-02',
    });
    const issued = await pool.admin<EnrollmentCodesResponse>(
      'POST',
      `/events/${event.id}/enrollment-codes`,
      { count: 1 },
    );
    const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: issued.codes[0]?.code }),
    });
    expect(enrolled.status).toBe(200);
    const { token } = (await enrolled.json()) as { token: string };

    const db: RxDatabase = await createRxDatabase({
      name: `fault${newId().replaceAll('-', '')}`,
      storage: getRxStorageMemory(),
    });
    cleanups.push(async () => {
      await db.close();
    });
    const { interactions } = (await db.addCollections({
      interactions: { schema: toStoreJsonSchema(COLLECTIONS.interactions) as never },
    })) as { interactions: RxCollection<Interaction> };
    const personId = newId();
    const docs: Interaction[] = Array.from({ length: DOCUMENTS }, (_, i) => ({
      id: newId(),
      eventId: event.id,
      personId,
      type: 'badge_scanned',
      deviceId: 'booth-1',
      staffId: 'staff-1',
      occurredAt: 1_760_000_000_000 + i,
      data: { n: i },
      updatedAt: 1_760_000_000_000 + i,
    }));
    await interactions.bulkInsert(docs);

    let pushes = 0;
    let failedPushes = 0;
    const crash: { done?: Promise<void> } = {};
    const api = (path: string) => `${pool.url}/api/v1/sync/interactions${path}`;
    const replication = replicateRxCollection<Interaction, SyncCheckpoint>({
      collection: interactions,
      replicationIdentifier: `fault-${event.id}`,
      live: true,
      retryTime: 300,
      autoStart: true,
      push: {
        batchSize: PUSH_BATCH,
        async handler(rows) {
          pushes += 1;
          const request = fetch(api('/push'), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(rows),
          });
          // The pool dies while this push is on its way or being written.
          if (pushes === KILL_AT_PUSH) crash.done = pool.kill();
          try {
            const res = await request;
            if (!res.ok) throw new Error(`push: ${res.status}`);
            return (await res.json()) as WithDeleted<Interaction>[];
          } catch (error) {
            failedPushes += 1;
            throw error;
          }
        },
      },
      pull: {
        batchSize: 500,
        async handler(checkpoint, batchSize) {
          const query = new URLSearchParams({ limit: String(batchSize) });
          if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
          const res = await fetch(api(`/pull?${query}`), {
            headers: { authorization: `Bearer ${token}` },
          });
          if (!res.ok) throw new Error(`pull: ${res.status}`);
          return (await res.json()) as ReplicationPullHandlerResult<Interaction, SyncCheckpoint>;
        },
      },
    });
    cleanups.push(() => replication.cancel().then(() => undefined));

    // Wait for the crash, leave the pool down while the device keeps retrying, then restart it.
    while (!crash.done) await sleep(50);
    await crash.done;
    const pushesWhileDown = pushes;
    await sleep(1_500);
    await pool.start();
    await replication.awaitInSync();

    expect(failedPushes).toBeGreaterThan(0);
    expect(pushes).toBeGreaterThan(pushesWhileDown);
    expect(await countUnpushed(replication)).toBe(0);

    // Everything the pool holds for the event, read back through the admin's pull.
    const held: string[] = [];
    let checkpoint: SyncCheckpoint | null = null;
    for (;;) {
      const query = new URLSearchParams({ limit: '1000', eventId: event.id });
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
      const page = await pool.admin<{ documents: { id: string }[]; checkpoint: SyncCheckpoint }>(
        'GET',
        `/sync/interactions/pull?${query}`,
      );
      if (page.documents.length === 0) break;
      held.push(...page.documents.map((d) => d.id));
      checkpoint = page.checkpoint;
    }
    expect(held).toHaveLength(DOCUMENTS);
    expect(new Set(held)).toEqual(new Set(docs.map((d) => d.id)));
  });
});
