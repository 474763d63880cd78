import type { SyncedCollection } from '../../shared/sync';
import type { SqlExecutor } from '../db/sql';

/**
 * The replicated documents table: every write goes through here, so every write gets the next
 * sequence number of its collection and wakes the collection's live streams.
 */
export interface StoredDocument {
  id: string;
  eventId: string;
  seq: number;
  deleted: boolean;
  data: Record<string, unknown>;
}

/** The NOTIFY channel of a collection's changes; the payload is the highest new seq. */
export const changesChannel = (collection: SyncedCollection) => `leadpond_changes_${collection}`;

interface DocumentRow {
  id: string;
  event_id: string;
  seq: number;
  deleted: boolean;
  data: Record<string, unknown>;
}

const toStored = (row: DocumentRow): StoredDocument => ({
  id: row.id,
  eventId: row.event_id,
  seq: Number(row.seq),
  deleted: row.deleted,
  data: row.data,
});

export async function readDocuments(
  tx: SqlExecutor,
  collection: SyncedCollection,
  ids: readonly string[],
): Promise<Map<string, StoredDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<DocumentRow>(
    `select id, event_id, seq, deleted, data from documents
      where collection = $1 and id = any($2::text[]) for update`,
    [collection, [...ids]],
  );
  return new Map(rows.map((row) => [row.id, toStored(row)]));
}

export interface DocumentWrite {
  id: string;
  eventId: string;
  deleted: boolean;
  data: Record<string, unknown>;
}

/**
 * Upserts documents with fresh sequence numbers. Must run inside a transaction: the row lock on
 * collection_seqs is held until commit, so transactions of one collection commit in seq order
 * and a pull (seq > checkpoint) never skips a row that commits later with a lower seq.
 */
export async function writeDocuments(
  tx: SqlExecutor,
  collection: SyncedCollection,
  writes: readonly DocumentWrite[],
  receivedAt: number,
): Promise<number> {
  if (writes.length === 0) return 0;
  const [range] = await tx.query<{ last: number }>(
    `insert into collection_seqs (collection, last) values ($1, $2)
       on conflict (collection) do update set last = collection_seqs.last + $2
     returning last`,
    [collection, writes.length],
  );
  const last = Number(range?.last);
  const first = last - writes.length + 1;
  await tx.query(
    `insert into documents (collection, id, event_id, seq, data, deleted, received_at)
     select $1, w.id, w.event_id, w.seq, w.data, w.deleted, $2
       from jsonb_to_recordset($3::jsonb)
         as w(id text, event_id text, seq bigint, data jsonb, deleted boolean)
     on conflict (collection, id) do update
       set event_id = excluded.event_id, seq = excluded.seq, data = excluded.data,
           deleted = excluded.deleted, received_at = excluded.received_at`,
    [
      collection,
      receivedAt,
      JSON.stringify(
        writes.map((write, i) => ({
          id: write.id,
          event_id: write.eventId,
          seq: first + i,
          data: write.data,
          deleted: write.deleted,
        })),
      ),
    ],
  );
  await tx.query('select pg_notify($1, $2)', [changesChannel(collection), String(last)]);
  return last;
}

/** Documents of one event after a checkpoint, in seq order. */
export async function readChangesSince(
  tx: SqlExecutor,
  collection: SyncedCollection,
  eventId: string,
  afterSeq: number,
  limit: number,
): Promise<StoredDocument[]> {
  const rows = await tx.query<DocumentRow>(
    `select id, event_id, seq, deleted, data from documents
      where collection = $1 and event_id = $2 and seq > $3
      order by seq limit $4`,
    [collection, eventId, afterSeq, limit],
  );
  return rows.map(toStored);
}
