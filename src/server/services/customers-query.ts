import { base64urlnopad } from '@scure/base';
import type {
  CustomerDetailResponse,
  CustomerListResponse,
  CustomerSummary,
} from '../../shared/api';
import {
  EventSchema,
  InteractionSchema,
  PersonSchema,
  QualificationSchema,
  type Interaction,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import { normalizePhone } from '../../shared/identity';
import type { SqlExecutor, SqlParam } from '../db/sql';

/**
 * The read side of the customer pool: customers, their identity keys and people (written by
 * identity resolution), and the replicated documents of an event. Reads only; nothing here
 * decides who is who.
 */

/** Parses stored documents with their schema; a row that no longer fits is skipped, not fatal. */
function parseAll<T>(schema: { safeParse(value: unknown): { success: boolean; data?: T } }) {
  return (rows: { data: unknown }[]): T[] =>
    rows.flatMap((row) => {
      const parsed = schema.safeParse(row.data);
      return parsed.success && parsed.data !== undefined ? [parsed.data] : [];
    });
}
const parsePeople = parseAll<Person>(PersonSchema);
const parseInteractions = parseAll<Interaction>(InteractionSchema);
const parseQualifications = parseAll<Qualification>(QualificationSchema);

/** The cursor is opaque to clients: the last id of the page, base64url so nobody edits it. */
export function encodeCursor(id: string): string {
  return base64urlnopad.encode(new TextEncoder().encode(id));
}

export function decodeCursor(cursor: string): string | null {
  try {
    const id = new TextDecoder('utf-8', { fatal: true }).decode(base64urlnopad.decode(cursor));
    return id.length > 0 && id.length <= 64 ? id : null;
  } catch {
    return null;
  }
}

/** LIKE pattern of a user's text: its own % and _ match themselves. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface CustomerFilter {
  q?: string | undefined;
  eventId?: string | undefined;
  tag?: string | undefined;
  limit: number;
  /** The id after which the page starts (decoded cursor). */
  afterId?: string | undefined;
}

interface CustomerRow {
  id: string;
  profile: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  event_ids: string[] | null;
}

/**
 * Newest customers first, keyset-paged on the id (UUIDv7, so creation order): a page never
 * shifts when customers are updated or added while someone pages. Merged-away customers are left
 * out (their survivor is listed).
 */
