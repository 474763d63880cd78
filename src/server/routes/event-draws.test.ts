import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventDrawsResponse } from '../../shared/api';
import { conductDraw, DrawSchema, seededRandomSource, verifyDrawAudit } from '../../shared/draws';
import { newId } from '../../shared/ids';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('the pool app reads an event’s draws', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  const get = (url: string, token = pool.adminToken) =>
    pool.app.inject({ method: 'GET', url, headers: bearer(token) });
  const push = (token: string, rows: unknown) =>
    pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/draws/push',
      headers: bearer(token),
      payload: rows as object,
    });

  it('lists synced draws with their owner and audit summary, and serves a drawn draw’s audit as a file', async () => {
    const event = await createEvent(pool, { name: '抽奖展会' });
    const other = await createEvent(pool, { name: 'Other' });
    const device = await enrollDevice(pool, event.id);
    const open = DrawSchema.parse({
      id: newId(),
      eventId: event.id,
      name: '幸运抽奖',
      prizes: [{ id: 'p1', name: '一等奖', quantity: 2 }],
      eligibility: {
        requiredInteractions: ['checked_in'],
        excludePreviousWinners: true,
        requireMarketingConsent: false,
      },
      ownerDeviceId: 'whoever',
      status: 'open',
      audit: null,
      createdAt: 1,
      updatedAt: 1,
    });
    const second = { ...open, id: newId(), name: '第二轮', createdAt: 2, updatedAt: 2 };
    expect(
      (
        await push(device, [
          { newDocumentState: { ...open, _deleted: false }, assumedMasterState: null },
          { newDocumentState: { ...second, _deleted: false }, assumedMasterState: null },
        ])
      ).json(),
    ).toEqual([]);
    const pulled = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/sync/draws/pull?limit=10',
      headers: bearer(device),
    });
    const master = (pulled.json() as { documents: (typeof open & { _deleted: boolean })[] })
      .documents[0]!;
    const entrants = Array.from({ length: 7 }, () => newId());
    const audit = conductDraw({
      draw: master,
      entrantIds: entrants,
      random: seededRandomSource(5),
      drawnAt: 1_800_000_000_000,
      deviceId: master.ownerDeviceId,
    });
    const drawn = { ...master, status: 'drawn' as const, audit, updatedAt: 3 };
    expect(
      (await push(device, [{ newDocumentState: drawn, assumedMasterState: master }])).json(),
    ).toEqual([]);

    const listed = await get(`/api/v1/events/${event.id}/draws`);
    expect(listed.statusCode).toBe(200);
    const body = listed.json() as EventDrawsResponse;
    expect(body.draws.map((d) => d.name)).toEqual(['幸运抽奖', '第二轮']);
    expect(body.draws[0]).toMatchObject({
      status: 'drawn',
      ownerDeviceId: master.ownerDeviceId,
      ownerDeviceName: expect.stringMatching(/^Booth-/),
      drawnAt: 1_800_000_000_000,
      entrants: 7,
      winners: 2,
      auditVerified: true,
    });
    expect(body.draws[1]).toMatchObject({
      status: 'open',
      drawnAt: null,
      winners: null,
      auditVerified: null,
    });
    // Another event's list does not show them.
    expect(
      ((await get(`/api/v1/events/${other.id}/draws`)).json() as EventDrawsResponse).draws,
    ).toEqual([]);

    const file = await get(`/api/v1/events/${event.id}/draws/${master.id}/audit`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="draw-audit-${master.id}.json"`,
    );
    const downloaded: unknown = JSON.parse(file.body);
    expect(downloaded).toEqual(audit);
    expect(verifyDrawAudit(downloaded).ok).toBe(true);

    // An open draw has no audit yet; a draw of another event is not found through this one.
    expect((await get(`/api/v1/events/${event.id}/draws/${second.id}/audit`)).statusCode).toBe(404);
    expect((await get(`/api/v1/events/${other.id}/draws/${master.id}/audit`)).statusCode).toBe(404);
    // Sales may not read draws.
    const sales = await createUser(pool, 'sales');
    expect((await get(`/api/v1/events/${event.id}/draws`, sales.token)).statusCode).toBe(403);
  });
});
