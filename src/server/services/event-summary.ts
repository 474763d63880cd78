import type { SqlExecutor } from '../db/sql';
import type { DocumentWrite } from './documents';

/**
 * The per-event summaries of migration 100 (event_fact_counts, event_person_facts,
 * event_staff_people), kept as facts
 * arrive so dashboards and ROI read a few hundred rows instead of an event's 100k fact documents.
 * Facts are insert-only: ingest calls countNewFacts with exactly the facts it stored for the first
 * time, in its transaction (it holds the interactions lock, so these upserts never race).
 *
 * A fold later moves facts onto the surviving person; the summaries keep the person a fact was
 * stored on and readers map it through person_redirects, as they do for the facts themselves.
 */
export const QUARTER_HOUR_MS = 15 * 60_000;

interface FactRow {
  event_id: string;
  type: string;
  occurred_at: number;
  asset_id: string;
  person_id: string;
  staff_id: string;
  detail: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export async function countNewFacts(
  tx: SqlExecutor,
  facts: readonly DocumentWrite[],
): Promise<void> {
  const rows: FactRow[] = facts
    .filter((fact) => !fact.deleted)
    .map((fact) => {
      const data = fact.data;
      const detail = (data.data ?? {}) as Record<string, unknown>;
      const type = text(data.type);
      return {
        event_id: fact.eventId,
        type,
        occurred_at: Number(data.occurredAt) || 0,
        asset_id: text(detail.assetId),
        person_id: text(data.personId),
        staff_id: text(data.staffId),
        detail: type === 'draw_entered' ? text(detail.drawId) : '',
      };
    });
  if (rows.length === 0) return;
  const json = JSON.stringify(rows);
  await tx.query(
    `with f as (
       select * from jsonb_to_recordset($1::jsonb) as f(event_id text, type text,
         occurred_at bigint, asset_id text, person_id text, staff_id text, detail text))
     insert into event_fact_counts (event_id, kind, key, n)
     select event_id, kind, key, count(*) from (
       select event_id, 'type' as kind, type as key from f
       union all
       select event_id, 'checkin_quarter', floor(occurred_at / ${QUARTER_HOUR_MS})::bigint::text
         from f where type = 'checked_in'
       union all
       select event_id, 'download', asset_id from f where type = 'content_downloaded') counted
     group by 1, 2, 3
     on conflict (event_id, kind, key) do update set n = event_fact_counts.n + excluded.n`,
    [json],
  );
  // The rows new to the person and staff tables, counted as they enter (one statement each:
  // a data-modifying CTE feeds the counters exactly the rows it inserted).
  await tx.query(
    `with added as (
       insert into event_person_facts (event_id, type, person_id, detail)
       select distinct event_id, type, person_id, detail
         from jsonb_to_recordset($1::jsonb) as f(event_id text, type text, person_id text,
           detail text)
       on conflict do nothing
       returning event_id, type, person_id, detail),
     -- A person (as stored) becomes a registrant who came when the second of the two rows
     -- arrives, or both at once: once, since rows are never taken back (only rebuilt).
     became_both as (
       select distinct a.event_id, a.person_id from added a
        where a.type in ('registered', 'checked_in') and a.detail = ''
          and exists (select 1 from event_person_facts o
                       where o.event_id = a.event_id and o.person_id = a.person_id
                         and o.detail = '' and o.type <> a.type
                         and o.type in ('registered', 'checked_in'))
       union
       select a.event_id, a.person_id from added a join added b
         on b.event_id = a.event_id and b.person_id = a.person_id
        where a.type = 'registered' and b.type = 'checked_in' and a.detail = '' and b.detail = '')
     insert into event_fact_counts (event_id, kind, key, n)
     select event_id, 'person_facts', type, count(*) from added group by 1, 3
     union all
     select event_id, 'registered_checked_in', '', count(*) from became_both group by 1
     on conflict (event_id, kind, key) do update set n = event_fact_counts.n + excluded.n`,
    [json],
  );
  await tx.query(
    `with added as (
       insert into event_staff_people (event_id, staff_id, person_id)
       select distinct event_id, staff_id, person_id
         from jsonb_to_recordset($1::jsonb) as f(event_id text, staff_id text, person_id text)
       on conflict do nothing
       returning event_id, staff_id)
     insert into event_fact_counts (event_id, kind, key, n)
     select event_id, 'staff_people', staff_id, count(*) from added group by 1, 3
     on conflict (event_id, kind, key) do update set n = event_fact_counts.n + excluded.n`,
    [json],
  );
}

/**
 * The summaries counted afresh from the stored facts (what migration 100 did once): for data
 * loaded around ingest, such as the bench's bulk seed, or a repair. Caveat: a fold stores the
 * loser's facts on the survivor, so a rebuild while a fold stands records them on the survivor;
 * if that fold is undone later, the summaries still count them for the survivor until the next
 * rebuild (ingest itself keeps the person a fact arrived for, which the redirects resolve either
 * way).
 */
export async function rebuildEventSummaries(
  tx: SqlExecutor,
  /** Only these events (an erasure's); all when absent. */
  eventIds?: readonly string[],
): Promise<void> {
  const only = eventIds ? [[...eventIds]] : [null];
  const ofEvents = '($1::text[] is null or event_id = any($1::text[]))';
  for (const table of ['event_fact_counts', 'event_person_facts', 'event_staff_people']) {
    await tx.query(`delete from ${table} where ${ofEvents}`, only);
  }
  const facts = `collection = 'interactions' and not deleted and ${ofEvents}`;
  await tx.query(
    `insert into event_fact_counts (event_id, kind, key, n)
     select event_id, 'type', data->>'type', count(*) from documents
      where ${facts} group by 1, 3
     union all
     select event_id, 'checkin_quarter',
            floor((data->>'occurredAt')::bigint / ${QUARTER_HOUR_MS})::bigint::text, count(*)
       from documents
      where ${facts} and data->>'type' = 'checked_in'
      group by 1, 3
     union all
     select event_id, 'download', coalesce(data->'data'->>'assetId', ''), count(*) from documents
      where ${facts} and data->>'type' = 'content_downloaded'
      group by 1, 3`,
    only,
  );
  await tx.query(
    `insert into event_person_facts (event_id, type, person_id, detail)
     select distinct event_id, data->>'type', data->>'personId',
            case when data->>'type' = 'draw_entered'
                 then coalesce(data->'data'->>'drawId', '') else '' end
       from documents where ${facts}`,
    only,
  );
  await tx.query(
    `insert into event_staff_people (event_id, staff_id, person_id)
     select distinct event_id, coalesce(data->>'staffId', ''), data->>'personId'
       from documents where ${facts}`,
    only,
  );
  await tx.query(
    `insert into event_fact_counts (event_id, kind, key, n)
     select event_id, 'person_facts', type, count(*) from event_person_facts
      where ${ofEvents} group by 1, 3
     union all
     select r.event_id, 'registered_checked_in', '', count(*)
       from event_person_facts r
       join event_person_facts c
         on c.event_id = r.event_id and c.type = 'checked_in' and c.person_id = r.person_id
            and c.detail = ''
      where r.type = 'registered' and r.detail = '' and ($1::text[] is null or r.event_id = any($1::text[]))
      group by 1
     union all
     select event_id, 'staff_people', staff_id, count(*) from event_staff_people
      where ${ofEvents} group by 1, 3`,
    only,
  );
}
