import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { createPoolServer } from '../app';
import { openPostgres } from '../db/postgres';
import type { SqlDatabase } from '../db/sql';
import { bearer, createUser, enrollDevice } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { openScene, personOf, push, type Scene } from './security.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * Long enough to tell the revocation notice from the 15-second heartbeat's own re-check: a stream
 * that ends within this was ended by the notice.
 */
const NOTICE_WAIT_MS = 8_000;

interface LiveStream {
  /** Every frame received so far, raw. */
  frames: string[];
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

async function openStream(url: string, token: string): Promise<LiveStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: bearer(token), signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no stream body');
  const frames: string[] = [];
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        frames.push(...decoder.decode(value).split('\n\n').filter(Boolean));
      }
    } catch {
      // Aborted by close(): the test let go of it.
    }
  })();
  await expect.poll(() => frames.join('')).toContain('RESYNC');
  return { frames, ended, close: () => controller.abort() };
}

const endsWithin = (stream: LiveStream, ms: number) =>
  Promise.race([
    stream.ended.then(() => 'ended'),
    new Promise((resolve) => setTimeout(() => resolve('still open'), ms)),
  ]);

/** Finding 7 of issue 11: a revoked device's open live stream kept delivering new people. */
describe('attack: a revoked device (or user) keeps listening', () => {
  let pool: TestPool;
  let scene: Scene;
  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
    scene = await openScene(pool);
  });
  afterAll(async () => {
    await pool.close();
  });

  const deviceIdOf = async (token: string) =>
    (await pool.app.inject({ url: '/api/v1/devices/me', headers: bearer(token) })).json()
      .deviceId as string;

  it('revoking a device ends all its open streams, and no person captured after reaches it', async () => {
    const { eventA } = scene;
    const lost = await enrollDevice(pool, eventA.id);
    const colleague = await enrollDevice(pool, eventA.id);
    const combined = await openStream(`${pool.url}/api/v1/sync/stream?collections=people`, lost);
    const single = await openStream(`${pool.url}/api/v1/sync/people/stream`, lost);
    const before = personOf(eventA.id, { name: '撤销前', phone: '13500000001' });
    expect((await push(pool, colleague, 'people', [before])).statusCode).toBe(200);
    await expect.poll(() => combined.frames.join('')).toContain('撤销前');

    const revoked = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${await deviceIdOf(lost)}/revoke`,
      headers: bearer(pool.adminToken),
    });
    expect(revoked.statusCode).toBe(200);
    expect(await endsWithin(combined, NOTICE_WAIT_MS)).toBe('ended');
    expect(await endsWithin(single, NOTICE_WAIT_MS)).toBe('ended');

    const after = personOf(eventA.id, { name: '撤销后', phone: '13500000002' });
    expect((await push(pool, colleague, 'people', [after])).statusCode).toBe(200);
    const seen = [...combined.frames, ...single.frames].join('');
    expect(seen).not.toContain('撤销后');
    expect(seen).not.toContain('+8613500000002');
    // And it cannot come back for more.
    const again = await fetch(`${pool.url}/api/v1/sync/stream?collections=people`, {
      headers: bearer(lost),
    });
    expect(again.status).toBe(401);
    // The colleague's own stream is untouched.
    const colleagueStream = await openStream(`${pool.url}/api/v1/sync/people/stream`, colleague);
    expect(await endsWithin(colleagueStream, 500)).toBe('still open');
    colleagueStream.close();
  });

  it('revoking a user ends the streams that user opened', async () => {
    const { eventA } = scene;
    const marketing = await createUser(pool, 'marketing');
    const stream = await openStream(
      `${pool.url}/api/v1/sync/stream?collections=people&eventId=${eventA.id}`,
      marketing.token,
    );
    const revoked = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/users/${marketing.id}/revoke`,
      headers: bearer(pool.adminToken),
    });
    expect(revoked.statusCode).toBe(200);
    expect(await endsWithin(stream, NOTICE_WAIT_MS)).toBe('ended');
    const after = personOf(eventA.id, { name: '用户撤销后', phone: '13500000003' });
    expect((await push(pool, scene.deviceA, 'people', [after])).statusCode).toBe(200);
    expect(stream.frames.join('')).not.toContain('用户撤销后');
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'a revocation on one pool instance ends the streams held by another (PostgreSQL)',
    async () => {
      const [row] = await pool.db.query<{ schema: string }>('select current_schema() as schema');
      const url = String(process.env.DATABASE_URL);
      const separator = url.includes('?') ? '&' : '?';
      const db2: SqlDatabase = await openPostgres(
        `${url}${separator}options=-c%20search_path%3D${String(row?.schema)}`,
      );
      const other = await createPoolServer({
        db: db2,
        clock: Date.now,
        newId,
        publicUrl: () => '',
      });
      try {
        await other.listen({ port: 0, host: '127.0.0.1' });
        const address = other.server.address();
        const otherUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const { eventA } = scene;
        const lost = await enrollDevice(pool, eventA.id);
        const colleague = await enrollDevice(pool, eventA.id);
        // The device streams from the second instance; the admin revokes on the first.
        const stream = await openStream(`${otherUrl}/api/v1/sync/stream?collections=people`, lost);
        const revoked = await pool.app.inject({
          method: 'POST',
          url: `/api/v1/devices/${await deviceIdOf(lost)}/revoke`,
          headers: bearer(pool.adminToken),
        });
        expect(revoked.statusCode).toBe(200);
        expect(await endsWithin(stream, NOTICE_WAIT_MS)).toBe('ended');
        const after = personOf(eventA.id, { name: '跨实例撤销后', phone: '13500000004' });
        expect((await push(pool, colleague, 'people', [after])).statusCode).toBe(200);
        expect(stream.frames.join('')).not.toContain('跨实例撤销后');
      } finally {
        await other.close();
        await db2.close();
      }
    },
  );
});
