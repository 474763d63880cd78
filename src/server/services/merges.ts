import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { conflict, notFound } from '../http-errors';
import { qualificationId } from '../../shared/schemas';
import { readDocuments } from './documents';
import {
  convergeCustomer,
  lockCollections,
  put,
  readOne,
  refreshProfile,
  type CustomerMergeRecord,
  type IdentityContext,
  type IdentityKey,
  type PersonMergeRecord,
} from './identity';
import { canonicalJson } from './replication';
import { rescoreTouched } from './scoring';

/**
 * Reading and undoing what identity resolution merged (services/identity.ts).
 *
 * Undoing a customer merge restores the split exactly as far as the record allows:
 * - the merged customer lives again (merged_into cleared) with the identity keys and the
 *   person links it brought into the merge;
 * - every fold of two people of one event that this merge caused (people who came from the two
 *   different customers) is taken back: the folded person is un-deleted with the values it had
 *   when folded, its redirect is removed, its interactions get their personId back, its
 *   qualification is restored; the survivor person (and its qualification) returns to its state
 *   before the fold only if nobody changed it since — otherwise it keeps its current values,
 *   including what it took from the folded person, and the answer says so;
 * - the pair is blocked from merging again (customer_merge_blocks), else the next push of either
 *   person would merge them straight back;
 * - both customers' profiles are recomputed, and people of one event within each customer are
 *   folded again by the usual rule (a person who shares a key with the survivor stays with it).
 *
 * Not restored: identity keys added to the survivor after the merge (they stay with it), and
 * customer profile fields set by other modules (tags, scores) are left as they are now.
 * A merge whose survivor was itself merged later must wait until that later merge is undone.
 */

export interface PersonFoldSummary {
  id: string;
  eventId: string;
  survivorId: string;
  loserId: string;
  at: number;
  undoneAt: number | null;
}

export interface MergeSummary {
  id: string;
  survivorId: string;
  mergedId: string;
  at: number;
  undoneAt: number | null;
  trigger: CustomerMergeRecord['trigger'];
  keys: IdentityKey[];
  people: CustomerMergeRecord['people'];
  personFolds: PersonFoldSummary[];
}

interface MergeRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  at: number;
  record: CustomerMergeRecord;
  undone_at: number | null;
}

interface FoldRow {
  id: string;
  customer_merge_id: string | null;
  customer_id: string;
  event_id: string;
  survivor_id: string;
  loser_id: string;
  at: number;
  record: PersonMergeRecord;
  undone_at: number | null;
}

const nullableNumber = (value: number | null) => (value === null ? null : Number(value));

const foldSummary = (row: FoldRow): PersonFoldSummary => ({
  id: row.id,
  eventId: row.event_id,
  survivorId: row.survivor_id,
  loserId: row.loser_id,
  at: Number(row.at),
  undoneAt: nullableNumber(row.undone_at),
});

/** Newest first, keyset-paged: `before` is the id of the last merge of the previous page. */
export async function listMerges(
  db: SqlExecutor,
  filter: { limit: number; before?: string | undefined; customerId?: string | undefined },
): Promise<{ merges: MergeSummary[]; nextBefore: string | null }> {
  const rows = await db.query<MergeRow>(
    `select id, survivor_id, merged_id, at, record, undone_at from customer_merges m
      where ($1::text is null or m.survivor_id = $1 or m.merged_id = $1)
        and ($2::text is null or (m.at, m.id) < (select at, id from customer_merges where id = $2))
      order by m.at desc, m.id desc
      limit $3`,
    [filter.customerId ?? null, filter.before ?? null, filter.limit + 1],
  );
  const page = rows.slice(0, filter.limit);
  const folds = await db.query<FoldRow>(
    `select * from person_merges where customer_merge_id = any($1::text[]) order by position`,
    [page.map((r) => r.id)],
  );
  const merges = page.map((row) => ({
    id: row.id,
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    at: Number(row.at),
    undoneAt: nullableNumber(row.undone_at),
    trigger: row.record.trigger,
    keys: row.record.keys,
    people: row.record.people,
    personFolds: folds.filter((f) => f.customer_merge_id === row.id).map(foldSummary),
  }));
  const last = page.at(-1);
  return { merges, nextBefore: rows.length > filter.limit && last ? last.id : null };
}

export interface UndoResult {
  mergeId: string;
  survivorId: string;
  restoredCustomerId: string;
  restoredKeys: IdentityKey[];
  restoredPeople: string[];
  personFolds: (PersonFoldSummary & {
    /** False when the survivor changed after the fold and kept its current values. */
    survivorRestored: boolean;
    interactionsMoved: number;
  })[];
}

