// Sync benchmarks (issue 5), run by `npm run bench` through tsx: one JSON line per figure on
// stdout, each against a baseline measured in the same run. Logs go to stderr.
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { COLLECTIONS, toStoreJsonSchema } from '../src/shared/collections';
import { newId } from '../src/shared/ids';
import type { Interaction } from '../src/shared/schemas';
import { startPool, startPouchServer, type RunningServer } from './pool-processes';

const INTERACTIONS = Number(process.env.LEADPOND_BENCH_INTERACTIONS ?? 10_000);
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
  for (const code of codes) {
    const enrolled = await api<{ token: string }>(pool, '/devices/enroll', '', { code });
    tokens.push(enrolled.token);
  }
  return { eventId: event.id, tokens };
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

/** A device's local store holding `docs`, not yet replicated anywhere. */
async function deviceWith(docs: Interaction[]): Promise<RxCollection<Interaction>> {
  const db = await createRxDatabase({
    name: `bench${newId().replaceAll('-', '')}`,
    storage: getRxStorageMemory(),
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
  const poolMs = await timeReplication(pushToPool(await deviceWith(docs), pool, token));
  const arrived = await countOnPool(pool, token);
  if (arrived !== INTERACTIONS) throw new Error(`pool holds ${arrived} of ${INTERACTIONS}`);

  await fetch(`${couch.url}/interactions`, { method: 'PUT' });
  const couchMs = await timeReplication(
    replicateCouchDB({
      collection: await deviceWith(docs),
      replicationIdentifier: 'bench-couch',
      url: `${couch.url}/interactions/`,
      live: false,
      push: { batchSize: 500 },
    }),
  );
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

async function main() {
  const pool = await startPool(ADMIN_TOKEN);
  const couch = await startPouchServer();
  try {
    const { eventId, tokens } = await enrollDevices(pool, DEVICES + 1);
    await benchPushThroughput(pool, couch, eventId, tokens[0]!);
    await benchConcurrentDevices(pool, eventId, tokens);
  } finally {
    await pool.stop();
    await couch.stop();
  }
}

main().catch((error: unknown) => {
  log('failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
