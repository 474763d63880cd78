import type {
  DuplicateListResponse,
  DuplicateSide,
  DuplicateStatus,
  PossibleDuplicate,
} from '../../shared/api';
import type { IdentityKey } from '../../shared/identity';
import type { MatchReason } from '../../shared/match-evidence';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { conflict, notFound } from '../http-errors';
import {
  convergeCustomer,
  lockCollections,
  mergeCustomers,
  refreshProfile,
  type IdentityContext,
} from './identity';
import { rescoreTouched } from './scoring';

/**
 * The possible-duplicates queue (DESIGN.md "Trust"): key matches identity resolution would not
 * merge on its own. Marketing confirms a pair (an ordinary customer merge, undoable under
 * /customers/merges) or rejects it (the pair is blocked, so it never comes back or merges).
 * A pair whose customer was merged elsewhere meanwhile leaves the queue: it asks about nobody.
 */

interface DuplicateRow {
  id: string;
  existing_id: string;
  arriving_id: string;
  person_id: string;
  event_id: string;
  key_kind: IdentityKey['kind'];
  key_value: string;
  score: number;
  reasons: MatchReason[];
  status: DuplicateStatus;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  merge_id: string | null;
}

const LIVE_PAIR = `exists (select 1 from customers c where c.id = d.existing_id and c.merged_into is null)
  and exists (select 1 from customers c where c.id = d.arriving_id and c.merged_into is null)`;

export async function listDuplicates(
  db: SqlExecutor,
  filter: { status: DuplicateStatus; limit: number; before?: string | undefined },
): Promise<DuplicateListResponse> {
  // Pending pairs oldest first (a queue); decided ones newest first (a history).
  const pending = filter.status === 'pending';
  const order = pending ? 'asc' : 'desc';
  const rows = await db.query<DuplicateRow>(
    `select d.* from possible_duplicates d
      where d.status = $1
        and ($2::text is null or (d.created_at, d.id) ${pending ? '>' : '<'}
             (select created_at, id from possible_duplicates where id = $2))
        and (d.status <> 'pending' or (${LIVE_PAIR}))
      order by d.created_at ${order}, d.id ${order}
      limit $3`,
    [filter.status, filter.before ?? null, filter.limit + 1],
  );
  const page = rows.slice(0, filter.limit);
  const duplicates = await summarize(db, page);
  const last = page.at(-1);
  return { duplicates, nextBefore: rows.length > filter.limit && last ? last.id : null };
}

async function summarize(
  db: SqlExecutor,
  rows: readonly DuplicateRow[],
): Promise<PossibleDuplicate[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.existing_id, row.arriving_id]))];
  const customers = await db.query<{
    id: string;
    profile: Record<string, unknown>;
    created_at: number;
    event_ids: string[] | null;
  }>(
    `select c.id, c.profile, c.created_at,
            (select array_agg(distinct cp.event_id) from customer_people cp
              where cp.customer_id = c.id) as event_ids
       from customers c where c.id = any($1::text[])`,
    [ids],
  );
  const byId = new Map(customers.map((c) => [c.id, c]));
  const side = (id: string): DuplicateSide => {
    const row = byId.get(id);
    const text = (key: string) => {
      const value = row?.profile[key];
      return typeof value === 'string' ? value : '';
    };
    return {
      id,
      name: text('name'),
      company: text('company'),
      title: text('title'),
      phone: text('phone'),
      email: text('email'),
      eventIds: [...(row?.event_ids ?? [])].sort(),
      createdAt: Number(row?.created_at ?? 0),
    };
  };
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    existing: side(row.existing_id),
    arriving: side(row.arriving_id),
    key: { kind: row.key_kind, value: row.key_value },
    personId: row.person_id,
    eventId: row.event_id,
    score: Number(row.score),
    reasons: row.reasons,
    createdAt: Number(row.created_at),
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    decidedBy: row.decided_by,
    mergeId: row.merge_id,
  }));
}

async function pendingPair(tx: SqlExecutor, id: string): Promise<DuplicateRow> {
  const [row] = await tx.query<DuplicateRow>(
    'select * from possible_duplicates where id = $1 for update',
    [id],
  );
  if (!row) throw notFound('no possible duplicate with that id');
  if (row.status !== 'pending') {
    throw conflict(`this pair was already ${row.status}`, 'already_decided');
  }
  const live = await tx.query<{ id: string; created_at: number }>(
    `select id, created_at from customers
      where id = any($1::text[]) and merged_into is null`,
    [[row.existing_id, row.arriving_id]],
  );
  if (live.length !== 2) {
    throw conflict(
      'one of the two customers was merged into another meanwhile; the pair no longer applies',
      'stale_pair',
    );
  }
  return row;
}

/** Marketing says the two are one person: the newer customer merges into the older. */
export async function confirmDuplicate(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  id: string,
  decidedBy: string,
): Promise<PossibleDuplicate> {
  await lockCollections(tx, ['people', 'interactions', 'qualifications']);
  const ctx: IdentityContext = { tx, now: deps.clock(), newId: deps.newId };
  const row = await pendingPair(tx, id);
  const ages = await tx.query<{ id: string }>(
    'select id from customers where id = any($1::text[]) order by created_at, id',
    [[row.existing_id, row.arriving_id]],
  );
  const survivorId = ages[0]?.id ?? row.existing_id;
  const mergedId = survivorId === row.existing_id ? row.arriving_id : row.existing_id;
  const merge = await mergeCustomers(ctx, mergedId, survivorId, {
    id: row.person_id,
    eventId: row.event_id,
  });
  await convergeCustomer(ctx, survivorId, new Map([[mergedId, merge]]));
  await refreshProfile(ctx, survivorId);
  // The survivor now owns both histories; its grade and score say so at once.
  await rescoreTouched(
    tx,
    { customerIds: [survivorId] },
    { clock: () => ctx.now, newId: ctx.newId },
  );
  return decide(tx, row.id, 'confirmed', decidedBy, ctx.now, merge.mergeId);
}

/** Marketing says they are two people: the pair is blocked from merging, now and later. */
export async function rejectDuplicate(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock'>,
  id: string,
  decidedBy: string,
): Promise<PossibleDuplicate> {
  const now = deps.clock();
  const row = await pendingPair(tx, id);
  // Stored in one order so a pair is one row whichever way it is looked up (as undo does).
  const pair = [row.existing_id, row.arriving_id].sort();
  await tx.query(
    'insert into customer_merge_blocks (a, b, at) values ($1, $2, $3) on conflict do nothing',
    [pair[0] ?? '', pair[1] ?? '', now],
  );
  return decide(tx, row.id, 'rejected', decidedBy, now, null);
}

async function decide(
  tx: SqlExecutor,
  id: string,
  status: DuplicateStatus,
  decidedBy: string,
  now: number,
  mergeId: string | null,
): Promise<PossibleDuplicate> {
  const rows = await tx.query<DuplicateRow>(
    `update possible_duplicates
        set status = $2, decided_at = $3, decided_by = $4, merge_id = $5
      where id = $1 returning *`,
    [id, status, now, decidedBy, mergeId],
  );
  const [summary] = await summarize(tx, rows);
  if (!summary) throw notFound('no possible duplicate with that id');
  return summary;
}
