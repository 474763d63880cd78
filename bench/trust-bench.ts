// The cost of the trust rules on the push path (issue 11): `npm run bench -- trust`, or
// `npx tsx bench/trust-bench.ts`. One JSON line per figure on stdout, each against the same
// run's baseline — a device pushing batches of 100 interactions:
// - 100 new people (scope, normalization, clamped clocks, key look-ups, new customers);
// - 100 people who all match existing customers of another event by phone, with agreeing names
//   (evidence is judged for each, then they are linked: the returning-visitor case);
// - 100 people whose phones match existing customers under other names (each becomes a customer
//   of its own plus a possible duplicate: the attack, or the typo, case).
// Logs go to stderr.
import { pinyin } from 'pinyin-pro';
import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Interaction } from '../src/shared/schemas';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { startTestPool, testDeviceToken, type TestPool } from '../src/server/testing';

const BATCHES = Number(process.env.LEADPOND_BENCH_TRUST_BATCHES ?? 20);
const BATCH = 100;

const log = (...parts: unknown[]) => console.error('[bench:trust]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const phoneOf = (n: number) => `+86139${String(10_000_000 + n).slice(-8)}`;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];
const nameOf = (n: number) =>
  `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / 10) % GIVEN.length]}${GIVEN[Math.floor(n / 120) % GIVEN.length]}`;

const person = (eventId: string, n: number, name = nameOf(n)) =>
  createPerson(
    newId(),
    eventId,
    { ...EMPTY_PERSON_INPUT, name, phone: phoneOf(n), company: `公司${n}` },
    NO_CONSENT,
    { source: 'staff', deviceId: 'bench', at: Date.now() },
  );

async function pushBatches(
  pool: TestPool,
  token: string,
  collection: string,
  batches: object[][],
): Promise<number[]> {
  const times: number[] = [];
  for (const batch of batches) {
    const payload = batch.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } }));
    const started = performance.now();
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/sync/${collection}/push`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(response.body);
  }
  return times;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function main(): Promise<void> {
  const pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
  const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  try {
    const past = await createEvent(pool, { name: 'Past' });
    const today = await createEvent(pool);
    const warm = await createEvent(pool, { name: 'Warm-up' });
    const pastDevice = await testDeviceToken(pool.db, past.id);
    const device = await testDeviceToken(pool.db, today.id);
    const warmDevice = await testDeviceToken(pool.db, warm.id);
    // Existing customers: two per measured person (one for each matching figure).
    const existing = BATCHES * BATCH * 2;
    log(`seeding ${existing} customers of a past event`);
    for (let from = 0; from < existing; from += 500) {
      await pushBatches(pool, pastDevice, 'people', [
        range(from, 500).map((n) => person(past.id, n)),
      ]);
    }
    // The baseline's facts are about people of today's event (a fact about another event's
    // person would be refused, and cost less).
    const regulars = range(900_000, BATCH).map((n) => person(today.id, n));
    await pushBatches(pool, device, 'people', [regulars]);
    const seeded = regulars.map((doc) => doc.id);
    const facts = (): Interaction[] =>
      seeded.map((personId) => ({
        id: newId(),
        eventId: today.id,
        personId,
        type: 'checked_in',
        deviceId: 'bench',
        staffId: 'bench',
        occurredAt: Date.now(),
        data: {},
        updatedAt: Date.now(),
      }));
    const batches = <T>(make: (batch: number) => T[]) => range(0, BATCHES).map(make);
    // Warm-up: PGlite's caches and Fastify's schema compilation.
    await pushBatches(pool, warmDevice, 'people', [
      range(0, BATCH).map((n) => person(warm.id, 1_000_000 + n)),
    ]);
    await pushBatches(pool, device, 'interactions', batches(facts));

    log(`pushing ${BATCHES} batches of ${BATCH}: interactions, new people, matching people`);
    const baseline = await pushBatches(pool, device, 'interactions', batches(facts));
    const fresh = await pushBatches(
      pool,
      device,
      'people',
      batches((b) => range(500_000 + b * BATCH, BATCH).map((n) => person(today.id, n))),
    );
    const matching = await pushBatches(
      pool,
      device,
      'people',
      batches((b) =>
        range(b * BATCH, BATCH).map((n) => {
          // Every other one in pinyin: the name comparison is part of the cost.
          const doc = person(today.id, n);
          return n % 2 === 0 ? doc : { ...doc, name: pinyin(doc.name, { toneType: 'none' }) };
        }),
      ),
    );
    const contradicting = await pushBatches(
      pool,
      device,
      'people',
      batches((b) =>
        range(BATCHES * BATCH + b * BATCH, BATCH).map((n) => person(today.id, n, `冒名${n}`)),
      ),
    );
    const linked = await pool.db.query<{ n: number }>(
      `select count(distinct cp.customer_id)::int as n from customer_people cp
        where cp.event_id = $1`,
      [today.id],
    );
    const queued = await pool.db.query<{ n: number }>(
      `select count(*)::int as n from possible_duplicates where event_id = $1`,
      [today.id],
    );
    log(`customers at today's event: ${linked[0]?.n}; possible duplicates: ${queued[0]?.n}`);

    const figures: [string, number[]][] = [
      [`push of ${BATCH} new people`, fresh],
      [`push of ${BATCH} people all matching existing customers (names agree: linked)`, matching],
      [
        `push of ${BATCH} people all matching existing customers under other names (queued)`,
        contradicting,
      ],
    ];
    for (const p of [50, 95]) {
      const base = percentile(baseline, p);
      for (const [figure, times] of figures) {
        const value = percentile(times, p);
        emit({
          figure: `${figure}, p${p}`,
          unit: 'ms',
          value: round(value),
          baseline: {
            figure: `push of ${BATCH} checked_in interactions, p${p}`,
            value: round(base),
          },
          ratio: round(value / base),
          backend,
        });
      }
    }
  } finally {
    await pool.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
