// Sync benchmarks (issue 5), run by `npm run bench` through tsx: one JSON line per figure on
// stdout, each against a baseline measured in the same run. Logs go to stderr.
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { COLLECTIONS, toStoreJsonSchema } from '../src/shared/collections';
import { newId } from '../src/shared/ids';
import { createPerson } from '../src/shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  type Interaction,
  type Person,
} from '../src/shared/schemas';
import { createStaticServer } from '../scripts/static-server.mjs';
import { startPool, startPouchServer, type RunningServer } from './pool-processes';

const INTERACTIONS = Number(process.env.LEADPOND_BENCH_INTERACTIONS ?? 10_000);
const PEOPLE = Number(process.env.LEADPOND_BENCH_PEOPLE ?? 100_000);
const CHROMIUM = process.env.LEADPOND_CHROMIUM ?? '/usr/bin/chromium';
const DEVICES = 50;
const PUSHES_PER_DEVICE = 10;
const PUSH_BATCH = 100;
const ADMIN_TOKEN = `lpu_bench-${newId()}`;

const log = (...parts: unknown[]) => console.error('[bench:sync]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
const ratioOf = (n: number) => Math.round(n * 10_000) / 10_000;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function api<T>(
  pool: RunningServer,
  path: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${pool.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** An event and `count` devices enrolled for it, as booth staff would with codes. */
async function enrollDevices(pool: RunningServer, count: number) {
  const { event } = await api<{ event: { id: string } }>(pool, '/events', ADMIN_TOKEN, {
    name: 'Bench expo',
    startsOn: '2026-11-25',
    endsOn: '2026-11-26',
  });
  const codes: string[] = [];
  while (codes.length < count) {
    const batch = Math.min(50, count - codes.length);
    const issued = await api<{ codes: { code: string }[] }>(
      pool,
      `/events/${event.id}/enrollment-codes`,
      ADMIN_TOKEN,
      { count: batch },
    );
    codes.push(...issued.codes.map((c) => c.code));
  }
  const tokens: string[] = [];
  // The last code stays unused: the fresh booth in Chromium enrolls with it.
  const spareCode = codes.pop()!;
  for (const code of codes) {
    const enrolled = await api<{ token: string }>(pool, '/devices/enroll', '', { code });
    tokens.push(enrolled.token);
  }
  return { eventId: event.id, tokens, spareCode };
}

function syntheticInteractions(eventId: string, deviceId: string, count: number): Interaction[] {
  const at = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: newId(),
    eventId,
    personId: newId(),
    type: i % 3 === 0 ? 'checked_in' : 'badge_scanned',
    deviceId,
    staffId: 'bench',
    occurredAt: at + i,
    data: { booth: 'B-2', note: `scan ${i}` },
    updatedAt: at + i,
  }));
}

/**
 * A device's local store holding `docs`, not yet replicated anywhere. One instance only: a
 * multi-instance database opens broadcast-channel's unix-socket servers (/tmp/pubkey.bc), which
 * kept this process alive after the last figure until it was killed.
 */
async function deviceWith(docs: Interaction[]): Promise<RxCollection<Interaction>> {
  const db = await createRxDatabase({
    name: `bench${newId().replaceAll('-', '')}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  const { interactions } = await db.addCollections({
    interactions: {
      schema: toStoreJsonSchema(COLLECTIONS.interactions) as unknown as RxJsonSchema<Interaction>,
    },
  });
  await interactions.bulkInsert(docs);
  return interactions as RxCollection<Interaction>;
}

/** Push-only replication of a collection to the pool, through the pool's sync protocol. */
function pushToPool(collection: RxCollection<Interaction>, pool: RunningServer, token: string) {
  return replicateRxCollection<Interaction, unknown>({
    collection,
    replicationIdentifier: `bench-pool-${pool.url}`,
    live: false,
    retryTime: 1000,
    push: {
      batchSize: 500,
      async handler(rows) {
        const response = await fetch(`${pool.url}/api/v1/sync/interactions/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(rows),
        });
        if (!response.ok) throw new Error(`push ${response.status}`);
        return (await response.json()) as (Interaction & { _deleted: boolean })[];
      },
    },
  });
}

