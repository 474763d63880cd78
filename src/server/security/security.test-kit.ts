import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  type Interaction,
  type LeadEvent,
  type Person,
} from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import { bearer, createEvent, createUser, enrollDevice } from '../routes/routes.test-kit';
import type { TestPool } from '../testing';

/**
 * The cast of the security suite: two events, a device of each, and users of every role. The
 * attacks run through the real HTTP routes (app.inject or a real socket) on the real database.
 */
export interface Scene {
  pool: TestPool;
  eventA: LeadEvent;
  eventB: LeadEvent;
  deviceA: string;
  deviceB: string;
  marketing: string;
  sales: string;
}

export async function openScene(pool: TestPool): Promise<Scene> {
  const eventA = await createEvent(pool, { name: 'Expo A' });
  const eventB = await createEvent(pool, { name: 'Expo B' });
  return {
    pool,
    eventA,
    eventB,
    deviceA: await enrollDevice(pool, eventA.id),
    deviceB: await enrollDevice(pool, eventB.id),
    marketing: (await createUser(pool, 'marketing')).token,
    sales: (await createUser(pool, 'sales')).token,
  };
}

export const personOf = (
  eventId: string,
  profile: Partial<typeof EMPTY_PERSON_INPUT>,
  at = Date.now(),
): Person =>
  createPerson(newId(), eventId, { ...EMPTY_PERSON_INPUT, ...profile }, NO_CONSENT, {
    source: 'staff',
    deviceId: 'dev',
    at,
  });

export const factOf = (
  eventId: string,
  personId: string,
  type: Interaction['type'] = 'checked_in',
  at = Date.now(),
  data: Interaction['data'] = {},
): Interaction => ({
  id: newId(),
  eventId,
  personId,
  type,
  deviceId: 'dev',
  staffId: 'staff',
  occurredAt: at,
  data,
  updatedAt: at,
});

export async function push(
  pool: TestPool,
  token: string,
  collection: SyncedCollection,
  docs: readonly object[],
) {
  return pool.app.inject({
    method: 'POST',
    url: `/api/v1/sync/${collection}/push`,
    headers: bearer(token),
    payload: docs.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
  });
}

/** Every document of an event's collection as the pool holds it, read straight from the table. */
export async function stored(
  pool: TestPool,
  collection: SyncedCollection,
  eventId: string,
): Promise<Record<string, unknown>[]> {
  const rows = await pool.db.query<{ data: Record<string, unknown> }>(
    `select data from documents where collection = $1 and event_id = $2 and not deleted order by seq`,
    [collection, eventId],
  );
  return rows.map((row) => row.data);
}
