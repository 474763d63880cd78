import { createHash } from 'node:crypto';
import type { EraseResponse } from '../../shared/api';
import {
  interactionTombstone,
  personTombstone,
  qualificationTombstone,
} from '../../shared/erasure';
import type { Interaction, Person, Qualification } from '../../shared/schemas';
import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { notFound } from '../http-errors';
import { writeDocuments, type DocumentWrite, type StoredDocument } from './documents';
import { lockCollections } from './identity';
import { ingestDocuments } from './ingest';
import { rebuildEventSummaries } from './event-summary';
import { emitWebhookEvents } from './webhook-outbox';

/**
 * Erasing a person (PIPL/GDPR; DESIGN.md "Data model", privacy: "the pool can erase a person:
 * tombstones replicate to devices").
 *
 * - Every document of the customer's people (their people, facts and qualifications, including
 *   people folded into another and customers merged into this one) becomes a tombstone: deleted,
 *   emptied of personal values (shared/erasure.ts), written with a fresh sequence number so every
 *   booth of the event pulls it (or gets it on its live stream) and deletes its local copy.
 * - Every pool-only row about the person goes: the customer rows, identity keys, person links,
 *   merges and folds (their records hold profiles), possible duplicates, merge blocks, stage
 *   history, pool facts, download links, phone-page visitors and their mail.
 * - The erased person ids are remembered (erased_people), so a booth that was offline and still
 *   holds the person cannot bring them back by pushing them again: see guardErasedPush.
 * - One audit row (erasures): who, when, how much, and the SHA-256 of the customer id — nothing
 *   that names or reaches the person.
 *
 * What the pool cannot recognise: a capture of the same person under a new person id that never
 * reached the pool before the erasure. Recognising it would need the erased phone or email kept
 * (which is what erasure forbids), so it arrives as a new customer.
 */

const ERASED_COLLECTIONS: readonly SyncedCollection[] = [
  'people',
  'interactions',
  'qualifications',
];

/** The audit reference of an erased customer: non-reversible, and the same on every pool. */
export function erasureReference(customerId: string): string {
  return createHash('sha256').update(`leadpond-erasure:${customerId}`).digest('hex');
}

interface DocRow {
  collection: SyncedCollection;
  id: string;
  event_id: string;
  data: Record<string, unknown>;
}

function tombstoneOf(collection: SyncedCollection, data: Record<string, unknown>, at: number) {
  // The rows were stored through the shared schemas; the builders only empty them.
  switch (collection) {
    case 'people':
      return personTombstone(data as unknown as Person, at);
    case 'interactions':
      return interactionTombstone(data as unknown as Interaction, at);
    default:
      return qualificationTombstone(data as unknown as Qualification, at);
  }
}