export async function undoCustomerMerge(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  mergeId: string,
): Promise<UndoResult> {
  await lockCollections(tx, ['people', 'interactions', 'qualifications']);
  const ctx: IdentityContext = { tx, now: deps.clock(), newId: deps.newId };
  const [row] = await tx.query<MergeRow>(
    'select id, survivor_id, merged_id, at, record, undone_at from customer_merges where id = $1 for update',
    [mergeId],
  );
  if (!row) throw notFound('no customer merge with that id');
  if (row.undone_at !== null)
    throw conflict('this merge has already been undone', 'already_undone');
  const customers = await tx.query<{ id: string; merged_into: string | null }>(
    'select id, merged_into from customers where id = any($1::text[])',
    [[row.survivor_id, row.merged_id]],
  );
  const survivor = customers.find((c) => c.id === row.survivor_id);
  const merged = customers.find((c) => c.id === row.merged_id);
  if (survivor?.merged_into) {
    throw conflict(
      `customer ${row.survivor_id} was merged into ${survivor.merged_into} later: undo that merge first`,
      'merged_later',
    );
  }
  if (merged?.merged_into !== row.survivor_id) {
    throw conflict('the merged customer no longer points at the survivor', 'inconsistent');
  }

  const folds = await tx.query<FoldRow>(
    `select * from person_merges where customer_merge_id = $1 and undone_at is null
      order by position desc`,
    [mergeId],
  );
  const personFolds: UndoResult['personFolds'] = [];
  for (const fold of folds) personFolds.push(await undoPersonFold(ctx, fold));

  const record = row.record;
  const keys = await tx.query<IdentityKey>(
    `update identity_keys set customer_id = $2
      where customer_id = $1 and (kind, value) in (select * from unnest($3::text[], $4::text[]))
      returning kind, value`,
    [
      row.survivor_id,
      row.merged_id,
      record.keys.map((k) => k.kind),
      record.keys.map((k) => k.value),
    ],
  );
  const people = await tx.query<{ person_id: string }>(
    `update customer_people set customer_id = $2
      where customer_id = $1 and person_id = any($3::text[]) returning person_id`,
    [row.survivor_id, row.merged_id, record.people.map((p) => p.personId)],
  );
  await tx.query('update customers set merged_into = null, updated_at = $2 where id = $1', [
    row.merged_id,
    ctx.now,
  ]);
  // Stored in one order so a pair is one row whichever way it is looked up.
  const pair = [row.survivor_id, row.merged_id].sort();
  await tx.query(
    `insert into customer_merge_blocks (a, b, at) values ($1, $2, $3) on conflict do nothing`,
    [pair[0] ?? '', pair[1] ?? '', ctx.now],
  );
  await tx.query('update customer_merges set undone_at = $2 where id = $1', [mergeId, ctx.now]);
  for (const customerId of [row.survivor_id, row.merged_id]) {
    await convergeCustomer(ctx, customerId);
    await refreshProfile(ctx, customerId);
  }
  // Each of the two is scored on its own history again.
  await rescoreTouched(
    tx,
    { customerIds: [row.survivor_id, row.merged_id] },
    { clock: () => ctx.now, newId: ctx.newId },
  );
  return {
    mergeId,
    survivorId: row.survivor_id,
    restoredCustomerId: row.merged_id,
    restoredKeys: keys.map((k) => ({ kind: k.kind, value: k.value })),
    restoredPeople: people.map((p) => p.person_id).sort(),
    personFolds,
  };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

async function undoPersonFold(
  ctx: IdentityContext,
  fold: FoldRow,
): Promise<UndoResult['personFolds'][number]> {
  const { tx } = ctx;
  const record = fold.record;
  const eventId = fold.event_id;
  const loserId = fold.loser_id;
  const survivorId = fold.survivor_id;

  await put(ctx, 'people', {
    id: loserId,
    eventId,
    deleted: false,
    data: record.loserBefore as unknown as Record<string, unknown>,
  });
  await tx.query('delete from person_redirects where from_id = $1', [loserId]);
  await tx.query(
    'update person_redirects set to_id = $2 where from_id = any($1::text[]) and to_id = $3',
    [record.repointedRedirects, loserId, survivorId],
  );

  const survivor = await readOne(tx, 'people', survivorId);
  const survivorRestored =
    !!survivor && !survivor.deleted && same(survivor.data, record.survivorAfter);
  if (survivorRestored) {
    await put(ctx, 'people', {
      id: survivorId,
      eventId,
      deleted: false,
      data: record.survivorBefore as unknown as Record<string, unknown>,
    });
  }

  // Only facts still on the survivor go back (one moved by a later fold stays where it is).
  const facts = await readDocuments(tx, 'interactions', record.interactionIds);
  const back = [...facts.values()].filter((f) => f.data.personId === survivorId);
  await put(
    ctx,
    'interactions',
    back.map((f) => ({
      id: f.id,
      eventId: f.eventId,
      deleted: f.deleted,
      data: { ...f.data, personId: loserId },
    })),
  );

  if (record.loserQualification) {
    await put(ctx, 'qualifications', {
      id: qualificationId(eventId, loserId),
      eventId,
      deleted: false,
      data: record.loserQualification as unknown as Record<string, unknown>,
    });
    const current = await readOne(tx, 'qualifications', qualificationId(eventId, survivorId));
    if (current && !current.deleted && same(current.data, record.survivorQualificationAfter)) {
      const before = record.survivorQualificationBefore;
      await put(ctx, 'qualifications', {
        id: current.id,
        eventId,
        deleted: before === null,
        data: (before ?? current.data) as unknown as Record<string, unknown>,
      });
    }
  }

  await tx.query('update person_merges set undone_at = $2 where id = $1', [fold.id, ctx.now]);
  return {
    ...foldSummary({ ...fold, undone_at: ctx.now }),
    survivorRestored,
    interactionsMoved: back.length,
  };
}
