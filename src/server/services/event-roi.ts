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
  /** countLeads false: leads stay 0, for a caller that counts the event's people anyway. */
  options: { countLeads?: boolean } = {},
): Promise<Map<string, EventFunnelCounts & { sals: number }>> {
  const ids = [...eventIds];
  // Facts are read from the per-event summaries (services/event-summary.ts), never scanned.
  const [leads, facts, downloads, stages] = await Promise.all([
    options.countLeads === false
      ? []
      : tx.query<{ event_id: string; n: number }>(
          `select d.event_id, count(*)::int as n from documents d
            where d.collection = 'people' and d.event_id = any($1::text[]) and not d.deleted
              and not exists (select 1 from person_redirects r where r.from_id = d.id)
            group by d.event_id`,
          [ids],
        ),
    loadPersonCounts(tx, ids),
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
  for (const [id, people] of facts) {
    const entry = counts.get(id);
    if (!entry) continue;
    entry.registered = people.registered;
    entry.checkedIn = people.checkedIn;
    entry.drawEntries = people.drawEntries;
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

interface PersonCounts {
  registered: number;
  checkedIn: number;
  drawEntries: number;
}

/**
 * Distinct people who registered, registrants who checked in, and distinct (person, draw)
 * entries: the counters ingest keeps (services/event-summary.ts) count people as their facts were
 * stored, so each group of folded people (person_redirects: the survivor and who was folded into
 * it) is corrected here to count once — read from the few redirects, never from the event's rows.
 */
async function loadPersonCounts(
  tx: SqlExecutor,
  ids: readonly string[],
): Promise<Map<string, PersonCounts>> {
  const [counters, groups, draws] = await Promise.all([
    tx.query<{ event_id: string; kind: string; key: string; n: number }>(
      `select event_id, kind, key, n::int as n from event_fact_counts
        where event_id = any($1::text[])
          and ((kind = 'person_facts' and key in ('registered', 'draw_entered'))
               or kind = 'registered_checked_in')`,
      [ids],
    ),
    // Per group: counted once if any member registered (and came), against how often the
    // counters counted its members.
    tx.query<{ event_id: string; registered: number; checked_in: number }>(
      `with members as (
         select event_id, to_id as survivor, from_id as person_id from person_redirects
          where event_id = any($1::text[])
         union
         select event_id, to_id, to_id from person_redirects where event_id = any($1::text[])),
       per_member as (
         select m.event_id, m.survivor, bool_or(e.type = 'registered') as reg,
                bool_or(e.type = 'checked_in') as came
           from members m
           join event_person_facts e on e.person_id = m.person_id and e.event_id = m.event_id
          where e.type in ('registered', 'checked_in') and e.detail = ''
          group by m.event_id, m.survivor, m.person_id),
       per_group as (
         select event_id, bool_or(reg) as reg, bool_or(reg) and bool_or(came) as both_,
                count(*) filter (where reg) as regs, count(*) filter (where reg and came) as boths
           from per_member group by event_id, survivor)
       select event_id, sum(case when reg then 1 else 0 end - regs)::int as registered,
              sum(case when both_ then 1 else 0 end - boths)::int as checked_in
         from per_group group by event_id`,
      [ids],
    ),
    tx.query<{ event_id: string; n: number }>(
      `with members as (
         select event_id, to_id as survivor, from_id as person_id from person_redirects
          where event_id = any($1::text[])
         union
         select event_id, to_id, to_id from person_redirects where event_id = any($1::text[]))
       select m.event_id, (count(distinct (m.survivor, e.detail)) - count(*))::int as n
         from members m
         join event_person_facts e on e.person_id = m.person_id and e.event_id = m.event_id
        where e.type = 'draw_entered'
        group by m.event_id`,
      [ids],
    ),
  ]);
  const out = new Map<string, PersonCounts>(
    ids.map((id) => [id, { registered: 0, checkedIn: 0, drawEntries: 0 }]),
  );
  for (const row of counters) {
    const entry = out.get(row.event_id);
    if (!entry) continue;
    if (row.kind === 'registered_checked_in') entry.checkedIn += Number(row.n);
    else if (row.key === 'registered') entry.registered += Number(row.n);
    else entry.drawEntries += Number(row.n);
  }
  for (const row of groups) {
    const entry = out.get(row.event_id);
    if (!entry) continue;
    entry.registered += Number(row.registered);
    entry.checkedIn += Number(row.checked_in);
  }
  for (const row of draws) {
    const entry = out.get(row.event_id);
    if (entry) entry.drawEntries += Number(row.n);
  }
  return out;
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
