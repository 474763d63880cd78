import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conductDraw, DrawSchema, seededRandomSource, type Draw } from '../../shared/draws';
import { newId } from '../../shared/ids';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';

// Pool tests share a loaded machine with other suites: be patient, never assert on time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

type WireDraw = Draw & { _deleted: boolean };

describe('draw replication: one owning device', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  });
  afterAll(async () => {
    await pool.close();
  });

  const push = (token: string, rows: unknown) =>
    pool.app.inject({
      method: 'POST',
      url: '/api/v1/sync/draws/push',
      headers: { authorization: `Bearer ${token}` },
      payload: rows as object,
    });
  const pullAll = async (token: string): Promise<WireDraw[]> => {
    const response = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/sync/draws/pull?limit=100',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { documents: WireDraw[] }).documents;
  };

  const draw = (eventId: string, ownerDeviceId: string): WireDraw => ({
    ...DrawSchema.parse({
      id: newId(),
      eventId,
      name: '幸运抽奖',
      prizes: [{ id: 'p1', name: '一等奖', quantity: 1 }],
      eligibility: {
        requiredInteractions: ['checked_in'],
        excludePreviousWinners: true,
        requireMarketingConsent: false,
      },
      ownerDeviceId,
      status: 'open',
      audit: null,
      createdAt: 1,
      updatedAt: 1,
    }),
    _deleted: false,
  });

  it('makes the creating device the owner, takes its changes, and answers any other device with the master', async () => {
    const eventId = newId();
    const tokenA = await testDeviceToken(pool.db, eventId, 'A');
    const tokenB = await testDeviceToken(pool.db, eventId, 'B');
    const [deviceA] = await pool.db.query<{ id: string }>(
      `select id from devices where name = 'A' and event_id = $1`,
      [eventId],
    );

    // A's draw claims some other owner: the pool records the device that pushed it.
    const created = draw(eventId, 'whoever');
    expect(
      (await push(tokenA, [{ newDocumentState: created, assumedMasterState: null }])).json(),
    ).toEqual([]);
    const [master] = await pullAll(tokenB);
    expect(master).toMatchObject({ id: created.id, ownerDeviceId: deviceA?.id, status: 'open' });
    if (!master) throw new Error('no master');

    // B (synced, same event) tries to run it: the pool keeps A's draw and returns it.
    const byB = { ...master, name: 'B 改的', status: 'drawn' as const, updatedAt: 2 };
    const conflicts = await push(tokenB, [{ newDocumentState: byB, assumedMasterState: master }]);
    expect(conflicts.statusCode).toBe(200);
    expect(conflicts.json()).toEqual([master]);
    expect((await pullAll(tokenA))[0]).toEqual(master);

    // The owner's change is taken; it cannot give the draw away.
    const byA = { ...master, name: '改名', ownerDeviceId: 'B', updatedAt: 3 };
    expect(
      (await push(tokenA, [{ newDocumentState: byA, assumedMasterState: master }])).json(),
    ).toEqual([]);
    expect((await pullAll(tokenB))[0]).toMatchObject({ name: '改名', ownerDeviceId: deviceA?.id });
  });

  it('takes a drawn draw only with its own audit, and only an audit that verifies', async () => {
    const eventId = newId();
    const token = await testDeviceToken(pool.db, eventId, 'A');
    const created = draw(eventId, 'A');
    await push(token, [{ newDocumentState: created, assumedMasterState: null }]);
    const [master] = await pullAll(token);
    if (!master) throw new Error('no master');
    const entrants = Array.from({ length: 20 }, () => newId());
    const audit = conductDraw({
      draw: master,
      entrantIds: entrants,
      random: seededRandomSource(11),
      drawnAt: 2,
      deviceId: master.ownerDeviceId,
    });
    const drawn = (changes: Partial<Draw>) => ({
      ...master,
      status: 'drawn' as const,
      audit,
      updatedAt: 2,
      ...changes,
    });

    const tampered = {
      ...audit,
      winners: [
        {
          ...audit.winners[0]!,
          personId: entrants.find((id) => id !== audit.winners[0]!.personId)!,
        },
      ],
    };
    for (const [doc, reason] of [
      [drawn({ audit: null }), /needs its audit record/],
      [drawn({ audit: tampered }), /does not verify: winner 1 differs/],
      [drawn({ audit: { ...audit, drawId: newId() } }), /belongs to another draw/],
      [{ ...master, audit }, /an open draw has no audit yet/],
    ] as const) {
      const response = await push(token, [{ newDocumentState: doc, assumedMasterState: master }]);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(reason);
    }
    expect((await pullAll(token))[0]).toEqual(master);

    const honest = drawn({});
    expect(
      (await push(token, [{ newDocumentState: honest, assumedMasterState: master }])).json(),
    ).toEqual([]);
    expect((await pullAll(token))[0]).toEqual(honest);
  });

  it("takes the owner's edit and delete of a draw not yet run (a tombstone others pull), and nobody's change to a drawn draw", async () => {
    const eventId = newId();
    const tokenA = await testDeviceToken(pool.db, eventId, 'A');
    const tokenB = await testDeviceToken(pool.db, eventId, 'B');
    const doomed = draw(eventId, 'A');
    const kept = draw(eventId, 'A');
    await push(tokenA, [
      { newDocumentState: doomed, assumedMasterState: null },
      { newDocumentState: kept, assumedMasterState: null },
    ]);
    const masters = new Map((await pullAll(tokenB)).map((doc) => [doc.id, doc]));
    const doomedMaster = masters.get(doomed.id)!;
    const keptMaster = masters.get(kept.id)!;

    // B deletes A's draw: refused, the draw stays for everyone.
    const byB = { ...doomedMaster, _deleted: true, updatedAt: 2 };
    expect(
      (await push(tokenB, [{ newDocumentState: byB, assumedMasterState: doomedMaster }])).json(),
    ).toEqual([doomedMaster]);
    // A edits one and deletes the other: both taken; B pulls the edit and the tombstone.
    const edited = {
      ...keptMaster,
      prizes: [
        { id: 'p1', name: '一等奖', quantity: 1 },
        { id: 'p2', name: '二等奖', quantity: 2 },
      ],
      updatedAt: 3,
    };
    const deleted = { ...doomedMaster, _deleted: true, updatedAt: 3 };
    expect(
      (
        await push(tokenA, [
          { newDocumentState: edited, assumedMasterState: keptMaster },
          { newDocumentState: deleted, assumedMasterState: doomedMaster },
        ])
      ).json(),
    ).toEqual([]);
    const after = new Map((await pullAll(tokenB)).map((doc) => [doc.id, doc]));
    expect(after.get(kept.id)?.prizes).toHaveLength(2);
    expect(after.get(doomed.id)).toMatchObject({ _deleted: true });

    // Once drawn, the owner itself can neither reopen, rename nor delete it.
    const audit = conductDraw({
      draw: edited,
      entrantIds: Array.from({ length: 5 }, () => newId()),
      random: seededRandomSource(3),
      drawnAt: 4,
      deviceId: keptMaster.ownerDeviceId,
    });
    const drawn = { ...edited, status: 'drawn' as const, audit, updatedAt: 4 };
    expect(
      (await push(tokenA, [{ newDocumentState: drawn, assumedMasterState: edited }])).json(),
    ).toEqual([]);
    const [drawnMaster] = (await pullAll(tokenA)).filter((doc) => doc.id === kept.id);
    for (const change of [
      { ...drawnMaster!, status: 'open' as const, audit: null, updatedAt: 5 },
      { ...drawnMaster!, name: '改名', updatedAt: 5 },
      { ...drawnMaster!, _deleted: true, updatedAt: 5 },
    ]) {
      expect(
        (
          await push(tokenA, [{ newDocumentState: change, assumedMasterState: drawnMaster }])
        ).json(),
      ).toEqual([drawnMaster]);
    }
    expect((await pullAll(tokenB)).find((doc) => doc.id === kept.id)).toEqual(drawnMaster);
  });
});
