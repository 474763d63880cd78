import { base64urlnopad } from '@scure/base';
import { z } from 'zod';
import {
  CUSTOMER_SORTS,
  NO_OWNER,
  type ConsentFilter,
  type CustomerBehaviour,
  type CustomerFilterValues,
  SORT_ORDERS,
  type CustomerDetailResponse,
  type CustomerListResponse,
  type CustomerSort,
  type CustomerSummary,
  RETURN_REASONS,
  type ReturnReason,
  type SalesReturn,
  type SortOrder,
} from '../../shared/api';
import { tagLabel, type Grade, type Lang, type Stage } from '../../shared/intelligence';
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
import { formatExplanation } from './customer-explanation';
import { searchWords } from './customer-search';

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

export interface CustomerConditions {
  q?: string | undefined;
  eventId?: string | undefined;
  /** All of these tags (the GIN-indexed `tags` column). */
  tags?: readonly string[] | undefined;
  grades?: readonly Grade[] | undefined;
  stages?: readonly Stage[] | undefined;
  provinces?: readonly string[] | undefined;
  cities?: readonly string[] | undefined;
  industries?: readonly string[] | undefined;
  consent?: ConsentFilter | undefined;
  /** Behaviours the customer has all of: `kind` or `kind:<id>` (CUSTOMER_BEHAVIOURS). */
  did?: readonly string[] | undefined;
  /** A user id, or NO_OWNER for leads nobody owns. */
  owner?: string | undefined;
  /**
   * Always applied on top of `owner`: a sales user sees only the leads routed to them (and, when
   * they lead a team, their team's).
   */
  scopeOwners?: readonly string[] | undefined;
  queue?: string | undefined;
  minScore?: number | undefined;
  maxScore?: number | undefined;
  engagementLevels?: readonly number[] | undefined;
}

export interface CustomerFilter extends CustomerConditions {
  sort: CustomerSort;
  order: SortOrder;
  limit: number;
  /** Where the page starts (the decoded cursor of the previous page). */
  after?: ListCursor | undefined;
}

/** The sort value and id of the last row shown; `value` is null for the id-ordered sort. */
export interface ListCursor {
  sort: CustomerSort;
  order: SortOrder;
  value: number | null;
  id: string;
}

/**
 * A lead with no due time sorts after every real one, so the urgent ones come first. The sort
 * expression is indexed as written (migration 72, customers_sla_due).
 */
const NO_DUE_TIME = 9_999_999_999_999;

/**
 * Below this many customers holding the asked tags, a page is gathered through the GIN index
 * first and sorted after. The planner cannot tell a rare tag from a common one (array estimates
 * are coarse), and with a LIMIT it walks the sort's index hoping to meet matches early: for a tag
 * few customers hold that means reading every row.
 */
const RARE_TAG_ROWS = 2000;

async function tagsAreRare(tx: SqlExecutor, tags: readonly string[]): Promise<boolean> {
  const [row] = await tx.query<{ n: number }>(
    `select count(*)::int as n from (
       select 1 from customers c where c.merged_into is null and c.tags @> $1::text[]
        limit ${RARE_TAG_ROWS}) hits`,
    [[...tags]],
  );
  return Number(row?.n ?? 0) < RARE_TAG_ROWS;
}

/**
 * The column each sort orders by. `created` is the id itself: ids are UUIDv7, so their order is
 * creation order and the primary key serves it. `grade` orders by the fit points the grade is
 * cut from, so rows of one grade come best first instead of in random order.
 */
const SORT_COLUMN: Record<Exclude<CustomerSort, 'created'>, string> = {
  score: 'c.score',
  updated: 'c.updated_at',
  slaDue: `coalesce(c.sla_due_at, ${NO_DUE_TIME})`,
  grade: 'c.fit_points',
};

const ListCursorSchema = z.tuple([
  z.enum(CUSTOMER_SORTS),
  z.enum(SORT_ORDERS),
  z.number().int().min(-NO_DUE_TIME).max(NO_DUE_TIME).nullable(),
  z.string().min(1).max(64),
]);

