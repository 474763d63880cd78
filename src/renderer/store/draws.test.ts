import { afterEach, describe, expect, it } from 'vitest';
import { DrawWonDataSchema } from '../../shared/attendee/interaction-data';
import { seededRandomSource, verifyDrawAudit, type DrawInput } from '../../shared/draws';
import { EMPTY_PERSON_INPUT } from '../../shared/schemas';
import {
  completeWinFacts,
  createDraw,
  deleteDraw,
  drawEntrants,
  runDraw,
  updateDraw,
  winFactsOf,
} from './draws';
import { recordInteraction, registerAttendee } from './leads';
import { closeTestStores, openStore, testContext } from './testing';

afterEach(closeTestStores);

const INPUT: DrawInput = {
  name: '展会幸运抽奖',
  prizes: [
    { name: '一等奖', quantity: 1 },
    { name: '二等奖', quantity: 3 },
  ],
  eligibility: {
    requiredInteractions: ['checked_in'],
    excludePreviousWinners: true,
    requireMarketingConsent: false,
  },
};

async function storeWithAttendees(count: number, checkedIn: number) {
  const store = await openStore();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const registered = await registerAttendee(
      store.ctx,
      store.event,
      { ...EMPTY_PERSON_INPUT, name: `访客${i}`, phone: `1380013${String(i).padStart(4, '0')}` },
      { source: 'staff', consentGranted: true, requireConsent: false },
    );
    if (!registered.ok) throw new Error('registration failed');
    const id = registered.value.person.id;
    ids.push(id);
    if (i < checkedIn) {
      await recordInteraction(store.ctx, {
        eventId: store.event.id,
        personId: id,
        type: 'checked_in',
      });
    }
  }
  return { ...store, ids };
}

