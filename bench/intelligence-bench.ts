// Lead intelligence in the pool (issue 12): `npm run bench -- intelligence`, or
// `npx tsx bench/intelligence-bench.ts`; on PostgreSQL with
// `node scripts/with-postgres.mjs npm run bench -- intelligence`. One JSON line per figure on
// stdout, each against a baseline of the same run:
// - the decay pass rescoring every customer (100k customers with 1M facts by default), against a
//   plain select of the same rows (the floor: what reading alone costs);
// - a device's push of 100 facts with scoring on ingest, against the same push with it off;
// - the shared engine alone in Node: facts scored per second, against reading them back.
// The big data set is seeded with bulk SQL (through the API it would take hours). Logs go to
// stderr.
import { newId } from '../src/shared/ids';
import { assessLead, DAY_MS, DEFAULT_CONFIG } from '../src/shared/intelligence';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Interaction } from '../src/shared/schemas';
import { createPoolServer } from '../src/server/app';
import { ensureAdmin } from '../src/server/auth';
import type { SqlDatabase } from '../src/server/db/sql';
import { loadScoringCustomers } from '../src/server/services/scoring-inputs';
import { createScoringWorker } from '../src/server/services/scoring-worker';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { SIZES, TITLES, seedCustomers } from './intelligence-seed';
import {
  openTestDatabase,
  TEST_ADMIN_TOKEN,
  testDeviceToken,
  type TestPool,
} from '../src/server/testing';

const CUSTOMERS = Number(process.env.LEADPOND_BENCH_CUSTOMERS ?? 100_000);
const FACTS_PER_CUSTOMER = Number(process.env.LEADPOND_BENCH_FACTS_PER_CUSTOMER ?? 10);
const PUSHES = Number(process.env.LEADPOND_BENCH_PUSHES ?? 30);
const BATCH = 100;
const NOW = Date.now();

