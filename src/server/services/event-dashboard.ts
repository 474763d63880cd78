import type { CheckInHour, DashboardSlice, EventDashboard } from '../../shared/api';
import { computeRoi, type EventFunnelCounts } from '../../shared/intelligence';
import type { LeadEvent } from '../../shared/schemas';
import { localDateTime } from '../../shared/time/local-time';
import type { SqlExecutor } from '../db/sql';
import { loadEventCounts } from './event-roi';
import { QUARTER_HOUR_MS } from './event-summary';

/**
 * The numbers of event dashboards, for any number of events in one set of grouped queries:
 *
 * - the funnel and the ROI are those of GET /events/:id/roi (services/event-roi), with SAL counted
 *   like MQL and SQL there (at or past it now, or ever moved to it);
 * - facts are read from the per-event summaries ingest keeps (services/event-summary.ts), not
 *   scanned: an event with 100k facts is a few hundred summary rows;
 * - check-ins are kept per UTC quarter hour and gathered into local hours here: every zone's
 *   offset is a whole number of quarter hours, so one summary serves every zone;
 * - a lead's source and device are those of the first of its name, phone, email or company
 *   fields the person carries provenance for (what the booth or import wrote first);
 * - leads per staff: distinct people with a fact recorded by that staff member at the event (two
 *   people both folded into a third and both met by one staff member count twice: rare enough).
 */
const withoutSals = ({ sals: _sals, ...funnel }: EventFunnelCounts & { sals: number }) => funnel;

const EMPTY_COUNTS: EventFunnelCounts = {
  leads: 0,
  registered: 0,
  checkedIn: 0,
  mqls: 0,
  sqls: 0,
  downloads: 0,
  drawEntries: 0,
};

interface SliceRow {
  event_id: string;
  key: string;
  n: number;
}

/** With `names`, a key the pool has no name for (a deleted paper, a device of no record) gets ''. */
function slicesBy(rows: readonly SliceRow[], names?: ReadonlyMap<string, string>) {
  const byEvent = new Map<string, DashboardSlice[]>();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    const label = names ? (names.get(row.key) ?? '') : row.key;
    list.push({ key: row.key, label, count: Number(row.n) });
    byEvent.set(row.event_id, list);
  }
  for (const list of byEvent.values()) {
    list.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
  return byEvent;
}

/** Quarter-hour counts folded into the local hours of `zone`. */
export function checkInHours(
  quarters: readonly { quarter: number; n: number }[],
  zone: string,
): CheckInHour[] {
  const hours = new Map<string, number>();
  for (const { quarter, n } of quarters) {
    const hour = `${localDateTime(quarter * QUARTER_HOUR_MS, zone).slice(0, 13)}:00`;
    hours.set(hour, (hours.get(hour) ?? 0) + Number(n));
  }
  return [...hours]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hour, count]) => ({ hour, count }));
}