async function timeReplication(state: {
  awaitInitialReplication(): Promise<void>;
  cancel(): Promise<unknown>;
  error$: { subscribe(fn: (error: unknown) => void): { unsubscribe(): void } };
}): Promise<number> {
  const errors = state.error$.subscribe((error) => log('replication error', String(error)));
  const start = performance.now();
  await state.awaitInitialReplication();
  const ms = performance.now() - start;
  errors.unsubscribe();
  await state.cancel();
  return ms;
}

async function countOnPool(pool: RunningServer, token: string): Promise<number> {
  let checkpoint: unknown = null;
  let count = 0;
  for (;;) {
    const query = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : '';
    const page = await api<{ documents: unknown[]; checkpoint: unknown }>(
      pool,
      `/sync/interactions/pull?limit=1000${query}`,
      token,
    );
    if (page.documents.length === 0) return count;
    count += page.documents.length;
    checkpoint = page.checkpoint;
  }
}

async function benchPushThroughput(
  pool: RunningServer,
  couch: RunningServer,
  eventId: string,
  token: string,
) {
  log(`push ${INTERACTIONS} interactions from one device: pool vs CouchDB replication`);
  const docs = syntheticInteractions(eventId, 'bench-device', INTERACTIONS);
  const poolDevice = await deviceWith(docs);
  const poolMs = await timeReplication(pushToPool(poolDevice, pool, token));
  await poolDevice.database.close();
  const arrived = await countOnPool(pool, token);
  if (arrived !== INTERACTIONS) throw new Error(`pool holds ${arrived} of ${INTERACTIONS}`);

  await fetch(`${couch.url}/interactions`, { method: 'PUT' });
  const couchDevice = await deviceWith(docs);
  const couchMs = await timeReplication(
    replicateCouchDB({
      collection: couchDevice,
      replicationIdentifier: 'bench-couch',
      url: `${couch.url}/interactions/`,
      live: false,
      push: { batchSize: 500 },
    }),
  );
  await couchDevice.database.close();
  const info = (await (await fetch(`${couch.url}/interactions`)).json()) as { doc_count: number };
  if (info.doc_count !== INTERACTIONS) throw new Error(`couch holds ${info.doc_count}`);
  const poolRate = INTERACTIONS / (poolMs / 1000);
  const couchRate = INTERACTIONS / (couchMs / 1000);
  emit({
    name: 'sync_push_10k_interactions_docs_per_s',
    value: round(poolRate),
    unit: 'docs/s',
    ms: round(poolMs),
    n: INTERACTIONS,
    goal: '>= 2x baseline',
    baseline: 'rxdb_couchdb_replication_to_pouchdb_server_docs_per_s',
    baseline_value: round(couchRate),
    baseline_ms: round(couchMs),
    ratio: ratioOf(poolRate / couchRate),
  });
}

/** Each device pushes PUSHES_PER_DEVICE batches back to back; returns every request's latency. */
async function pushLatencies(
  pool: RunningServer,
  eventId: string,
  tokens: string[],
): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    tokens.map(async (token, device) => {
      for (let i = 0; i < PUSHES_PER_DEVICE; i++) {
        const rows = syntheticInteractions(eventId, `bench-${device}`, PUSH_BATCH).map((doc) => ({
          newDocumentState: { ...doc, _deleted: false },
          assumedMasterState: null,
        }));
        const start = performance.now();
        const response = await fetch(`${pool.url}/api/v1/sync/interactions/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(rows),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - start);
        if (!response.ok) throw new Error(`push ${response.status}`);
      }
    }),
  );
  return latencies;
}

async function benchConcurrentDevices(pool: RunningServer, eventId: string, tokens: string[]) {
  log(`${DEVICES} devices pushing at once vs one device alone`);
  const [alone, ...others] = tokens;
  const single = await pushLatencies(pool, eventId, [alone!]);
  const concurrent = await pushLatencies(pool, eventId, others.slice(0, DEVICES));
  const p95 = percentile(concurrent, 95);
  const baseline = percentile(single, 95);
  emit({
    name: 'sync_push_p95_ms_50_concurrent_devices',
    value: round(p95),
    p50: round(percentile(concurrent, 50)),
    unit: 'ms',
    n: concurrent.length,
    docs_per_push: PUSH_BATCH,
    baseline: 'sync_push_p95_ms_one_device',
    baseline_value: round(baseline),
    ratio: ratioOf(p95 / baseline),
  });
}

function syntheticPeople(eventId: string, from: number, count: number): Person[] {
  const at = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return createPerson(
      newId(),
      eventId,
      {
        ...EMPTY_PERSON_INPUT,
        name: `参会者${i}`,
        phone: `+86139${String(10_000_000 + i).slice(-8)}`,
        email: `guest${i}@example.cn`,
        company: ['华为技术', '腾讯科技', 'Acme Corp', '比亚迪'][i % 4]!,
        title: ['工程师', '经理', 'Director'][i % 3]!,
      },
      NO_CONSENT,
      { source: 'import', deviceId: 'bench-seed', at },
    );
  });
}

/** The event's attendees, uploaded by a device in push batches (identity resolution included). */
async function seedPeople(pool: RunningServer, eventId: string, token: string) {
  log(`seeding ${PEOPLE} people into the pool`);
  for (let from = 0; from < PEOPLE; from += 500) {
    const rows = syntheticPeople(eventId, from, Math.min(500, PEOPLE - from)).map((doc) => ({
      newDocumentState: { ...doc, _deleted: false },
      assumedMasterState: null,
    }));
    const response = await fetch(`${pool.url}/api/v1/sync/people/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });
    if (!response.ok) throw new Error(`seed push ${response.status} ${await response.text()}`);
  }
}