/** Opaque to clients: base64url JSON, so a cursor carries its sort and nobody edits it by hand. */
export function encodeListCursor(cursor: ListCursor): string {
  return encodeCursor(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.id]));
}

export function decodeListCursor(text: string): ListCursor | null {
  let json: unknown;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(base64urlnopad.decode(text));
    json = JSON.parse(decoded);
  } catch {
    return null;
  }
  const parsed = ListCursorSchema.safeParse(json);
  if (!parsed.success) return null;
  const [sort, order, value, id] = parsed.data;
  if ((sort === 'created') !== (value === null)) return null;
  return { sort, order, value, id };
}

interface CustomerRow {
  id: string;
  profile: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  event_ids: string[] | null;
}

interface IntelligenceRow {
  grade: Grade;
  fit_points: number;
  score: number;
  engagement_level: number;
  stage: Stage;
  stage_changed_at: number | null;
  owner: string | null;
  queue: string | null;
  sla_due_at: number | null;
  tags: string[];
  return_reason: string | null;
  return_note: string | null;
  returned_by: string | null;
  returned_at: number | string | null;
}

const INTELLIGENCE_COLUMNS = `c.grade, c.fit_points, c.score, c.engagement_level, c.stage,
  c.stage_changed_at, c.owner, c.queue, c.sla_due_at, c.tags, c.return_reason, c.return_note,
  c.returned_by, c.returned_at`;

const RETURN_REASON_SET = new Set<string>(RETURN_REASONS);

/** The newest return by sales; null when none was recorded (or its reason is no longer known). */
function salesReturnOf(row: IntelligenceRow, byName: string | null): SalesReturn | null {
  if (row.return_reason === null || !RETURN_REASON_SET.has(row.return_reason)) return null;
  if (row.returned_by === null || row.returned_at === null) return null;
  return {
    reason: row.return_reason as ReturnReason,
    note: row.return_note ?? '',
    by: row.returned_by,
    byName,
    at: Number(row.returned_at),
  };
}

const nullableNumber = (value: number | string | null) => (value === null ? null : Number(value));

function intelligenceOf(row: IntelligenceRow) {
  const engagementLevel = Number(row.engagement_level);
  return {
    grade: row.grade,
    score: Number(row.score),
    engagementLevel,
    cell: `${row.grade}${engagementLevel}`,
    stage: row.stage,
    owner: row.owner,
    queue: row.queue,
    slaDueAt: nullableNumber(row.sla_due_at),
  };
}

type AddParam = (value: SqlParam) => string;

/** The facts each behaviour filter looks for, and what its `:<id>` names. */
const BEHAVIOUR_FACTS: Record<CustomerBehaviour, { types: string[]; id: 'event' | 'asset' }> = {
  downloaded: { types: ['content_downloaded'], id: 'asset' },
  checked_in: { types: ['checked_in'], id: 'event' },
  // Anything that happens at the stand itself: a scanned badge, a request, a survey, a note.
  visited_booth: {
    types: [
      'badge_scanned',
      'content_requested',
      'demo_requested',
      'trial_requested',
      'survey_answered',
      'note',
    ],
    id: 'event',
  },
  requested_demo: { types: ['demo_requested', 'trial_requested'], id: 'event' },
  entered_draw: { types: ['draw_entered'], id: 'event' },
  won_draw: { types: ['draw_won'], id: 'event' },
};

/**
 * Customers with one fact of the behaviour: as a set (`c.id in (…)`), so the facts are read once
 * through their kind's index instead of once per customer. A fact of a person folded into another
 * (person_redirects) counts for the survivor's customer.
 */