export async function eventDashboards(
  tx: SqlExecutor,
  events: readonly LeadEvent[],
  zone: string,
): Promise<EventDashboard[]> {
  const ids = events.map((event) => event.id);
  const [counts, quarters, downloads, staffRows, folded, people, assets, devices] =
    await Promise.all([
      // Leads are the people counted below by source, device and province: not counted twice.
      loadEventCounts(tx, ids, { countLeads: false }),
      tx.query<{ event_id: string; quarter: string; n: number }>(
        `select event_id, key as quarter, n::int as n from event_fact_counts
        where event_id = any($1::text[]) and kind = 'checkin_quarter'`,
        [ids],
      ),
      tx.query<SliceRow>(
        `select event_id, key, n::int as n from event_fact_counts
        where event_id = any($1::text[]) and kind = 'download'`,
        [ids],
      ),
      tx.query<SliceRow>(
        // Counted as rows enter event_staff_people (services/event-summary.ts).
        `select event_id, key, n::int as n from event_fact_counts
        where event_id = any($1::text[]) and kind = 'staff_people'`,
        [ids],
      ),
      // A folded person whose survivor the same staff member also met is that survivor: its row
      // is taken off (driven by the few redirects, not by the event's rows).
      tx.query<SliceRow>(
        `select s.event_id, s.staff_id as key, count(*)::int as n
         from person_redirects r
         join event_staff_people s on s.person_id = r.from_id
         join event_staff_people t
           on t.event_id = s.event_id and t.staff_id = s.staff_id and t.person_id = r.to_id
        where r.event_id = any($1::text[])
        group by 1, 2`,
        [ids],
      ),
      tx.query<{ event_id: string; source: string; device: string; province: string; n: number }>(
        `select event_id, source, device, province, count(*)::int as n from (
         select d.event_id,
                coalesce(p->'name'->>'source', p->'phone'->>'source', p->'email'->>'source',
                         p->'company'->>'source', '') as source,
                coalesce(p->'name'->>'deviceId', p->'phone'->>'deviceId',
                         p->'email'->>'deviceId', p->'company'->>'deviceId', '') as device,
                btrim(coalesce(d.data->>'province', '')) as province
           from documents d cross join lateral (select d.data->'provenance' as p) prov
          where d.collection = 'people' and d.event_id = any($1::text[]) and not d.deleted
            and not exists (select 1 from person_redirects r where r.from_id = d.id)) leads
        group by 1, 2, 3, 4`,
        [ids],
      ),
      tx.query<{ id: string; title: string }>(
        `select id, coalesce(data->>'title', '') as title from documents
        where collection = 'assets' and event_id = any($1::text[])`,
        [ids],
      ),
      tx.query<{ id: string; name: string }>(
        `select id, name from devices where event_id = any($1::text[])`,
        [ids],
      ),
    ]);

  const quartersByEvent = new Map<string, { quarter: number; n: number }[]>();
  for (const row of quarters) {
    const list = quartersByEvent.get(row.event_id) ?? [];
    list.push({ quarter: Number(row.quarter), n: Number(row.n) });
    quartersByEvent.set(row.event_id, list);
  }
  const sum = (key: 'source' | 'device' | 'province') => {
    const totals = new Map<string, SliceRow>();
    for (const row of people) {
      const id = `${row.event_id}\u0000${row[key]}`;
      const entry = totals.get(id) ?? { event_id: row.event_id, key: row[key], n: 0 };
      entry.n += Number(row.n);
      totals.set(id, entry);
    }
    return [...totals.values()];
  };
  const foldedOf = new Map(folded.map((row) => [`${row.event_id}\u0000${row.key}`, Number(row.n)]));
  const staff = staffRows.map((row) => ({
    ...row,
    n: Number(row.n) - (foldedOf.get(`${row.event_id}\u0000${row.key}`) ?? 0),
  }));
  const assetTitles = new Map(assets.map((row) => [row.id, row.title]));
  const deviceNames = new Map(devices.map((row) => [row.id, row.name]));
  const bySource = slicesBy(sum('source'));
  const byDevice = slicesBy(sum('device'), deviceNames);
  const byProvince = slicesBy(sum('province'));
  const byStaff = slicesBy(staff);
  const byAsset = slicesBy(downloads, assetTitles);

  const leadsOf = new Map<string, number>();
  for (const row of people) {
    leadsOf.set(row.event_id, (leadsOf.get(row.event_id) ?? 0) + Number(row.n));
  }

  return events.map((event) => {
    const counted = counts.get(event.id) ?? { ...EMPTY_COUNTS, sals: 0 };
    const funnel = { ...counted, leads: leadsOf.get(event.id) ?? 0 };
    return {
      eventId: event.id,
      name: event.name,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
      timeZone: zone,
      funnel: {
        registered: funnel.registered,
        checkedIn: funnel.checkedIn,
        leads: funnel.leads,
        mqls: funnel.mqls,
        sals: funnel.sals,
        sqls: funnel.sqls,
      },
      roi: computeRoi(event.cost, withoutSals(funnel)),
      checkInsPerHour: checkInHours(quartersByEvent.get(event.id) ?? [], zone),
      leadsBySource: bySource.get(event.id) ?? [],
      leadsByDevice: byDevice.get(event.id) ?? [],
      leadsByStaff: byStaff.get(event.id) ?? [],
      downloadsByAsset: byAsset.get(event.id) ?? [],
      leadsByProvince: byProvince.get(event.id) ?? [],
    };
  });
}
