import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { newId } from '../../shared/ids';
import { DEFAULT_EVENT_FORM } from '../../shared/schemas';
import { openLeadDatabase, type LeadDatabase } from './database';
import { saveEvent, type CaptureContext } from './leads';

/** Store tests: a fresh RxDB (Dexie on fake-indexeddb) with one event, closed after each test. */
const open: LeadDatabase[] = [];
let clockValue = 1_700_000_000_000;

/** Closes the database after the test. */
export function track(db: LeadDatabase): LeadDatabase {
  open.push(db);
  return db;
}

export async function openTestDatabase(name: string): Promise<LeadDatabase> {
  return track(await openLeadDatabase({ name, storage: getRxStorageDexie() }));
}

export function testContext(db: LeadDatabase, deviceId = 'dev-1'): CaptureContext {
  return { db, deviceId, staffId: 'staff-1', clock: () => ++clockValue, newId };
}

export async function openStore(name = `test-${newId()}`) {
  const db = await openTestDatabase(name);
  const ctx = testContext(db);
  const event = await saveEvent(ctx, {
    name: '上海工业博览会',
    venue: 'NECC',
    startsOn: '2026-11-25',
    endsOn: '2026-11-27',
    cost: { amount: 50000, currency: 'CNY' },
    form: DEFAULT_EVENT_FORM,
    interests: ['CRM', 'ERP'],
    consent: { text: '我同意…', version: 'v3', translations: [] },
    kioskIdleSeconds: 30,
    retentionDays: 90,
  });
  if (!event.ok) throw new Error(JSON.stringify(event.errors));
  return { db, ctx, event: event.value, name };
}

/** Drops a database the test closed itself, so the cleanup does not close it twice. */
export function forget(db: LeadDatabase): void {
  const index = open.indexOf(db);
  if (index >= 0) open.splice(index, 1);
}

export async function closeTestStores(): Promise<void> {
  while (open.length) await open.pop()?.close();
}
