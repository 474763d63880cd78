import {
  CustomerFilterSchema,
  SEGMENTS_MAX,
  type Segment,
  type SegmentFilter,
} from '../../shared/api';
import type { SqlExecutor } from '../db/sql';
import type { UserRole } from '../auth';
import { conflict, notFound } from '../http-errors';
import { countCustomers, customerConditionsOf, type CustomerConditions } from './customers-query';

/**
 * Saved filters of the customers list. A segment keeps the list's query parameters as the user
 * gave them, so opening it is opening the list with that query; what it matches (and its count)
 * is always worked out now, never stored.
 */

interface SegmentRow {
  id: string;
  name: string;
  filter: SegmentFilter;
  created_by: string;
  created_at: number | string;
  updated_at: number | string;
}

type Viewer = { role: UserRole; userId: string };

/** A stored filter as conditions for this viewer (a sales user: among their own leads). */
export function segmentConditions(filter: SegmentFilter, viewer: Viewer): CustomerConditions {
  return customerConditionsOf(CustomerFilterSchema.parse(filter), viewer);
}

async function withCount(db: SqlExecutor, row: SegmentRow, viewer: Viewer): Promise<Segment> {
  return {
    id: row.id,
    name: row.name,
    filter: row.filter,
    count: await countCustomers(db, segmentConditions(row.filter, viewer)),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listSegments(db: SqlExecutor, viewer: Viewer): Promise<Segment[]> {
  const rows = await db.query<SegmentRow>(
    'select * from segments order by lower(name), id limit $1',
    [SEGMENTS_MAX],
  );
  const segments: Segment[] = [];
  for (const row of rows) segments.push(await withCount(db, row, viewer));
  return segments;
}

export async function loadSegment(db: SqlExecutor, id: string): Promise<SegmentRow> {
  const [row] = await db.query<SegmentRow>('select * from segments where id = $1', [id]);
  if (!row) throw notFound(`no segment ${id}`);
  return row;
}

async function refuseTakenName(db: SqlExecutor, name: string, except: string | null) {
  const taken = await db.query(
    'select 1 from segments where lower(name) = lower($1) and id is distinct from $2',
    [name, except],
  );
  if (taken.length > 0) throw conflict(`a segment named ${name} exists`, 'segment_name_taken');
}

export async function createSegment(
  db: SqlExecutor,
  input: { id: string; name: string; filter: SegmentFilter; now: number },
  viewer: Viewer,
): Promise<Segment> {
  await refuseTakenName(db, input.name, null);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
    'select count(*)::int as n from segments',
  );
  if (Number(n) >= SEGMENTS_MAX) throw conflict(`at most ${SEGMENTS_MAX} segments`, 'too_many');
  const [row] = await db.query<SegmentRow>(
    `insert into segments (id, name, filter, created_by, created_at, updated_at)
     values ($1, $2, $3::jsonb, $4, $5, $5) returning *`,
    [input.id, input.name, JSON.stringify(input.filter), viewer.userId, input.now],
  );
  return withCount(db, row as SegmentRow, viewer);
}

export async function updateSegment(
  db: SqlExecutor,
  id: string,
  input: { name: string; filter: SegmentFilter; now: number },
  viewer: Viewer,
): Promise<Segment> {
  await loadSegment(db, id);
  await refuseTakenName(db, input.name, id);
  const [row] = await db.query<SegmentRow>(
    `update segments set name = $2, filter = $3::jsonb, updated_at = $4 where id = $1 returning *`,
    [id, input.name, JSON.stringify(input.filter), input.now],
  );
  return withCount(db, row as SegmentRow, viewer);
}

export async function deleteSegment(db: SqlExecutor, id: string): Promise<void> {
  const deleted = await db.query('delete from segments where id = $1 returning id', [id]);
  if (deleted.length === 0) throw notFound(`no segment ${id}`);
}