const log = (...parts: unknown[]) => console.error('[bench:intelligence]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

async function rescoreFigures(db: SqlDatabase, backend: string): Promise<void> {
  log(`seeding ${CUSTOMERS} customers with ${CUSTOMERS * FACTS_PER_CUSTOMER} facts (bulk SQL)`);
  log(
    `seeded in ${round(await seconds(() => seedCustomers(db, CUSTOMERS, FACTS_PER_CUSTOMER, NOW)))} s`,
  );

  // The floor: the same rows read with plain selects, nothing computed or written.
  const floor = await seconds(async () => {
    await db.query(
      `select id, profile, manual_tags, stage from customers where merged_into is null`,
    );
    await db.query(`select person_id, customer_id from customer_people`);
    await db.query(
      `select data->>'personId', id, data->>'type', data->>'occurredAt' from documents
        where collection = 'interactions' and not deleted`,
    );
  });
  const worker = createScoringWorker({ db, clock: () => NOW, newId, batchSize: 1000 });
  let scored = 0;
  const rescore = await seconds(async () => {
    scored = await worker.runOnce();
  });
  await worker.stop();
  const [check] = await db.query<{ n: number; mql: number }>(
    `select count(*)::int as n, count(*) filter (where stage = 'MQL')::int as mql
       from customers where scored_at = $1`,
    [NOW],
  );
  log(
    `rescored ${scored} customers (${check?.n} written, ${check?.mql} MQL) in ${round(rescore)} s`,
  );
  emit({
    figure: `decay pass: rescore ${CUSTOMERS} customers with ${CUSTOMERS * FACTS_PER_CUSTOMER} facts`,
    unit: 's',
    value: round(rescore),
    baseline: { figure: 'plain select of the same rows', value: round(floor) },
    ratio: round(rescore / floor),
    goal: backend === 'pglite' ? '< 10 s' : 'report',
    backend,
  });

  // The next day: the pass proper, every customer scored before and most of them due again
  // (no config change, few promotions), against the same floor.
  const nextDay = NOW + DAY_MS;
  const [due] = await db.query<{ n: number }>(
    'select count(*)::int as n from customers where merged_into is null and rescore_at <= $1',
    [nextDay],
  );
  const nextWorker = createScoringWorker({ db, clock: () => nextDay, newId, batchSize: 1000 });
  const nextPass = await seconds(() => nextWorker.runOnce());
  await nextWorker.stop();
  log(`next day: ${due?.n} due, rescored in ${round(nextPass)} s`);
  emit({
    figure: `decay pass the next day: ${due?.n} of ${CUSTOMERS} customers due`,
    unit: 's',
    value: round(nextPass),
    baseline: { figure: 'plain select of the same rows', value: round(floor) },
    ratio: round(nextPass / floor),
    backend,
  });

  // The engine alone: the same inputs already in memory, assessed again and again.
  const sample = await loadScoringCustomers(
    db,
    Array.from({ length: 2000 }, (_, i) => `c${String(i).padStart(7, '0')}`),
    [],
    { lock: false },
  );
  const facts = sample.reduce((sum, c) => sum + c.input.facts.length, 0);
  let rounds = 0;
  const started = performance.now();
  while (performance.now() - started < 3000) {
    for (const customer of sample) assessLead(customer.input, DEFAULT_CONFIG, NOW);
    rounds++;
  }
  const engineSeconds = (performance.now() - started) / 1000;
  const read = await seconds(() =>
    loadScoringCustomers(
      db,
      sample.map((c) => c.id),
      [],
      { lock: false },
    ),
  );
  emit({
    figure: 'shared engine alone (assessLead in Node): facts scored per second',
    unit: 'facts/s',
    value: Math.round((facts * rounds) / engineSeconds),
    baseline: {
      figure: 'facts read per second from the pool for scoring',
      value: Math.round(facts / read),
    },
    ratio: round((facts * rounds) / engineSeconds / (facts / read)),
    customersPerSecond: Math.round((sample.length * rounds) / engineSeconds),
    backend,
  });
}

/** A push of 100 facts about 100 customers who each have history, with scoring on and off. */
async function pushFigures(db: SqlDatabase, backend: string): Promise<void> {
  await ensureAdmin(db, TEST_ADMIN_TOKEN, NOW, newId);
  const apps = await Promise.all(
    [true, false].map((scoreOnIngest) =>
      createPoolServer({
        db,
        clock: Date.now,
        newId,
        publicUrl: () => 'http://127.0.0.1',
        rateLimitPerMinute: 1_000_000,
        scoreOnIngest,
      }),
    ),
  );
  const [scoring, plain] = apps as [TestPool['app'], TestPool['app']];
  const pool = { app: scoring, adminToken: TEST_ADMIN_TOKEN } as TestPool;
  const event = await createEvent(pool, { name: 'Push bench' });
  const device = await testDeviceToken(db, event.id);
  // Groups of 100 visitors, each push about one group: every customer keeps a booth-sized
  // history (a handful of facts) instead of piling up one more fact per push.
  const GROUPS = 10;
  const groups = Array.from({ length: GROUPS }, (_, g) =>
    Array.from({ length: BATCH }, (_, i) => {
      const n = g * BATCH + i;
      return createPerson(
        newId(),
        event.id,
        {
          ...EMPTY_PERSON_INPUT,
          name: `访客${n}`,
          phone: `+86137${String(10_000_000 + n).slice(-8)}`,
          title: TITLES[n % TITLES.length]!,
          companySize: SIZES[n % SIZES.length]!,
        },
        NO_CONSENT,
        { source: 'staff', deviceId: 'bench', at: Date.now() },
      );
    }),
  );
  const factsFor = (people: readonly { id: string }[], type: Interaction['type']): Interaction[] =>
    people.map((p) => ({
      id: newId(),
      eventId: event.id,
      personId: p.id,
      type,
      deviceId: 'bench',
      staffId: 'bench',
      occurredAt: Date.now() - 3 * DAY_MS,
      data: {},
      updatedAt: Date.now(),
    }));
  const pushTo = async (app: TestPool['app'], collection: string, docs: object[]) => {
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: { authorization: `Bearer ${device}` },
      payload: docs.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
    });
    if (response.statusCode !== 200) throw new Error(response.body);
    return performance.now() - started;
  };
  for (const people of groups) {
    await pushTo(scoring, 'people', people);
    // Each customer arrives with some history, as a returning visitor has.
    for (const type of ['registered', 'checked_in', 'badge_scanned', 'content_downloaded'] as const)
      await pushTo(scoring, 'interactions', factsFor(people, type));
  }
  // Warm-up of both apps (schema compilation, caches).
  for (let i = 0; i < 3; i++) {
    await pushTo(scoring, 'interactions', factsFor(groups[0]!, 'draw_entered'));
    await pushTo(plain, 'interactions', factsFor(groups[1]!, 'draw_entered'));
  }
  log(`pushing ${PUSHES} batches of ${BATCH} facts to each, alternating`);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < PUSHES; i++) {
    // Alternated, so drift (caches, table growth) falls on both alike.
    const group = (k: number) => groups[k % GROUPS]!;
    on.push(await pushTo(scoring, 'interactions', factsFor(group(2 * i), 'content_requested')));
    off.push(await pushTo(plain, 'interactions', factsFor(group(2 * i + 1), 'content_requested')));
  }
  for (const p of [50, 95]) {
    const value = percentile(on, p);
    const base = percentile(off, p);
    emit({
      figure: `push of ${BATCH} facts about ${BATCH} customers with scoring on ingest, p${p}`,
      unit: 'ms',
      value: round(value),
      baseline: { figure: `the same push with scoring on ingest off, p${p}`, value: round(base) },
      ratio: round(value / base),
      addedMs: round(value - base),
      goal: p === 95 ? '< 20 ms added' : undefined,
      backend,
    });
  }
  await Promise.all(apps.map((app) => app.close()));
}

async function main(): Promise<void> {
  const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  // One database for both parts: the push part's hundred customers do not matter beside 100k.
  const db = await openTestDatabase();
  try {
    await pushFigures(db, backend);
    await rescoreFigures(db, backend);
  } finally {
    // A listener the apps left open can hold the connection pool; do not wait for it forever.
    await Promise.race([db.close(), new Promise((done) => setTimeout(done, 5000))]);
  }
}

main().then(
  // The pool's listeners may keep the event loop alive after close; the figures are out.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