/** A fresh booth in Chromium enrolls and pulls the whole event through the app's sync engine. */
async function benchFirstPull(pool: RunningServer, code: string) {
  log(`first pull of ${PEOPLE} people to a fresh device in Chromium`);
  const server = createStaticServer({ '/bench/': 'dist-bench', '/': 'dist-web' });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: JSON.parse(readFileSync('e2e/chromium-flags.json', 'utf8')) as string[],
    headless: true,
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') log('page:', message.text());
    });
    await page.goto(`${origin}/bench/pull-bench.html`);
    await page.waitForFunction(() => 'runFirstPull' in globalThis);
    const pulled = await page.evaluate(
      (input) =>
        (
          globalThis as unknown as {
            runFirstPull(i: typeof input): Promise<{
              ms: number;
              enrolledMs: number;
              progress: number[];
              queryMs: number[];
              people: number;
              sample: Person[];
            }>;
          }
        ).runFirstPull(input),
      { poolUrl: pool.url, code },
    );
    log(
      `enrolled after ${Math.round(pulled.enrolledMs)} ms; people held after each second: ${pulled.progress.join(', ')}`,
    );
    log(
      `a count of the people, asked each second: ${pulled.queryMs.map(Math.round).join(', ')} ms`,
    );
    if (pulled.people !== PEOPLE)
      throw new Error(`device holds ${pulled.people} of ${PEOPLE} people`);
    const local = await page.evaluate(
      (input) =>
        (
          globalThis as unknown as {
            runLocalInsert(i: typeof input): Promise<{ ms: number }>;
          }
        ).runLocalInsert(input),
      { sample: pulled.sample, count: PEOPLE },
    );
    emit({
      name: 'sync_first_pull_100k_people_ms',
      value: round(pulled.ms),
      unit: 'ms',
      goal: 30_000,
      people: pulled.people,
      // How long the app's queries waited meanwhile (a count, asked each second).
      query_during_pull_p95_ms: round(percentile(pulled.queryMs, 95)),
      query_during_pull_max_ms: round(Math.max(...pulled.queryMs)),
      baseline: 'local_bulk_insert_same_count_ms',
      baseline_value: round(local.ms),
      ratio: ratioOf(pulled.ms / local.ms),
    });
  } finally {
    await browser.close();
    server.close();
  }
}

async function main() {
  const pool = await startPool(ADMIN_TOKEN);
  const couch = await startPouchServer();
  try {
    if (process.env.LEADPOND_BENCH_SKIP_PUSH !== '1') {
      const { eventId, tokens } = await enrollDevices(pool, DEVICES + 2);
      if (process.env.LEADPOND_BENCH_SKIP_THROUGHPUT !== '1') {
        await benchPushThroughput(pool, couch, eventId, tokens[0]!);
      }
      await benchConcurrentDevices(pool, eventId, tokens);
    }
    if (process.env.LEADPOND_BENCH_SKIP_PULL !== '1') {
      // An event of its own, so the fresh device pulls exactly its attendees.
      const attendees = await enrollDevices(pool, 2);
      await seedPeople(pool, attendees.eventId, attendees.tokens[0]!);
      await benchFirstPull(pool, attendees.spareCode);
    }
  } finally {
    await pool.stop();
    await couch.stop();
  }
}

main().catch((error: unknown) => {
  log('failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
