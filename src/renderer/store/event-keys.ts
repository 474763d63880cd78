import { generateEventKeyPair, issueTicket } from '../../shared/scan';
import type { LeadEvent, Person } from '../../shared/schemas';
import type { LeadDatabase } from './database';

/**
 * Ticket signing keys of events this device made itself. The private key is a local document
 * (never replicated); the event carries only the public key. Once the pool owns an event it
 * signs the tickets and devices hold no private key: `ticketFor` then returns null.
 */
const keyDocId = (eventId: string) => `event-key-${eventId}`;

interface StoredKey {
  privateKey: string;
  publicKey: string;
}

/** Makes a key pair for a new local event and returns its public half. */
export async function createEventKey(db: LeadDatabase, eventId: string): Promise<string> {
  const keys = generateEventKeyPair();
  await db.upsertLocal<StoredKey>(keyDocId(eventId), keys);
  return keys.publicKey;
}

async function privateKeyOf(db: LeadDatabase, event: LeadEvent): Promise<string | null> {
  const doc = await db.getLocal<StoredKey>(keyDocId(event.id));
  const stored = doc?.toJSON().data;
  return stored && stored.publicKey === event.publicKey ? stored.privateKey : null;
}

/** Events made before tickets existed get their key pair the first time a ticket is needed. */
export async function ensureLocalEventKey(db: LeadDatabase, event: LeadEvent): Promise<LeadEvent> {
  if (event.publicKey !== '') return event;
  const publicKey = await createEventKey(db, event.id);
  const doc = await db.events.findOne(event.id).exec();
  await doc?.incrementalPatch({ publicKey, updatedAt: Date.now() });
  return { ...event, publicKey };
}

/**
 * The person's ticket, signed with the event key if this device holds it. Issued at the
 * person's creation time so the same person always gets the same code (Ed25519 is deterministic).
 */
export async function ticketFor(
  db: LeadDatabase,
  event: LeadEvent,
  person: Pick<Person, 'id' | 'createdAt'>,
): Promise<string | null> {
  const privateKey = await privateKeyOf(db, event);
  if (!privateKey) return null;
  return issueTicket(
    { eventId: event.id, personId: person.id, issuedAt: person.createdAt },
    privateKey,
  );
}

/**
 * Whether this device made the event (a local event, before or without a pool): it holds the
 * event's signing key, or the event predates tickets. Events from the pool carry the pool's
 * public key and no private key here.
 */
export async function madeOnThisDevice(db: LeadDatabase, event: LeadEvent): Promise<boolean> {
  if (event.publicKey === '') return true;
  return (await privateKeyOf(db, event)) !== null;
}
