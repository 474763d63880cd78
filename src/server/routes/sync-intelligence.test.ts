import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type IntelligenceConfig } from '../../shared/intelligence';
import { IntelligenceSyncResponseSchema } from '../../shared/sync';
import { saveConfig } from '../services/intelligence-config';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** What a booth receives, read as the booth reads it (shared schema, then the engine's parser). */
async function boothView(pool: TestPool, token: string) {
  const response = await pool.app.inject({
    url: '/api/v1/sync/intelligence',
    headers: bearer(token),
  });
  expect(response.statusCode).toBe(200);
  const answer = IntelligenceSyncResponseSchema.parse(response.json());
  const parsed = parseConfig(answer.config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return { revision: answer.revision, config: parsed.config };
}

describe('GET /sync/intelligence', () => {
  let pool: TestPool;
  let deviceA: string;
  let deviceB: string;

  beforeAll(async () => {
    pool = await startTestPool();
    deviceA = await enrollDevice(pool, (await createEvent(pool, { name: 'A' })).id);
    deviceB = await enrollDevice(pool, (await createEvent(pool, { name: 'B' })).id);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('gives a device the default as revision 0, then each saved revision, the same for every event', async () => {
    expect(await boothView(pool, deviceA)).toEqual({ revision: 0, config: DEFAULT_CONFIG });

    const stricter: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      mql: { anyOf: [{ kind: 'fitAndScore', grade: 'A', minScore: 80 }] },
    };
    const saved = await pool.db.transaction((tx) =>
      saveConfig(tx, stricter, 0, 'marketing-1', Date.now()),
    );
    expect(saved.ok).toBe(true);

    expect(await boothView(pool, deviceA)).toEqual({ revision: 1, config: stricter });
    expect(await boothView(pool, deviceB)).toEqual({ revision: 1, config: stricter });
  });

  it('answers admin and marketing users, refuses sales and strangers', async () => {
    const marketing = await createUser(pool, 'marketing');
    const sales = await createUser(pool, 'sales');
    expect((await boothView(pool, pool.adminToken)).revision).toBeGreaterThanOrEqual(0);
    expect((await boothView(pool, marketing.token)).revision).toBeGreaterThanOrEqual(0);
    const refused = await pool.app.inject({
      url: '/api/v1/sync/intelligence',
      headers: bearer(sales.token),
    });
    expect(refused.statusCode).toBe(403);
    expect(JSON.stringify(refused.json())).not.toContain('grading');
    const anonymous = await pool.app.inject({ url: '/api/v1/sync/intelligence' });
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.stringify(anonymous.json())).not.toContain('grading');
  });
});
