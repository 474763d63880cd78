import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../shared/intelligence';
import { closeTestStores, openTestDatabase } from '../store/testing';
import { loadIntelligence } from '../store/intelligence-config';
import { createSyncEngine, type SyncEngine } from './engine';
import { FakePool, fakeNetwork, memoryTokenStore, poolEvent, TEST_SYNC_OPTIONS } from './testing';

const engines: SyncEngine[] = [];
afterEach(async () => {
  while (engines.length) await engines.pop()?.stop();
  await closeTestStores();
});

const CODE = 'BOOTH-7Q2K';

const demoOnly: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  mql: { anyOf: [{ kind: 'fact', types: ['demo_requested'] }] },
};

function engineFor(
  db: Awaited<ReturnType<typeof openTestDatabase>>,
  pool: FakePool,
  tokens = memoryTokenStore(),
) {
  const network = fakeNetwork();
  const engine = createSyncEngine({
    db,
    transport: pool,
    tokenStore: tokens,
    clock: () => Date.now(),
    network,
    options: { ...TEST_SYNC_OPTIONS, intelligenceRefreshMs: null },
  });
  engines.push(engine);
  return { engine, network, tokens };
}

describe("the pool's intelligence config on the booth", () => {
  it("is the default before enrolling, the pool's after, and follows a change on sync", async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    pool.intelligenceAnswer = { revision: 3, config: demoOnly };
    const db = await openTestDatabase(`intel-${newId()}`);
    const { engine } = engineFor(db, pool);
    await engine.start();
    expect(await loadIntelligence(db)).toEqual({
      config: DEFAULT_CONFIG,
      revision: null,
      fetchedAt: null,
    });
    expect(pool.intelligenceFetches).toBe(0);

    await engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await vi.waitFor(async () =>
      expect(await loadIntelligence(db)).toMatchObject({ revision: 3, config: demoOnly }),
    );

    const hotOnly: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      mql: { anyOf: [{ kind: 'rating', ratings: ['hot'] }] },
    };
    pool.intelligenceAnswer = { revision: 4, config: hotOnly };
    engine.syncNow();
    await vi.waitFor(async () =>
      expect(await loadIntelligence(db)).toMatchObject({ revision: 4, config: hotOnly }),
    );
    await vi.waitFor(() => expect(engine.getStatus().state).toBe('synced'), { timeout: 5000 });
  });

  it('keeps the cached config offline, across a restart, and when the pool sends one it cannot read', async () => {
    const event = poolEvent();
    const pool = new FakePool(event.id);
    pool.addCode(CODE);
    pool.write('events', { ...event, _deleted: false });
    pool.intelligenceAnswer = { revision: 2, config: demoOnly };
    const name = `intel-${newId()}`;
    const db = await openTestDatabase(name);
    const tokens = memoryTokenStore();
    const first = engineFor(db, pool, tokens);
    await first.engine.start();
    await first.engine.enroll({ poolUrl: FakePool.URL, code: CODE });
    await vi.waitFor(async () => expect((await loadIntelligence(db)).revision).toBe(2));
    // Stopped once its replications have started: RxDB's upstream, cancelled while it is still
    // starting, leaves an unhandled EmptyError behind (its own firstValueFrom on `canceled`).
    await vi.waitFor(() => expect(first.engine.getStatus().state).toBe('synced'), {
      timeout: 5000,
    });
    await first.engine.stop();

    // The venue network is down when the booth starts again: it scores by revision 2.
    pool.online = false;
    const second = engineFor(db, pool, tokens);
    await second.engine.start();
    const fetchesOffline = pool.intelligenceFetches;
    second.engine.syncNow();
    expect(await loadIntelligence(db)).toMatchObject({ revision: 2, config: demoOnly });

    // Back online, the pool answers garbage: the booth keeps what it had, and asked for it.
    pool.online = true;
    pool.intelligenceAnswer = { revision: 5, config: { version: 99, grading: 'all A' } };
    second.network.setOnline(true);
    await vi.waitFor(() => expect(pool.intelligenceFetches).toBeGreaterThan(fetchesOffline));
    await vi.waitFor(async () => {
      second.engine.syncNow();
      expect(pool.intelligenceFetches).toBeGreaterThan(fetchesOffline + 1);
    });
    expect(await loadIntelligence(db)).toMatchObject({ revision: 2, config: demoOnly });
    // Nothing left in flight when the store closes.
    await vi.waitFor(() => expect(second.engine.getStatus().state).toBe('synced'), {
      timeout: 5000,
    });
  });
});