describe('draws on the device', () => {
  it('creates a draw owned by this device and validates the input', async () => {
    const { ctx, event } = await openStore();
    const bad = await createDraw(ctx, event.id, {
      ...INPUT,
      name: ' ',
      prizes: [{ name: 'x', quantity: 0 }],
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: { name: 'errors.required', 'prizes.0.quantity': 'errors.prizeQuantity' },
    });
    const created = await createDraw(ctx, event.id, INPUT);
    if (!created.ok) throw new Error('not created');
    expect(created.draw).toMatchObject({
      ownerDeviceId: 'dev-1',
      status: 'open',
      audit: null,
      prizes: [
        { id: 'p1', name: '一等奖', quantity: 1 },
        { id: 'p2', name: '二等奖', quantity: 3 },
      ],
    });
  });

  it('runs once among the checked-in: unique winners within quantities, draw_won facts, a verifiable audit', async () => {
    const { ctx, event, ids } = await storeWithAttendees(12, 9);
    const created = await createDraw(ctx, event.id, INPUT);
    if (!created.ok) throw new Error('not created');
    expect(await drawEntrants(ctx.db, created.draw)).toHaveLength(9);

    const result = await runDraw(ctx, created.draw.id);
    if (!result.ok) throw new Error(result.reason);
    expect(result.draw.status).toBe('drawn');
    expect(verifyDrawAudit(result.audit)).toEqual({
      ok: true,
      entrants: 9,
      winners: 4,
      unawarded: [],
    });
    const winners = result.audit.winners.map((w) => w.personId);
    expect(new Set(winners).size).toBe(4);
    for (const id of winners) expect(ids.slice(0, 9)).toContain(id);

    const facts = await winFactsOf(ctx.db, result.draw);
    expect(facts.map((f) => f.personId).sort()).toEqual([...winners].sort());
    expect(facts.map((f) => DrawWonDataSchema.parse(f.data).prizeName).sort()).toEqual([
      '一等奖',
      '二等奖',
      '二等奖',
      '二等奖',
    ]);
    const stored = await ctx.db.draws.findOne(created.draw.id).exec();
    expect(stored?.toJSON().audit).toEqual(result.audit);

    // Once only: a second run is refused and writes nothing.
    expect(await runDraw(ctx, created.draw.id)).toEqual({ ok: false, reason: 'already_drawn' });
    expect(await winFactsOf(ctx.db, result.draw)).toHaveLength(4);
    // A completion after a cut-short run adds nothing twice.
    expect(await completeWinFacts(ctx, result.draw)).toBe(0);

    // A second draw leaves the first one's winners out.
    const second = await createDraw(ctx, event.id, { ...INPUT, name: '第二轮' });
    if (!second.ok) throw new Error('not created');
    const entrants = await drawEntrants(ctx.db, second.draw);
    expect(entrants).toHaveLength(5);
    for (const id of winners) expect(entrants).not.toContain(id);
  });

  it('refuses to run a draw another device owns, whatever the UI shows', async () => {
    const { db, ctx, event } = await storeWithAttendees(3, 3);
    const created = await createDraw(ctx, event.id, INPUT);
    if (!created.ok) throw new Error('not created');
    const otherDevice = testContext(db, 'dev-2');
    expect(await runDraw(otherDevice, created.draw.id)).toEqual({ ok: false, reason: 'not_owner' });
    const stored = await db.draws.findOne(created.draw.id).exec();
    expect(stored?.toJSON()).toMatchObject({ status: 'open', audit: null });
    expect(await winFactsOf(db, created.draw)).toHaveLength(0);
    // The owner's run, replayed with a recorded source, is the documented algorithm.
    const run = await runDraw(ctx, created.draw.id, { random: seededRandomSource(7) });
    expect(run.ok).toBe(true);
    // Facts are completed only by the device that ran it.
    if (run.ok) expect(await completeWinFacts(otherDevice, run.draw)).toBe(0);
  });

  it('refuses a draw with no entrants and an unknown draw', async () => {
    const { ctx, event } = await storeWithAttendees(2, 0);
    const created = await createDraw(ctx, event.id, INPUT);
    if (!created.ok) throw new Error('not created');
    expect(await runDraw(ctx, created.draw.id)).toEqual({ ok: false, reason: 'no_entrants' });
    expect(await runDraw(ctx, '01935f4e-0000-7000-8000-000000000999')).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('edits and deletes a draw not yet run, on its owner device only; a drawn one stays as it ran', async () => {
    const { db, ctx, event } = await storeWithAttendees(3, 3);
    const created = await createDraw(ctx, event.id, INPUT);
    const doomed = await createDraw(ctx, event.id, { ...INPUT, name: '要删除的' });
    if (!created.ok || !doomed.ok) throw new Error('not created');
    const otherDevice = testContext(db, 'dev-2');
    const edit = { ...INPUT, name: '改过的抽奖', prizes: [{ name: '唯一大奖', quantity: 2 }] };

    expect(await updateDraw(otherDevice, created.draw.id, edit)).toEqual({
      ok: false,
      reason: 'not_owner',
    });
    expect(await deleteDraw(otherDevice, doomed.draw.id)).toEqual({
      ok: false,
      reason: 'not_owner',
    });
    expect(await updateDraw(ctx, created.draw.id, { ...edit, name: '' })).toMatchObject({
      ok: false,
      errors: { name: 'errors.required' },
    });
    const edited = await updateDraw(ctx, created.draw.id, edit);
    expect(edited).toMatchObject({
      ok: true,
      draw: { name: '改过的抽奖', prizes: [{ id: 'p1', name: '唯一大奖', quantity: 2 }] },
    });
    expect((await db.draws.findOne(created.draw.id).exec())?.toJSON()).toMatchObject({
      name: '改过的抽奖',
      ownerDeviceId: 'dev-1',
      status: 'open',
    });

    // A deleted draw is a tombstone: gone from the store's queries, kept for replication.
    expect(await deleteDraw(ctx, doomed.draw.id)).toEqual({ ok: true });
    expect(await db.draws.findOne(doomed.draw.id).exec()).toBeNull();
    const tombstones = await db.draws.storageInstance.findDocumentsById([doomed.draw.id], true);
    expect(tombstones[0]).toMatchObject({ id: doomed.draw.id, _deleted: true });
    expect(await runDraw(ctx, doomed.draw.id)).toEqual({ ok: false, reason: 'not_found' });

    // Once run, neither edit nor delete: the audit and the winners stand.
    const ran = await runDraw(ctx, created.draw.id);
    if (!ran.ok) throw new Error(ran.reason);
    expect(await updateDraw(ctx, created.draw.id, INPUT)).toEqual({
      ok: false,
      reason: 'already_drawn',
    });
    expect(await deleteDraw(ctx, created.draw.id)).toEqual({ ok: false, reason: 'already_drawn' });
    expect((await db.draws.findOne(created.draw.id).exec())?.toJSON()).toMatchObject({
      name: '改过的抽奖',
      status: 'drawn',
    });
  });
});