export async function listCustomers(
  tx: SqlExecutor,
  filter: CustomerFilter,
): Promise<CustomerListResponse> {
  const where = ['c.merged_into is null'];
  const params: SqlParam[] = [];
  const param = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.afterId) where.push(`c.id < ${param(filter.afterId)}`);
  if (filter.eventId) {
    where.push(
      `exists (select 1 from customer_people cp where cp.customer_id = c.id and cp.event_id = ${param(filter.eventId)})`,
    );
  }
  if (filter.tag) {
    where.push(
      `coalesce(c.profile->'tags', '[]'::jsonb) @> jsonb_build_array(${param(filter.tag)}::text)`,
    );
  }
  if (filter.q) {
    const like = param(containsPattern(filter.q));
    // A phone typed any way ("138 0013 8000", "+86-138…") finds its E.164 identity key.
    const phone = param(normalizePhone(filter.q) ?? '');
    where.push(`(
      c.profile->>'name' ilike ${like} or c.profile->>'company' ilike ${like}
      or c.profile->>'email' ilike ${like} or c.profile->>'phone' ilike ${like}
      or exists (select 1 from identity_keys k where k.customer_id = c.id and k.value ilike ${like})
      or exists (select 1 from identity_keys k
                  where k.kind = 'phone' and k.value = ${phone} and k.customer_id = c.id))`);
  }
  const limit = param(filter.limit + 1);
  const rows = await tx.query<CustomerRow>(
    `select c.id, c.profile, c.created_at, c.updated_at,
            (select array_agg(distinct cp.event_id) from customer_people cp where cp.customer_id = c.id)
              as event_ids
       from customers c
      where ${where.join(' and ')}
      order by c.id desc
      limit ${limit}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  const customers: CustomerSummary[] = page.map((row) => ({
    id: row.id,
    profile: row.profile,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    eventIds: [...(row.event_ids ?? [])].sort(),
  }));
  const last = page.at(-1);
  return {
    customers,
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null,
  };
}

/** Follows merges to the surviving customer (bounded: a cycle would be a bug, not a hang). */
async function survivorOf(
  tx: SqlExecutor,
  id: string,
): Promise<{ row: Omit<CustomerRow, 'event_ids'>; redirectedFrom: string | null } | null> {
  let current = id;
  for (let hops = 0; hops < 20; hops++) {
    const [row] = await tx.query<Omit<CustomerRow, 'event_ids'> & { merged_into: string | null }>(
      'select id, profile, created_at, updated_at, merged_into from customers where id = $1',
      [current],
    );
    if (!row) return null;
    if (row.merged_into === null) return { row, redirectedFrom: current === id ? null : id };
    current = row.merged_into;
  }
  return null;
}

/** Where a page of a customer's facts ends: the oldest fact shown (occurredAt, then id). */
export interface FactsCursor {
  occurredAt: number;
  id: string;
}

export function encodeFactsCursor(cursor: FactsCursor): string {
  return encodeCursor(`${cursor.occurredAt}:${cursor.id}`);
}

export function decodeFactsCursor(text: string): FactsCursor | null {
  const decoded = decodeCursor(text);
  const match = decoded ? /^(\d{1,16}):([^:]{1,64})$/.exec(decoded) : null;
  if (!match?.[1] || !match[2]) return null;
  return { occurredAt: Number(match[1]), id: match[2] };
}

export interface FactsPage {
  limit: number;
  before?: FactsCursor | null | undefined;
}

/**
 * One customer with everything known about them, or null; their facts one page at a time
 * (newest first), since one person may have any number of them.
 */
export async function getCustomer(
  tx: SqlExecutor,
  id: string,
  facts: FactsPage = { limit: 200 },
): Promise<CustomerDetailResponse | null> {
  const found = await survivorOf(tx, id);
  if (!found) return null;
  const { row } = found;
  const [keys, merged, links] = await Promise.all([
    tx.query<{ kind: string; value: string }>(
      'select kind, value from identity_keys where customer_id = $1 order by kind, value',
      [row.id],
    ),
    tx.query<{ id: string }>('select id from customers where merged_into = $1 order by id', [
      row.id,
    ]),
    tx.query<{ person_id: string }>(
      'select person_id from customer_people where customer_id = $1',
      [row.id],
    ),
  ]);
  // People folded into another person of the same event still own their history.
  const direct = links.map((link) => link.person_id);
  const redirected = await tx.query<{ from_id: string }>(
    'select from_id from person_redirects where to_id = any($1::text[])',
    [direct],
  );
  const personIds = [...new Set([...direct, ...redirected.map((r) => r.from_id)])];
  const [people, interactions, qualifications] = await Promise.all([
    tx.query<{ data: unknown }>(
      `select data from documents where collection = 'people' and not deleted
          and id = any($1::text[]) order by seq`,
      [direct],
    ),
    tx.query<{ data: unknown }>(
      `select data from documents where collection = 'interactions' and not deleted
          and data->>'personId' = any($1::text[])
          and ($2::bigint is null or ((data->>'occurredAt')::bigint, id) < ($2::bigint, $3::text))
        order by (data->>'occurredAt')::bigint desc, id desc
        limit $4`,
      [personIds, facts.before?.occurredAt ?? null, facts.before?.id ?? '', facts.limit + 1],
    ),
    tx.query<{ data: unknown }>(
      `select data from documents where collection = 'qualifications' and not deleted
          and data->>'personId' = any($1::text[]) order by seq`,
      [personIds],
    ),
  ]);
  const parsedPeople = parsePeople(people);
  const factRows = interactions.slice(0, facts.limit);
  const oldest = factRows.at(-1)?.data as { occurredAt?: unknown; id?: unknown } | undefined;
  const nextFactsBefore =
    interactions.length > facts.limit &&
    typeof oldest?.occurredAt === 'number' &&
    typeof oldest.id === 'string'
      ? encodeFactsCursor({ occurredAt: oldest.occurredAt, id: oldest.id })
      : null;
  const eventIds = [...new Set(parsedPeople.map((p) => p.eventId))];
  const events = await tx.query<{ data: unknown }>(
    `select data from documents where collection = 'events' and id = any($1::text[])`,
    [eventIds],
  );
  return {
    customer: {
      id: row.id,
      profile: row.profile,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      mergedFrom: merged.map((m) => m.id),
    },
    redirectedFrom: found.redirectedFrom,
    identityKeys: keys,
    events: parseAll(EventSchema)(events).map((event) => ({ id: event.id, name: event.name })),
    people: parsedPeople,
    interactions: parseInteractions(factRows),
    nextFactsBefore,
    qualifications: parseQualifications(qualifications),
  };
}

/**
 * An event's people as the pool holds them: tombstones left out, and a person folded into another
 * of the same event (person_redirects) left out too (the survivor stands for both).
 */
export async function loadEventPeople(tx: SqlExecutor, eventId: string): Promise<Person[]> {
  const people = await tx.query<{ data: unknown }>(
    `select data from documents d
      where d.collection = 'people' and d.event_id = $1 and not d.deleted
        and not exists (select 1 from person_redirects r where r.from_id = d.id)
      order by d.seq`,
    [eventId],
  );
  return parsePeople(people);
}