function behaviourCondition(did: string, param: AddParam): string {
  const [kind, id] = did.split(':') as [CustomerBehaviour, string | undefined];
  const facts = BEHAVIOUR_FACTS[kind];
  const conditions = [`d.data->>'type' = any(${param(facts.types)}::text[])`];
  if (id !== undefined) {
    conditions.push(
      facts.id === 'event'
        ? `d.event_id = ${param(id)}`
        : `d.data->'data'->>'assetId' = ${param(id)}`,
    );
  }
  const matching = `from documents d where d.collection = 'interactions' and not d.deleted
      and ${conditions.join(' and ')}`;
  // Two plain joins rather than one with OR, so each can be a hash join over the facts.
  return `c.id in (
      select cp.customer_id from customer_people cp
       where cp.person_id in (select d.data->>'personId' ${matching})
      union all
      select cp.customer_id from person_redirects r
        join customer_people cp on cp.person_id = r.to_id
       where r.from_id in (select d.data->>'personId' ${matching}))`;
}

/** The key a row is searched by; rows not yet given one (migration 85) by their plain fields. */
const SEARCHED_TEXT = `coalesce(c.search_key, lower(concat_ws(' ', c.profile->>'name',
  c.profile->>'company', c.profile->>'email', c.profile->>'phone')))`;

/**
 * The WHERE conditions of a filter (merged-away customers always left out). Shared by the page,
 * the count and the exports, so all three agree on who matches.
 */
export function customerConditions(filter: CustomerConditions, param: AddParam): string[] {
  const where = ['c.merged_into is null'];
  const list = (column: string, values: readonly (string | number)[] | undefined, type: string) => {
    if (values && values.length > 0)
      where.push(`${column} = any(${param([...values])}::${type}[])`);
  };
  if (filter.eventId) {
    where.push(
      `exists (select 1 from customer_people cp where cp.customer_id = c.id and cp.event_id = ${param(filter.eventId)})`,
    );
  }
  // `@>` on the array itself, so the GIN index answers it.
  if (filter.tags && filter.tags.length > 0)
    where.push(`c.tags @> ${param([...filter.tags])}::text[]`);
  list('c.grade', filter.grades, 'text');
  list('c.stage', filter.stages, 'text');
  list(`(c.profile->>'province')`, filter.provinces, 'text');
  list(`(c.profile->>'city')`, filter.cities, 'text');
  list(`(c.profile->>'industry')`, filter.industries, 'text');
  list('c.engagement_level', filter.engagementLevels, 'smallint');
  if (filter.consent === 'granted') where.push(`(c.profile->'consent'->>'granted') = 'true'`);
  if (filter.consent === 'missing')
    where.push(`(c.profile->'consent'->>'granted') is distinct from 'true'`);
  for (const did of filter.did ?? []) where.push(behaviourCondition(did, param));
  if (filter.owner === NO_OWNER) where.push('c.owner is null');
  else if (filter.owner !== undefined) where.push(`c.owner = ${param(filter.owner)}`);
  if (filter.scopeOwners !== undefined)
    where.push(`c.owner = any(${param([...filter.scopeOwners])}::text[])`);
  if (filter.queue !== undefined) where.push(`c.queue = ${param(filter.queue)}`);
  if (filter.minScore !== undefined) where.push(`c.score >= ${param(filter.minScore)}`);
  if (filter.maxScore !== undefined) where.push(`c.score <= ${param(filter.maxScore)}`);
  if (filter.q) {
    const words = searchWords(filter.q);
    const keyMatches = words.map((word) => `${SEARCHED_TEXT} like ${param(containsPattern(word))}`);
    const like = param(containsPattern(filter.q.toLowerCase()));
    // A phone typed any way ("138 0013 8000", "+86-138…") finds its E.164 identity key.
    const phone = param(normalizePhone(filter.q) ?? '');
    where.push(`(
      (${keyMatches.length > 0 ? keyMatches.join(' and ') : 'false'})
      or c.id in (select k.customer_id from identity_keys k
                   where k.value like ${like} or (k.kind = 'phone' and k.value = ${phone})))`);
  }
  return where;
}

