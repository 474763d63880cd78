import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId, systemClock } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  type Interaction,
  type Person,
} from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import type { SqlDatabase, SqlExecutor, SqlParam } from '../db/sql';
import { ApiError } from '../http-errors';
import { openTestDatabase } from '../testing';
import { devicePushGroups } from './device-pushes';
import { readChangesSince, writeDocuments } from './documents';
import type { PushRequest, PushRow, WireDocument } from './replication';

/**
 * Group commit (services/push-groups.ts) on the real database (PGlite; a throwaway schema on
 * PostgreSQL when DATABASE_URL is set): pushes that arrive together share one transaction, and
 * each keeps its own outcome. Requests queued in the same tick always form one group: the leader
 * takes the queue only once its transaction holds the collection's lock.
 */

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/**
 * The database failing right after a push's rows were written (the statement after the insert
 * that holds `poisonId` throws): the rows are in the transaction when the failure comes, so only
 * a rollback to the push's savepoint keeps them out.
 */
function failingAfterWritesOf(db: SqlDatabase, poisonId: string): SqlDatabase {
  const wrap = (tx: SqlExecutor): SqlExecutor => {
    let armed = false;
    return {
      async query<Row>(text: string, params?: readonly SqlParam[]): Promise<Row[]> {
        if (armed) {
          armed = false;
          throw new Error('database failed after the poisoned rows were written');
        }
        const rows = await tx.query<Row>(text, params);
        if (text.trimStart().startsWith('insert into documents')) {
          armed = JSON.stringify(params ?? []).includes(poisonId);
        }
        return rows;
      },
    };
  };
  return { ...db, transaction: (work) => db.transaction((tx) => work(wrap(tx))) };
}

interface Device {
  kind: 'device';
  deviceId: string;
  eventId: string;
  name: string;
}

const deviceOf = (eventId: string): Device => ({
  kind: 'device',
  deviceId: newId(),
  eventId,
  name: 'Booth',
});

const rowsOf = (docs: readonly Record<string, unknown>[], assumed?: WireDocument): PushRow[] =>
  docs.map((doc) => ({
    newDocumentState: { ...doc, _deleted: false },
    assumedMasterState: assumed ?? null,
  }));

function interactions(device: Device, count: number): Interaction[] {
  const at = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: newId(),
    eventId: device.eventId,
    personId: newId(),
    type: 'badge_scanned',
    deviceId: device.deviceId,
    staffId: 'staff',
    occurredAt: at + i,
    data: { note: `scan ${i}` },
    updatedAt: at + i,
  }));
}

function person(eventId: string, name: string, phone: string): Person {
  return createPerson(newId(), eventId, { ...EMPTY_PERSON_INPUT, name, phone }, NO_CONSENT, {
    source: 'staff',
    deviceId: 'booth',
    at: Date.now(),
  });
}