export async function eraseCustomer(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  customerId: string,
  erasedBy: string,
): Promise<EraseResponse> {
  await lockCollections(tx, ERASED_COLLECTIONS);
  const now = deps.clock();
  // The survivor the id stands for, and every customer ever merged into it.
  const [root] = await tx.query<{ id: string }>(
    `with recursive up(id, merged_into, hops) as (
       select id, merged_into, 0 from customers where id = $1
       union all
       select c.id, c.merged_into, up.hops + 1 from customers c join up on c.id = up.merged_into
        where up.hops < 20)
     select id from up where merged_into is null`,
    [customerId],
  );
  if (!root) throw notFound(`no customer ${customerId}`);
  const customers = (
    await tx.query<{ id: string }>(
      `with recursive down(id) as (
         select id from customers where id = $1
         union
         select c.id from customers c join down on c.merged_into = down.id)
       select id from down`,
      [root.id],
    )
  ).map((row) => row.id);
  const personIds = await peopleOf(tx, customers);
  const emails = (
    await tx.query<{ value: string }>(
      `select value from identity_keys where kind = 'email' and customer_id = any($1::text[])`,
      [customers],
    )
  ).map((row) => row.value);

  const docs = await tx.query<DocRow>(
    `select collection, id, event_id, data from documents
      where (collection = 'people' and id = any($1::text[]))
         or (collection in ('interactions', 'qualifications') and data->>'personId' = any($1::text[]))`,
    [personIds],
  );
  for (const collection of ERASED_COLLECTIONS) {
    const writes: DocumentWrite[] = docs
      .filter((doc) => doc.collection === collection)
      .map((doc) => ({
        id: doc.id,
        eventId: doc.event_id,
        deleted: true,
        data: tombstoneOf(collection, doc.data, now) as unknown as Record<string, unknown>,
      }));
    await writeDocuments(tx, collection, writes, now);
  }

  const erasureId = deps.newId();
  const eventOf = new Map(
    docs.filter((doc) => doc.collection === 'people').map((doc) => [doc.id, doc.event_id]),
  );
  await tx.query(
    `insert into erased_people (person_id, event_id, erasure_id)
     select p.id, p.event_id, $2 from jsonb_to_recordset($1::jsonb) as p(id text, event_id text)
     on conflict (person_id) do nothing`,
    [JSON.stringify(personIds.map((id) => ({ id, event_id: eventOf.get(id) ?? '' }))), erasureId],
  );

  const visitors = await tx.query<{ event_id: string; visitor_hash: string }>(
    'select event_id, visitor_hash from attendee_visitors where person_id = any($1::text[])',
    [personIds],
  );
  // The other sides of the person's possible duplicates: they share a key the erased customer
  // held, which they get once it is free (resolved again below, after the cleanup).
  const strangers = (
    await tx.query<{ id: string }>(
      `select case when existing_id = any($1::text[]) then arriving_id else existing_id end as id
         from possible_duplicates
        where existing_id = any($1::text[]) or arriving_id = any($1::text[])`,
      [customers],
    )
  )
    .map((row) => row.id)
    .filter((id) => !customers.includes(id));
  const cleanups: [string, unknown[]][] = [
    [
      `delete from attendee_visitor_facts f using jsonb_to_recordset($1::jsonb)
         as v(event_id text, visitor_hash text)
        where f.event_id = v.event_id and f.visitor_hash = v.visitor_hash`,
      [JSON.stringify(visitors)],
    ],
    ['delete from attendee_visitors where person_id = any($1::text[])', [personIds]],
    ['delete from download_tokens where person_id = any($1::text[])', [personIds]],
    ['delete from mail_outbox where to_address = any($1::text[])', [emails]],
    [
      'delete from person_redirects where from_id = any($1::text[]) or to_id = any($1::text[])',
      [personIds],
    ],
    [
      `delete from person_merges where customer_id = any($1::text[])
          or survivor_id = any($2::text[]) or loser_id = any($2::text[])`,
      [customers, personIds],
    ],
    [
      `delete from customer_merges
        where survivor_id = any($1::text[]) or merged_id = any($1::text[])`,
      [customers],
    ],
    [
      'delete from customer_merge_blocks where a = any($1::text[]) or b = any($1::text[])',
      [customers],
    ],
    [
      `delete from possible_duplicates
        where existing_id = any($1::text[]) or arriving_id = any($1::text[])
           or person_id = any($2::text[])`,
      [customers, personIds],
    ],
    ['delete from customer_changes where customer_id = any($1::text[])', [customers]],
    ['delete from customer_facts where customer_id = any($1::text[])', [customers]],
    ['delete from identity_keys where customer_id = any($1::text[])', [customers]],
    ['delete from customer_people where customer_id = any($1::text[])', [customers]],
    ['delete from customers where id = any($1::text[])', [customers]],
    // Webhook bodies hold the profile; what was sent is the receivers' to erase (told below).
    ['delete from webhook_messages where customer_id = any($1::text[])', [customers]],
  ];
  for (const [sql, params] of cleanups) await tx.query(sql, params as never[]);
  await resolveAgain(tx, deps, strangers);
  // The dashboards' summaries named the person and counted their facts: count again without them.
  await rebuildEventSummaries(tx, [...new Set(docs.map((doc) => doc.event_id))]);
  await emitWebhookEvents(
    tx,
    [
      {
        type: 'customer.erased',
        cause: erasureId,
        customerId: root.id,
        data: { mergedIds: customers.filter((id) => id !== root.id), erasedAt: now },
      },
    ],
    now,
  );

  const reference = erasureReference(root.id);
  await tx.query(
    `insert into erasures (id, reference, erased_by, at, customers, people, documents)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [erasureId, reference, erasedBy, now, customers.length, personIds.length, docs.length],
  );
  return {
    erasure: {
      id: erasureId,
      reference,
      erasedBy,
      at: now,
      customers: customers.length,
      people: personIds.length,
      documents: docs.length,
    },
  };
}

/**
 * Runs identity resolution again for the live people of these customers, so a key the erased
 * customer held (a phone someone else typed too) goes to them now that it is free.
 */
async function resolveAgain(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  customers: readonly string[],
): Promise<void> {
  if (customers.length === 0) return;
  const people = await tx.query<{ id: string; event_id: string; data: Record<string, unknown> }>(
    `select d.id, d.event_id, d.data from customer_people cp
       join documents d on d.collection = 'people' and d.id = cp.person_id and not d.deleted
      where cp.customer_id = any($1::text[]) order by d.seq`,
    [[...customers]],
  );
  await ingestDocuments(
    tx,
    deps,
    'people',
    people.map((p) => ({ id: p.id, eventId: p.event_id, deleted: false, data: p.data })),
  );
}

/** Every person id of these customers: linked ones, and those folded into them (transitively). */
async function peopleOf(tx: SqlExecutor, customers: readonly string[]): Promise<string[]> {
  const rows = await tx.query<{ person_id: string }>(
    `with recursive folded(person_id) as (
       select person_id from customer_people where customer_id = any($1::text[])
       union
       select loser_id from person_merges where customer_id = any($1::text[])
       union
       select r.from_id from person_redirects r join folded f on r.to_id = f.person_id)
     select person_id from folded`,
    [[...customers]],
  );
  return rows.map((row) => row.person_id);
}

export interface ErasedPushDecision {
  /** Rows the push must not take: answered here, never ingested. */
  handled: Set<string>;
  /** The tombstones to send back as conflicts (a device adopts a deleted master). */
  conflicts: StoredDocument[];
}

/**
 * A booth that was offline during an erasure still holds the person and pushes them again. Rows
 * of an erased person are never taken: a document the pool holds (now a tombstone) is answered
 * with that tombstone as the conflict, so the booth deletes its copy; a fact or qualification the
 * pool never saw (captured offline after the person's last sync) is stored as a tombstone at
 * once, so every booth that has it deletes it on its next pull.
 */
export async function guardErasedPush(
  tx: SqlExecutor,
  collection: SyncedCollection,
  docs: readonly { id: string; eventId: string; data: Record<string, unknown> }[],
  masters: ReadonlyMap<string, StoredDocument>,
  receivedAt: number,
): Promise<ErasedPushDecision> {
  const decision: ErasedPushDecision = { handled: new Set(), conflicts: [] };
  if (!(ERASED_COLLECTIONS as readonly string[]).includes(collection) || docs.length === 0) {
    return decision;
  }
  const personOf = (doc: { id: string; data: Record<string, unknown> }) =>
    collection === 'people' ? doc.id : String(doc.data.personId);
  const erased = await tx.query<{ person_id: string }>(
    'select person_id from erased_people where person_id = any($1::text[])',
    [[...new Set(docs.map(personOf))]],
  );
  if (erased.length === 0) return decision;
  const erasedIds = new Set(erased.map((row) => row.person_id));
  const fresh: DocumentWrite[] = [];
  for (const doc of docs) {
    if (!erasedIds.has(personOf(doc))) continue;
    decision.handled.add(doc.id);
    const master = masters.get(doc.id);
    if (master) {
      // Facts are insert-only: the same id again is the same (erased) fact, nothing to answer.
      if (collection !== 'interactions') decision.conflicts.push(master);
      continue;
    }
    fresh.push({
      id: doc.id,
      eventId: doc.eventId,
      deleted: true,
      data: tombstoneOf(collection, doc.data, receivedAt) as unknown as Record<string, unknown>,
    });
  }
  await writeDocuments(tx, collection, fresh, receivedAt);
  return decision;
}