/**
 * The SQL of one page (one row more than the limit, to know whether another page follows).
 * `gatherFirst` fences the filter off from the ORDER BY … LIMIT (OFFSET 0 keeps the planner from
 * merging the two), so the filter's own indexes find every match before the sort.
 */
export function customerListQuery(
  filter: CustomerFilter,
  { gatherFirst = false }: { gatherFirst?: boolean } = {},
): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const param = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  const column = filter.sort === 'created' ? null : SORT_COLUMN[filter.sort];
  const direction = filter.order === 'desc' ? 'desc' : 'asc';
  const comparison = filter.order === 'desc' ? '<' : '>';
  const where = customerConditions(filter, param);
  if (filter.after) {
    where.push(
      column === null
        ? `c.id ${comparison} ${param(filter.after.id)}`
        : `(${column}, c.id) ${comparison} (${param(filter.after.value)}::bigint, ${param(filter.after.id)}::text)`,
    );
  }
  const limit = param(filter.limit + 1);
  const orderBy =
    column === null ? `c.id ${direction}` : `${column} ${direction}, c.id ${direction}`;
  return {
    // The page is chosen first; what each row shows besides its columns (events, owner's name,
    // last fact) is looked up for those rows only, never for every match before the sort.
    sql: `select p.*,
            (select array_agg(distinct cp.event_id) from customer_people cp where cp.customer_id = p.id)
              as event_ids,
            (select u.name from users u where u.id = p.owner) as owner_name,
            (select u.name from users u where u.id = p.returned_by) as returned_by_name,
            (select max((d.data->>'occurredAt')::bigint) from customer_people cp
               join documents d on d.collection = 'interactions' and d.data->>'personId' = cp.person_id
              where cp.customer_id = p.id) as last_activity_at
       from (select c.id, c.profile, c.created_at, c.updated_at, ${INTELLIGENCE_COLUMNS},
                    ${column ?? 'null'} as sort_value
               from ${gatherFirst ? `(select * from customers c where ${where.join(' and ')} offset 0) c` : `customers c where ${where.join(' and ')}`}
              order by ${orderBy}
              limit ${limit}) p
      order by ${column === null ? `p.id ${direction}` : `p.sort_value ${direction}, p.id ${direction}`}`,
    params,
  };
}

/**
 * What the list's query parameters ask for, and — for a sales user, whatever they ask — only the
 * leads routed to them, or to the team they lead (`teamOwners`, from services/sales-scope).
 */
export function customerConditionsOf(
  query: CustomerFilterValues,
  user: { role: string; userId: string; teamOwners?: readonly string[] },
): CustomerConditions {
  return {
    q: query.q || undefined,
    eventId: query.eventId || undefined,
    tags: query.tag,
    grades: query.grade,
    stages: query.stage,
    provinces: query.province,
    cities: query.city,
    industries: query.industry,
    consent: query.consent,
    did: query.did,
    owner: query.owner,
    scopeOwners: user.role === 'sales' ? (user.teamOwners ?? [user.userId]) : undefined,
    queue: query.queue,
    minScore: query.minScore,
    maxScore: query.maxScore,
    engagementLevels: query.engagementLevel?.map(Number),
  };
}

