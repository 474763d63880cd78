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
  const counts = await loadEventCounts(tx, eventIds);
  return new Map([...counts].map(([id, { sals: _sals, ...funnel }]) => [id, funnel]));
}

/** The funnel counts and, for the dashboards, SAL too (the ROI answer has no place for it). */
export async function loadEventCounts(
  tx: SqlExecutor,
  eventIds: readonly string[],
): Promise<Map<string, EventFunnelCounts & { sals: number }>> {
  const ids = [...eventIds];
  // Facts are read from the per-event summaries (services/event-summary.ts), never scanned.
  const [leads, facts, downloads, stages] = await Promise.all([
    tx.query<{ event_id: string; n: number }>(
      `select d.event_id, count(*)::int as n from documents d
        where d.collection = 'people' and d.event_id = any($1::text[]) and not d.deleted
          and not exists (select 1 from person_redirects r where r.from_id = d.id)
        group by d.event_id`,
      [ids],
    ),
    tx.query<{ event_id: string; registered: number; checked_in: number; draw_entries: number }>(
      // Distinct rows first, then plain counts: a hash aggregate, where count(distinct …) would
      // sort every person id (slow on PGlite, text ids compared by collation).
      `with facts as (
         select distinct e.event_id, e.type, e.detail, coalesce(r.to_id, e.person_id) as person_id
           from event_person_facts e
           left join person_redirects r on r.from_id = e.person_id
          where e.event_id = any($1::text[])
            and e.type in ('registered', 'checked_in', 'draw_entered')),
       registrants as (select event_id, person_id from facts where type = 'registered')
       select f.event_id,
              count(*) filter (where f.type = 'registered')::int as registered,
              count(*) filter (where f.type = 'checked_in' and r.person_id is not null)::int
                as checked_in,
              count(*) filter (where f.type = 'draw_entered')::int as draw_entries
         from facts f
         left join registrants r
           on f.type = 'checked_in' and r.event_id = f.event_id and r.person_id = f.person_id
        group by f.event_id`,
      [ids],
    ),
    tx.query<{ event_id: string; n: number }>(
      `select event_id, n::int as n from event_fact_counts
        where event_id = any($1::text[]) and kind = 'type' and key = 'content_downloaded'`,
      [ids],
    ),
    loadStageReach(tx, ids),
  ]);
  const counts = new Map<string, EventFunnelCounts & { sals: number }>(
    ids.map((id) => [
      id,
      {
        leads: 0,
        registered: 0,
        checkedIn: 0,
        mqls: 0,
        sqls: 0,
        downloads: 0,
        drawEntries: 0,
        sals: 0,
      },
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
    entry.drawEntries = Number(row.draw_entries);
  }
  for (const row of downloads) {
    const entry = counts.get(row.event_id);
    if (entry) entry.downloads = Number(row.n);
  }
  for (const [id, reach] of stages) {
    const entry = counts.get(id);
    if (!entry) continue;
    entry.mqls = reach.mqls;
    entry.sals = reach.sals;
    entry.sqls = reach.sqls;
  }
  return counts;
}

/**
 * Per event, its customers at or past MQL, SAL and SQL now, or who ever moved there
 * (customer_changes, their own or of customers merged into them), in one pass over the event's
 * customers and their stage changes rather than a lookup per customer.
 */
async function loadStageReach(
  tx: SqlExecutor,
  ids: readonly string[],
): Promise<Map<string, { mqls: number; sals: number; sqls: number }>> {
  const rows = await tx.query<{ event_id: string; mqls: number; sals: number; sqls: number }>(
    `with event_customers as (
       select distinct cp.event_id, c.id, c.stage
         from customer_people cp join customers c on c.id = cp.customer_id
        where cp.event_id = any($1::text[]) and c.merged_into is null),
     members as (
       select distinct id as member_id, id as owner_id from event_customers
       union all
       select m.id, m.merged_into from customers m
        where m.merged_into in (select id from event_customers)),
     moved as (
       select mb.owner_id as id,
              bool_or(ch.to_value in ('SAL', 'SQL')) as sal,
              bool_or(ch.to_value = 'SQL') as sql
         from members mb join customer_changes ch on ch.customer_id = mb.member_id
        where ch.kind = 'stage' and ch.to_value in ('MQL', 'SAL', 'SQL')
        group by mb.owner_id)
     select ec.event_id,
            count(*) filter (where ec.stage in ('MQL', 'SAL', 'SQL') or mv.id is not null)::int
              as mqls,
            count(*) filter (where ec.stage in ('SAL', 'SQL') or mv.sal)::int as sals,
            count(*) filter (where ec.stage = 'SQL' or mv.sql)::int as sqls
       from event_customers ec left join moved mv on mv.id = ec.id
      group by ec.event_id`,
    [[...ids]],
  );
  return new Map(
    rows.map((row) => [
      row.event_id,
      { mqls: Number(row.mqls), sals: Number(row.sals), sqls: Number(row.sqls) },
    ]),
  );
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
