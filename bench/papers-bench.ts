// White-paper request cost on the push path (issue 6): `npx tsx bench/papers-bench.ts`. One JSON
// line per figure on stdout, against a baseline measured in the same run: pushing batches of
// plain interactions vs. batches where every interaction is a content_requested (each one gets a
// download token and a queued mail inside the push transaction). Logs go to stderr.
import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Interaction } from '../src/shared/schemas';
import { contentRequest, pdfBytes, uploadAsset } from '../src/server/routes/assets.test-kit';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { startTestPool, testDeviceToken, type TestPool } from '../src/server/testing';

const BATCHES = Number(process.env.LEADPOND_BENCH_PAPER_BATCHES ?? 40);
const BATCH = 100;

const log = (...parts: unknown[]) => console.error('[bench:papers]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function pushTimes(
  pool: TestPool,
  token: string,
  make: () => Interaction,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    const payload = Array.from({ length: BATCH }, () => ({
      newDocumentState: { ...make(), _deleted: false },
    }));
    const started = performance.now();
    const response = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/interactions/push',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(response.body);
  }
  return times;
}

/**
 * People with an email on record, pushed before the timing starts: a link is mailed only to the
 * requesting person's own address, so every request needs a real requester.
 */
async function pushRequesters(
  pool: TestPool,
  token: string,
  eventId: string,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const people = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) =>
      createPerson(
        newId(),
        eventId,
        {
          ...EMPTY_PERSON_INPUT,
          name: `Reader ${start + i}`,
          email: `reader-${newId()}@example.com`,
        },
        NO_CONSENT,
        { source: 'staff', deviceId: 'bench', at: Date.now() },
      ),
    );
    const response = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/people/push',
      headers: { authorization: `Bearer ${token}` },
      payload: people.map((person) => ({ newDocumentState: { ...person, _deleted: false } })),
    });
    if (response.statusCode !== 200) throw new Error(response.body);
    ids.push(...people.map((person) => person.id));
  }
  return ids;
}

async function main(): Promise<void> {
  const pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
  try {
    const event = await createEvent(pool);
    const upload = await uploadAsset(pool, event.id, 'Bench paper', pdfBytes('bench'));
    const assetId = (upload.json() as { asset: { id: string } }).asset.id;
    const token = await testDeviceToken(pool.db, event.id);
    log(`pushing ${BATCHES * BATCH} requesters first (not timed)`);
    const readers = await pushRequesters(pool, token, event.id, BATCHES * BATCH);
    let next = 0;
    const reader = () => readers[next++ % readers.length] ?? '';
    const checkIn = (): Interaction => ({
      ...contentRequest(event.id, reader(), assetId),
      type: 'checked_in',
      data: {},
    });
    const request = () => contentRequest(event.id, reader(), assetId);
    // Warm-up: the first pushes pay for PGlite's caches and Fastify's schema compilation.
    await pushTimes(pool, token, checkIn);
    log(`pushing ${BATCHES} batches of ${BATCH} interactions, twice`);
    const baseline = await pushTimes(pool, token, checkIn);
    const requests = await pushTimes(pool, token, request);
    const queued = await pool.db.query<{ n: number }>('select count(*)::int as n from mail_outbox');
    log(`mail rows queued: ${queued[0]?.n}`);
    for (const p of [50, 95]) {
      const base = percentile(baseline, p);
      const value = percentile(requests, p);
      emit({
        figure: `push of ${BATCH} content_requested (token + queued mail each), p${p}`,
        unit: 'ms',
        value: round(value),
        baseline: { figure: `push of ${BATCH} checked_in interactions, p${p}`, value: round(base) },
        ratio: round(value / base),
        backend: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      });
    }
  } finally {
    await pool.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
