import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../db/sql';
import { openTestDatabase } from '../testing';
import { loadEventCounts } from './event-roi';
import { countNewFacts, rebuildEventSummaries } from './event-summary';

/**
 * The dashboards' person counts are counters kept at ingest plus a correction for folded people.
 * Checked against the distinct counts worked out from scratch (what the dashboard read before the
 * counters): facts arriving in any batches, again and again, both kinds in one batch, folds.
 */
const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const TYPES = ['registered', 'checked_in', 'draw_entered', 'badge_scanned'] as const;
const EVENTS = ['e1', 'e2'];

const factArbitrary = fc.record({
  eventId: fc.constantFrom(...EVENTS),
  personId: fc.constantFrom(...PEOPLE),
  type: fc.constantFrom(...TYPES),
  drawId: fc.constantFrom('d1', 'd2'),
  staffId: fc.constantFrom('s1', 's2'),
});
type Fact = typeof factArbitrary extends fc.Arbitrary<infer F> ? F : never;

async function fromScratch(db: SqlDatabase) {
  const rows = await db.query<{
    event_id: string;
    registered: number;
    checked_in: number;
    draw_entries: number;
  }>(
    `with facts as (
       select distinct e.event_id, e.type, e.detail, coalesce(r.to_id, e.person_id) as person_id
         from event_person_facts e left join person_redirects r on r.from_id = e.person_id
        where e.type in ('registered', 'checked_in', 'draw_entered')),
     registrants as (select event_id, person_id from facts where type = 'registered')
     select f.event_id,
            count(*) filter (where f.type = 'registered')::int as registered,
            count(*) filter (where f.type = 'checked_in' and r.person_id is not null)::int
              as checked_in,
            count(*) filter (where f.type = 'draw_entered')::int as draw_entries
       from facts f left join registrants r
         on f.type = 'checked_in' and r.event_id = f.event_id and r.person_id = f.person_id
      group by f.event_id`,
  );
  return Object.fromEntries(
    EVENTS.map((id) => {
      const row = rows.find((r) => r.event_id === id);
      return [
        id,
        {
          registered: Number(row?.registered ?? 0),
          checkedIn: Number(row?.checked_in ?? 0),
          drawEntries: Number(row?.draw_entries ?? 0),
        },
      ];
    }),
  );
}

async function kept(db: SqlDatabase) {
  const counts = await loadEventCounts(db, EVENTS, { countLeads: false });
  return Object.fromEntries(
    EVENTS.map((id) => {
      const c = counts.get(id);
      return [
        id,
        { registered: c?.registered, checkedIn: c?.checkedIn, drawEntries: c?.drawEntries },
      ];
    }),
  );
}

describe('dashboard person counters', () => {
  let db: SqlDatabase;
  let n = 0;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const write = (fact: Fact) => ({
    id: `f${n++}`,
    eventId: fact.eventId,
    deleted: false,
    data: {
      type: fact.type,
      personId: fact.personId,
      staffId: fact.staffId,
      occurredAt: 1_700_000_000_000,
      data: fact.type === 'draw_entered' ? { drawId: fact.drawId } : {},
    },
  });

  it('equal the counts from scratch after any batches and folds, and after a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(factArbitrary, { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        // Folds within an event: loser → survivor, flat as identity keeps them.
        fc.array(
          fc.tuple(
            fc.constantFrom(...EVENTS),
            fc.constantFrom(...PEOPLE),
            fc.constantFrom(...PEOPLE),
          ),
          {
            maxLength: 3,
          },
        ),
        async (batches, folds) => {
          for (const table of [
            'event_fact_counts',
            'event_person_facts',
            'event_staff_people',
            'person_redirects',
          ]) {
            await db.exec(`delete from ${table}`);
          }
          // A person's facts in a real pool are at their own event: keep ids per event.
          const scoped = (fact: Fact) => ({
            ...fact,
            personId: `${fact.eventId}-${fact.personId}`,
          });
          for (const batch of batches) await countNewFacts(db, batch.map(scoped).map(write));
          const survivors = new Set<string>();
          const losers = new Set<string>();
          for (const [eventId, from, to] of folds) {
            const loser = `${eventId}-${from}`;
            const survivor = `${eventId}-${to}`;
            if (
              loser === survivor ||
              losers.has(survivor) ||
              survivors.has(loser) ||
              losers.has(loser)
            )
              continue;
            losers.add(loser);
            survivors.add(survivor);
            await db.query(
              `insert into person_redirects (from_id, to_id, event_id, at) values ($1, $2, $3, 0)`,
              [loser, survivor, eventId],
            );
          }
          expect(await kept(db)).toEqual(await fromScratch(db));
          const staff = await db.query<{ key: string; n: number }>(
            `select event_id || '/' || key as key, n::int as n from event_fact_counts
              where kind = 'staff_people' order by 1`,
          );
          const staffRows = await db.query<{ key: string; n: number }>(
            `select event_id || '/' || staff_id as key, count(*)::int as n from event_staff_people
              group by 1 order by 1`,
          );
          expect(staff).toEqual(staffRows);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('are counted again by a rebuild', async () => {
    await db.exec(`delete from event_fact_counts where kind <> 'type'`);
    await db.query(
      `insert into documents (collection, id, event_id, seq, data, received_at)
      values ('interactions', 'r1', 'e1', 1, $1, 0), ('interactions', 'r2', 'e1', 2, $2, 0)`,
      [
        JSON.stringify({ type: 'registered', personId: 'e1-x', staffId: 's1', occurredAt: 1 }),
        JSON.stringify({ type: 'checked_in', personId: 'e1-x', staffId: 's1', occurredAt: 2 }),
      ],
    );
    await db.exec('delete from person_redirects');
    await rebuildEventSummaries(db, ['e1']);
    expect((await kept(db)).e1).toEqual({ registered: 1, checkedIn: 1, drawEntries: 0 });
    expect((await kept(db)).e1).toEqual((await fromScratch(db)).e1);
  });
});
