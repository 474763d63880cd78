import type { EventRoiResponse } from '../../shared/api';
import { computeRoi, type EventFunnelCounts } from '../../shared/intelligence';
import type { LeadEvent } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';

/**
 * The funnel counts of events, read from the pool in a few grouped queries (one per count, for
 * any number of events), and their ratios from the shared computeRoi.
 *
 * - leads: the event's people, tombstones and people folded into another person left out;
 * - registered: distinct people with a `registered` fact at the event; checked in: those of
 *   them who also checked in, so the check-in rate is the share of registrants who came (a
 *   walk-in is a lead, not a registrant who showed up). A folded person's facts count for the
 *   person it was folded into;
 * - downloads: content_downloaded facts; draw entries: distinct (person, draw) entries;
 * - MQLs, SQLs: the event's customers whose stage is at or past that stage now, or who ever moved
 *   there (customer_changes, their own or of customers merged into them). A customer met at two
 *   events counts for both: each event had a part in them.
 */
export async function loadFunnelCounts(
  tx: SqlExecutor,
  eventIds: readonly string[],
): Promise<Map<string, EventFunnelCounts>> {
  const ids = [...eventIds];
  const [leads, facts, stages] = await Promise.all([
    tx.query<{ event_id: string; n: number }>(
      `select d.event_id, count(*)::int as n from documents d
        where d.collection = 'people' and d.event_id = any($1::text[]) and not d.deleted
          and not exists (select 1 from person_redirects r where r.from_id = d.id)
        group by d.event_id`,
      [ids],
    ),
    tx.query<{
      event_id: string;
      registered: number;
      checked_in: number;
      downloads: number;
      draw_entries: number;
    }>(
      `with facts as (
         select d.event_id, d.data->>'type' as type, d.data->'data'->>'drawId' as draw_id,
                coalesce(r.to_id, d.data->>'personId') as person_id
           from documents d
           left join person_redirects r on r.from_id = d.data->>'personId'
          where d.collection = 'interactions' and d.event_id = any($1::text[]) and not d.deleted
            and d.data->>'type' in ('registered', 'checked_in', 'content_downloaded', 'draw_entered')),
       registrants as (select distinct event_id, person_id from facts where type = 'registered')
       select f.event_id,
              count(distinct f.person_id) filter (where f.type = 'registered')::int as registered,
              count(distinct f.person_id)
                filter (where f.type = 'checked_in' and r.person_id is not null)::int as checked_in,
              count(*) filter (where f.type = 'content_downloaded')::int as downloads,
              count(distinct f.person_id || ' ' || coalesce(f.draw_id, ''))
                filter (where f.type = 'draw_entered')::int as draw_entries
         from facts f
         left join registrants r on r.event_id = f.event_id and r.person_id = f.person_id
        group by f.event_id`,
      [ids],
    ),
    tx.query<{ event_id: string; mqls: number; sqls: number }>(
      `with event_customers as (
         select distinct cp.event_id, c.id, c.stage
           from customer_people cp join customers c on c.id = cp.customer_id
          where cp.event_id = any($1::text[]) and c.merged_into is null),
       reached as (
         select ec.event_id, ec.id,
                ec.stage in ('MQL', 'SAL', 'SQL') or exists (
                  select 1 from customer_changes ch
                   where ch.kind = 'stage' and ch.to_value in ('MQL', 'SAL', 'SQL')
                     and (ch.customer_id = ec.id or ch.customer_id in
                           (select m.id from customers m where m.merged_into = ec.id))) as mql,
                ec.stage = 'SQL' or exists (
                  select 1 from customer_changes ch
                   where ch.kind = 'stage' and ch.to_value = 'SQL'
                     and (ch.customer_id = ec.id or ch.customer_id in
                           (select m.id from customers m where m.merged_into = ec.id))) as sql
           from event_customers ec)
       select event_id, count(*) filter (where mql)::int as mqls,
              count(*) filter (where sql)::int as sqls
         from reached group by event_id`,
      [ids],
    ),
  ]);
  const counts = new Map<string, EventFunnelCounts>(
    ids.map((id) => [
      id,
      { leads: 0, registered: 0, checkedIn: 0, mqls: 0, sqls: 0, downloads: 0, drawEntries: 0 },
    ]),
  );
  for (const row of leads) {
    const entry = counts.get(row.event_id);
    if (entry) entry.leads = Number(row.n);
  }
  for (const row of facts) {
    const entry = counts.get(row.event_id);
    if (!entry) continue;
    entry.registered = Number(row.registered);
    entry.checkedIn = Number(row.checked_in);
    entry.downloads = Number(row.downloads);
    entry.drawEntries = Number(row.draw_entries);
  }
  for (const row of stages) {
    const entry = counts.get(row.event_id);
    if (!entry) continue;
    entry.mqls = Number(row.mqls);
    entry.sqls = Number(row.sqls);
  }
  return counts;
}

export async function eventsRoi(
  tx: SqlExecutor,
  events: readonly LeadEvent[],
): Promise<EventRoiResponse[]> {
  const counts = await loadFunnelCounts(
    tx,
    events.map((event) => event.id),
  );
  return events.map((event) => ({
    eventId: event.id,
    name: event.name,
    startsOn: event.startsOn,
    roi: computeRoi(
      event.cost,
      counts.get(event.id) ?? {
        leads: 0,
        registered: 0,
        checkedIn: 0,
        mqls: 0,
        sqls: 0,
        downloads: 0,
        drawEntries: 0,
      },
    ),
  }));
}
