// Runs in Chromium on the app's origin: a fresh booth enrolls with a real pool and pulls its
// event through the app's own sync engine; the baseline writes the same documents into a fresh
// local store with no network in between.
import { newId } from '../src/shared/ids';
import type { Person } from '../src/shared/schemas';
import { createWebTokenStore } from '../src/renderer/platform/index.web';
import { openLeadDatabase } from '../src/renderer/store/database';
import { createSyncEngine } from '../src/renderer/sync/engine';
import { createFetchTransport } from '../src/renderer/sync/transport';

async function runFirstPull({ poolUrl, code }: { poolUrl: string; code: string }) {
  const db = await openLeadDatabase({ name: `pull-bench-${newId()}` });
  const engine = createSyncEngine({
    db,
    transport: createFetchTransport({ fetch: window.fetch.bind(window), EventSource }),
    tokenStore: createWebTokenStore(sessionStorage),
    clock: Date.now,
    options: { waitForLeadership: false },
  });
  await engine.start();
  const start = performance.now();
  // How many people had arrived after each second: shows where the time goes. Sampled, since a
  // live count query would re-count the whole collection after every write and slow the pull.
  // Each sample also times its query: staff keep searching while a first pull runs.
  const progress: number[] = [];
  const queryMs: number[] = [];
  const sampling = setInterval(() => {
    const asked = performance.now();
    void db.people
      .count()
      .exec()
      .then((count) => {
        progress.push(count);
        queryMs.push(performance.now() - asked);
      });
  }, 1000);
  await engine.enroll({ poolUrl, code });
  const enrolledMs = performance.now() - start;
  await engine.awaitInSync();
  const ms = performance.now() - start;
  clearInterval(sampling);
  const people = await db.people.count().exec();
  const sample = (await db.people.find({ limit: 5000 }).exec()).map(
    (doc) => doc.toJSON() as Person,
  );
  await engine.stop();
  await db.remove();
  return { ms, enrolledMs, progress, queryMs, people, sample };
}

/** The floor: the same number of people bulk-inserted into a fresh store, no network at all. */
async function runLocalInsert({ sample, count }: { sample: Person[]; count: number }) {
  const db = await openLeadDatabase({ name: `pull-bench-local-${newId()}` });
  const docs: Person[] = Array.from({ length: count }, (_, i) => ({
    ...sample[i % sample.length]!,
    id: newId(),
  }));
  const start = performance.now();
  for (let i = 0; i < docs.length; i += 1000) await db.people.bulkInsert(docs.slice(i, i + 1000));
  const ms = performance.now() - start;
  await db.remove();
  return { ms };
}

Object.assign(window, { runFirstPull, runLocalInsert });