describe('group commit of pushes', () => {
  let db: SqlDatabase;
  beforeEach(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await db.close();
  });

  const depsOf = (database: SqlDatabase) => ({
    db: database,
    clock: systemClock,
    newId,
    publicUrl: () => 'http://127.0.0.1:1',
  });

  /** Queues the requests in one tick (so they form one group) and settles each. */
  async function pushTogether(
    database: SqlDatabase,
    collection: SyncedCollection,
    requests: PushRequest[],
  ) {
    const groups: number[] = [];
    const pushGroups = devicePushGroups(depsOf(database), {
      onCommitted: (_collection, size) => groups.push(size),
    });
    const settled = await Promise.allSettled(
      requests.map((request) => pushGroups.push(collection, () => Promise.resolve(request))),
    );
    return { settled, groups };
  }

  const storedIds = async (collection: SyncedCollection, eventId: string) =>
    (await readChangesSince(db, collection, eventId, 0, 10_000)).map((doc) => doc.id);

  it('stores and acknowledges the batch-mates of a push that fails after writing, and nothing of it', async () => {
    const eventId = newId();
    const [a, bad, c] = [deviceOf(eventId), deviceOf(eventId), deviceOf(eventId)];
    const aDocs = interactions(a, 30);
    const badDocs = interactions(bad, 30);
    const cDocs = interactions(c, 30);
    const { settled, groups } = await pushTogether(
      failingAfterWritesOf(db, badDocs[7]!.id),
      'interactions',
      [
        { device: a, rows: rowsOf(aDocs) },
        { device: bad, rows: rowsOf(badDocs) },
        { device: c, rows: rowsOf(cDocs) },
      ],
    );

    expect(groups).toEqual([3]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { conflicts: [], refused: [] } });
    expect(settled[1]).toMatchObject({
      status: 'rejected',
      reason: { message: 'database failed after the poisoned rows were written' },
    });
    const stored = await storedIds('interactions', eventId);
    expect(stored).toEqual([...aDocs, ...cDocs].map((doc) => doc.id));
    // The failed push's sequence numbers went back with its savepoint: no gap, nothing behind.
    const seqs = (await readChangesSince(db, 'interactions', eventId, 0, 10_000)).map(
      (doc) => doc.seq,
    );
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const [counter] = await db.query<{ last: number }>(
      `select last from collection_seqs where collection = 'interactions'`,
    );
    expect(Number(counter?.last)).toBe(seqs.at(-1));

    // Pushed again on its own (the device retries), the failed push is stored exactly once.
    const retry = await pushTogether(db, 'interactions', [{ device: bad, rows: rowsOf(badDocs) }]);
    expect(retry.settled[0]?.status).toBe('fulfilled');
    expect(await storedIds('interactions', eventId)).toEqual(
      [...aDocs, ...cDocs, ...badDocs].map((doc) => doc.id),
    );
  });

  it('answers each push with its own conflicts and its own refusal, in one group', async () => {
    const [known, unknown, other] = [newId(), newId(), newId()];
    const master = { id: known, name: 'Expo', updatedAt: 1 };
    const otherMaster = { id: other, name: 'Fair', updatedAt: 1 };
    await db.transaction(async (tx) => {
      await writeDocuments(
        tx,
        'events',
        [master, otherMaster].map((data) => ({
          id: data.id,
          eventId: data.id,
          deleted: false,
          data,
        })),
        Date.now(),
      );
    });
    const { settled, groups } = await pushTogether(db, 'events', [
      // A device's changed copy of its event: the pool wins, the master comes back.
      { device: deviceOf(known), rows: rowsOf([{ ...master, name: 'Renamed' }]) },
      // An event the pool does not have: refused with 403, alone.
      { device: deviceOf(unknown), rows: rowsOf([{ id: unknown, name: 'Forged', updatedAt: 1 }]) },
      // The master restated: neither taken nor a conflict.
      { device: deviceOf(other), rows: rowsOf([otherMaster]) },
    ]);
    expect(groups).toEqual([3]);
    expect(settled[0]).toEqual({
      status: 'fulfilled',
      value: { conflicts: [{ ...master, _deleted: false }], refused: [] },
    });
    expect(settled[1]?.status).toBe('rejected');
    const reason = settled[1]?.status === 'rejected' ? (settled[1].reason as unknown) : null;
    expect(reason).toBeInstanceOf(ApiError);
    expect((reason as ApiError).status).toBe(403);
    expect(settled[2]).toEqual({ status: 'fulfilled', value: { conflicts: [], refused: [] } });
  });

  it('applies pushes of one person in arrival order: the later one sees the earlier as its master', async () => {
    const eventId = newId();
    const [first, second, third] = [deviceOf(eventId), deviceOf(eventId), deviceOf(eventId)];
    const shared = person(eventId, '张三', '+8613912345001');
    const alone = person(eventId, '李四', '+8613912345002');
    const { settled, groups } = await pushTogether(db, 'people', [
      { device: first, rows: rowsOf([shared]) },
      { device: second, rows: rowsOf([alone]) },
      // The same person from a device that never saw the pool's copy: a conflict, as it would be
      // one transaction later.
      { device: third, rows: rowsOf([{ ...shared, company: 'Acme' }]) },
    ]);
    expect(groups).toEqual([3]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const answers = settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
    expect(answers[0]?.conflicts).toEqual([]);
    expect(answers[1]?.conflicts).toEqual([]);
    expect(answers[2]?.conflicts.map((doc) => doc.id)).toEqual([shared.id]);
    expect(answers[2]?.conflicts[0]?.company).toBe(shared.company);
    expect((await storedIds('people', eventId)).sort()).toEqual([shared.id, alone.id].sort());
  });
});
