import {
  addToFactSummary,
  emptyFactSummary,
  leadRow,
  type FactSummary,
  type SheetStyle,
} from '../../shared/export/lead-rows';
import {
  InteractionTypeSchema,
  PersonSchema,
  QualificationSchema,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';

/**
 * An event's lead rows read page by page, in capture order, for exports of any size: each page
 * holds a few hundred people, their qualifications, and their facts already summarized by the
 * database (kinds, first and last time), so memory never depends on how many facts anyone has.
 * A person folded into another of the event (person_redirects) is shown once, as the survivor,
 * with the folded person's facts and qualification counted on it.
 */
export const LEAD_PAGE_SIZE = 500;

export async function* eventLeadRowPages(
  db: SqlExecutor,
  eventId: string,
  style: SheetStyle,
  pageSize = LEAD_PAGE_SIZE,
): AsyncGenerator<string[][]> {
  const redirects = await db.query<{ from_id: string; to_id: string }>(
    'select from_id, to_id from person_redirects where event_id = $1',
    [eventId],
  );
  const target = new Map(redirects.map((r) => [r.from_id, r.to_id]));
  const resolve = (personId: string) => {
    let id = personId;
    for (let hops = 0; hops < 20 && target.has(id); hops++) id = target.get(id) ?? id;
    return id;
  };
  const foldedInto = new Map<string, string[]>();
  for (const from of target.keys()) {
    const to = resolve(from);
    foldedInto.set(to, [...(foldedInto.get(to) ?? []), from]);
  }

  let after: { createdAt: number; id: string } = { createdAt: -1, id: '' };
  for (;;) {
    const rows = await db.query<{ id: string; created_at: string | number; data: unknown }>(
      `select id, (data->>'createdAt')::bigint as created_at, data from documents
        where collection = 'people' and event_id = $1 and not deleted
          and ((data->>'createdAt')::bigint, id) > ($2::bigint, $3::text)
        order by (data->>'createdAt')::bigint, id
        limit $4`,
      [eventId, after.createdAt, after.id, pageSize],
    );
    const last = rows.at(-1);
    if (!last) return;
    after = { createdAt: Number(last.created_at), id: last.id };
    const people = rows.flatMap((row) => {
      if (target.has(row.id)) return [];
      const parsed = PersonSchema.safeParse(row.data);
      return parsed.success ? [parsed.data] : [];
    });
    if (people.length > 0) yield await rowsOf(db, eventId, people, foldedInto, resolve, style);
    if (rows.length < pageSize) return;
  }
}

async function rowsOf(
  db: SqlExecutor,
  eventId: string,
  people: Person[],
  foldedInto: Map<string, string[]>,
  resolve: (personId: string) => string,
  style: SheetStyle,
): Promise<string[][]> {
  const ids = people.flatMap((person) => [person.id, ...(foldedInto.get(person.id) ?? [])]);
  const [qualifications, factGroups] = await Promise.all([
    db.query<{ data: unknown }>(
      `select data from documents
        where collection = 'qualifications' and event_id = $1 and not deleted
          and data->>'personId' = any($2::text[])
        order by seq`,
      [eventId, ids],
    ),
    // One row per person and kind of fact, whatever the number of facts.
    db.query<{
      person_id: string;
      type: string;
      first_seq: string;
      first_at: string;
      last_at: string;
    }>(
      `select data->>'personId' as person_id, data->>'type' as type, min(seq) as first_seq,
              min((data->>'occurredAt')::bigint) as first_at,
              max((data->>'occurredAt')::bigint) as last_at
         from documents
        where collection = 'interactions' and event_id = $1 and not deleted
          and data->>'personId' = any($2::text[])
        group by 1, 2
        order by 3`,
      [eventId, ids],
    ),
  ]);
  const qualificationOf = new Map<string, Qualification>();
  for (const row of qualifications) {
    const parsed = QualificationSchema.safeParse(row.data);
    if (parsed.success) qualificationOf.set(resolve(parsed.data.personId), parsed.data);
  }
  const factsOf = new Map<string, FactSummary>();
  for (const group of factGroups) {
    const type = InteractionTypeSchema.safeParse(group.type);
    if (!type.success) continue;
    const personId = resolve(group.person_id);
    const summary = factsOf.get(personId) ?? emptyFactSummary();
    factsOf.set(personId, summary);
    addToFactSummary(summary, type.data, Number(group.first_at), Number(group.last_at));
  }
  return people.map((person) =>
    leadRow(
      person,
      qualificationOf.get(person.id),
      factsOf.get(person.id) ?? emptyFactSummary(),
      style,
    ),
  );
}