/** How many customers the filter matches (what a segment's live count shows). */
export async function countCustomers(tx: SqlExecutor, filter: CustomerConditions): Promise<number> {
  const params: SqlParam[] = [];
  const where = customerConditions(filter, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  const [row] = await tx.query<{ n: number | string }>(
    `select count(*)::int as n from customers c where ${where.join(' and ')}`,
    params,
  );
  return Number(row?.n ?? 0);
}

/**
 * One page of customers, filtered and sorted on the lead-intelligence columns, keyset-paged on
 * (sort value, id): rows that tie on the value (many share a score) are split by id, and a page
 * never shifts when other customers are added or updated while someone pages. Merged-away
 * customers are left out (their survivor is listed).
 */
export async function listCustomers(
  tx: SqlExecutor,
  filter: CustomerFilter,
): Promise<CustomerListResponse> {
  const gatherFirst =
    filter.tags !== undefined && filter.tags.length > 0 && (await tagsAreRare(tx, filter.tags));
  const { sql, params } = customerListQuery(filter, { gatherFirst });
  const rows = await tx.query<
    CustomerRow &
      IntelligenceRow & {
        sort_value: number | null;
        owner_name: string | null;
        returned_by_name: string | null;
        last_activity_at: number | string | null;
      }
  >(sql, params);
  const page = rows.slice(0, filter.limit);
  const customers: CustomerSummary[] = page.map((row) => ({
    id: row.id,
    profile: row.profile,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    eventIds: [...(row.event_ids ?? [])].sort(),
    ...intelligenceOf(row),
    tags: [...row.tags],
    ownerName: row.owner_name,
    returned: salesReturnOf(row, row.returned_by_name),
    lastActivityAt: nullableNumber(row.last_activity_at),
  }));
  const last = page.at(-1);
  return {
    customers,
    nextCursor:
      rows.length > filter.limit && last
        ? encodeListCursor({
            sort: filter.sort,
            order: filter.order,
            value: nullableNumber(last.sort_value),
            id: last.id,
          })
        : null,
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

/** Who reads: the language of the explanation, and the time its lines' ages are counted to. */
export interface DetailView {
  lang: Lang;
  now: number;
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
  view: DetailView = { lang: 'zh-CN', now: Date.now() },
): Promise<CustomerDetailResponse | null> {
  const found = await survivorOf(tx, id);
  if (!found) return null;
  const { row } = found;
  const [keys, merged, links, [intelligence]] = await Promise.all([
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
    tx.query<
      IntelligenceRow & { manual_tags: string[]; explanation: unknown; scored_at: number | null }
    >(
      `select ${INTELLIGENCE_COLUMNS}, c.manual_tags, c.explanation, c.scored_at
         from customers c where c.id = $1`,
      [row.id],
    ),
  ]);
  if (!intelligence) return null;
  // A merged-away customer's stage changes are part of the survivor's story.
  const changes = await tx.query<{
    kind: 'stage' | 'owner';
    from_value: string | null;
    to_value: string | null;
    who: string;
    at: number;
    why: string;
  }>(
    `select kind, from_value, to_value, who, at, why from customer_changes
      where customer_id = any($1::text[]) order by at, id`,
    [[row.id, ...merged.map((m) => m.id)]],
  );
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
  // Names of the people the owner, the history and the return mention, so the 360 says who.
  const mentioned = [
    ...new Set(
      [
        intelligence.owner,
        intelligence.returned_by,
        ...changes.flatMap((change) =>
          change.kind === 'owner' ? [change.who, change.from_value, change.to_value] : [change.who],
        ),
      ].filter((id): id is string => id !== null && id !== 'system'),
    ),
  ];
  const names = await tx.query<{ id: string; name: string }>(
    'select id, name from users where id = any($1::text[])',
    [mentioned],
  );
  const userNames = Object.fromEntries(names.map((user) => [user.id, user.name]));
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
    ...intelligenceOf(intelligence),
    fitPoints: Number(intelligence.fit_points),
    stageChangedAt: nullableNumber(intelligence.stage_changed_at),
    tags: intelligence.tags.map((tag) => ({
      tag,
      labels: { 'zh-CN': tagLabel(tag, 'zh-CN'), en: tagLabel(tag, 'en') },
    })),
    manualTags: [...intelligence.manual_tags],
    scoredAt: nullableNumber(intelligence.scored_at),
    explanation: formatExplanation(intelligence.explanation, view.lang, view.now),
    history: changes.map((change) => ({
      kind: change.kind,
      from: change.from_value,
      to: change.to_value,
      who: change.who,
      at: Number(change.at),
      why: change.why,
    })),
    returned: salesReturnOf(
      intelligence,
      intelligence.returned_by ? (userNames[intelligence.returned_by] ?? null) : null,
    ),
    userNames,
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
