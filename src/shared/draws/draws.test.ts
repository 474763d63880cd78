import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntrants,
  conductDraw,
  conductDrawBy,
  DrawAuditSchema,
  DrawSchema,
  eligibleEntrants,
  entrantListHash,
  maskName,
  maskPhone,
  maskedLabel,
  prizesShortOf,
  totalPrizeQuantity,
  unawardedPrizes,
  recordingSource,
  resolveDrawConflict,
  seededRandomSource,
  selectWinners,
  uniformBelow,
  buildWinnerTable,
  verifyDrawAudit,
  type Draw,
  type DrawAudit,
  type Prize,
  type RandomSource,
} from './index';
import { createPerson } from '../person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type InteractionType } from '../schemas';

const DRAW_ID = '01935f4e-0000-7000-8000-000000000001';
const EVENT_ID = '01935f4e-0000-7000-8000-0000000000e1';
const OTHER_EVENT = '01935f4e-0000-7000-8000-0000000000e2';

function personId(n: number): string {
  return `01935f4e-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A source replaying arbitrary uint32s, then a seeded tail so a selection always finishes. */
function sourceOf(values: readonly number[], seed: number): RandomSource {
  const tail = seededRandomSource(seed);
  let i = 0;
  return { nextUint32: () => (i < values.length ? (values[i++] as number) : tail.nextUint32()) };
}

const prizesArb = fc
  .array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 })
  .map((quantities): Prize[] =>
    quantities.map((quantity, i) => ({ id: `p${i + 1}`, name: `奖品${i + 1}`, quantity })),
  );
const entrantsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 0, maxLength: 80 })
  .map((ns) => canonicalEntrants(ns.map(personId)));
const uint32s = fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { maxLength: 40 });

function drawOf(prizes: Prize[]) {
  return {
    id: DRAW_ID,
    eventId: EVENT_ID,
    name: '幸运抽奖',
    prizes,
    eligibility: {
      requiredInteractions: ['checked_in' as const],
      excludePreviousWinners: true,
      requireMarketingConsent: false,
    },
  };
}

function audited(entrants: string[], prizes: Prize[], random: RandomSource): DrawAudit {
  return conductDraw({
    draw: drawOf(prizes),
    entrantIds: entrants,
    random,
    drawnAt: 1_764_000_000_000,
    deviceId: 'booth-a',
  });
}

describe('winner selection', () => {
  it('gives unique winners, each an entrant, no prize more often than its quantity, and as many winners as possible', () => {
    fc.assert(
      fc.property(entrantsArb, prizesArb, uint32s, fc.nat(), (entrants, prizes, values, seed) => {
        const winners = selectWinners(entrants, prizes, sourceOf(values, seed));
        const ids = winners.map((w) => w.personId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(entrants).toContain(id);
        for (const prize of prizes) {
          expect(winners.filter((w) => w.prizeId === prize.id).length).toBeLessThanOrEqual(
            prize.quantity,
          );
        }
        const total = prizes.reduce((sum, p) => sum + p.quantity, 0);
        expect(winners.length).toBe(Math.min(total, entrants.length));
        // Prizes are filled in list order: a later prize is only given once earlier ones are full.
        const firstShort = prizes.findIndex(
          (p) => winners.filter((w) => w.prizeId === p.id).length < p.quantity,
        );
        if (firstShort >= 0) {
          for (const later of prizes.slice(firstShort + 1)) {
            expect(winners.some((w) => w.prizeId === later.id)).toBe(false);
          }
        }
      }),
    );
  });

  it('rejects the values above the largest multiple of the range (no modulo bias)', () => {
    // range 3: 2^32 % 3 = 1, so only 0xffffffff is rejected.
    const values = [0xffff_ffff, 0xffff_fffe];
    const source = recordingSource({ nextUint32: () => values.shift() ?? 0 });
    expect(uniformBelow(3, source.source)).toBe(0xffff_fffe % 3);
    expect(source.values).toEqual([0xffff_ffff, 0xffff_fffe]);
    // range 2^31 + 1: everything from 2^31 + 1 on is rejected.
    const big = 2 ** 31 + 1;
    const tries = [2 ** 31 + 1, 2 ** 32 - 1, 5];
    expect(uniformBelow(big, { nextUint32: () => tries.shift() ?? 0 })).toBe(5);
    expect(() => uniformBelow(0, seededRandomSource(1))).toThrow(RangeError);
  });

  it('is unbiased: over a large fixed-seed sample every position wins about equally often', () => {
    // Deterministic (fixed seed), so it cannot flake; the bound is ~6 standard deviations.
    const n = 7;
    const rounds = 70_000;
    const counts = new Array<number>(n).fill(0);
    const random = seededRandomSource(20261125);
    for (let r = 0; r < rounds; r++) counts[uniformBelow(n, random)]! += 1;
    const expected = rounds / n;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 6 degrees of freedom: p < 0.001 above 22.46.
    expect(chiSquare).toBeLessThan(22.46);
    // A biased picker (value % n on a small range of values) fails the same test.
    const biased = new Array<number>(n).fill(0);
    for (let r = 0; r < rounds; r++) biased[(random.nextUint32() % 10) % n]! += 1;
    const biasedChi = biased.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(biasedChi).toBeGreaterThan(22.46);
  });
});

describe('audit record', () => {
  it('replays: verifyDrawAudit accepts every honest record, also after a JSON round trip', () => {
    fc.assert(
      fc.property(entrantsArb, prizesArb, uint32s, fc.nat(), (entrants, prizes, values, seed) => {
        const audit = audited(entrants, prizes, sourceOf(values, seed));
        expect(DrawAuditSchema.safeParse(audit).success).toBe(true);
        const verdict = verifyDrawAudit(JSON.parse(JSON.stringify(audit)));
        expect(verdict).toEqual({
          ok: true,
          entrants: entrants.length,
          winners: audit.winners.length,
          // What staff were warned of before the run is what the record shows after it.
          unawarded: prizesShortOf(prizes, entrants.length),
        });
        // The hash is the documented one.
        expect(audit.entrantHash).toBe(entrantListHash(entrants));
      }),
    );
  });

  it("conducted with the platform's SHA-256, the record is the one the portable hash gives", async () => {
    // Any correct SHA-256 stands in for Web Crypto's here (the renderer's draw tests use it).
    const digest = async (bytes: Uint8Array) => sha256(bytes).slice().buffer;
    await fc.assert(
      fc.asyncProperty(entrantsArb, prizesArb, fc.nat(), async (entrants, prizes, seed) => {
        const common = { draw: drawOf(prizes), entrantIds: entrants, drawnAt: 1, deviceId: 'a' };
        const portable = conductDraw({ ...common, random: seededRandomSource(seed) });
        const native = await conductDrawBy({ ...common, random: seededRandomSource(seed) }, digest);
        expect(native).toEqual(portable);
      }),
    );
    // UTF-8, not UTF-16: ids are any text the store holds.
    const unicode = canonicalEntrants(['张三', 'émile', 'b']);
    const record = await conductDrawBy(
      {
        draw: drawOf([]),
        entrantIds: unicode,
        random: seededRandomSource(1),
        drawnAt: 1,
        deviceId: 'a',
      },
      digest,
    );
    expect(record.entrantHash).toBe(entrantListHash(unicode));
  });

  const honest = fc
    .tuple(entrantsArb, prizesArb, uint32s, fc.nat())
    .filter(([entrants]) => entrants.length >= 2)
    .map(([entrants, prizes, values, seed]) => audited(entrants, prizes, sourceOf(values, seed)));

  it('detects a changed winner', () => {
    fc.assert(
      fc.property(honest, fc.nat(), (audit, pick) => {
        const index = pick % audit.winners.length;
        const others = audit.entrantIds.filter((id) => id !== audit.winners[index]!.personId);
        const winners = audit.winners.map((w, i) =>
          i === index ? { ...w, personId: others[pick % others.length]! } : w,
        );
        expect(verifyDrawAudit({ ...audit, winners })).toMatchObject({ ok: false });
        // A winner dropped, or one added, is caught too.
        expect(verifyDrawAudit({ ...audit, winners: audit.winners.slice(1) }).ok).toBe(false);
        const swapped = audit.winners.map((w, i) =>
          i === index ? { ...w, prizeId: `${w.prizeId}x` } : w,
        );
        expect(verifyDrawAudit({ ...audit, winners: swapped }).ok).toBe(false);
      }),
    );
  });

  it('detects a changed entrant list, with or without a recomputed hash', () => {
    fc.assert(
      fc.property(honest, fc.nat(), (audit, pick) => {
        const dropped = audit.entrantIds.filter((_, i) => i !== pick % audit.entrantIds.length);
        expect(verifyDrawAudit({ ...audit, entrantIds: dropped }).ok).toBe(false);
        // The forger recomputes the hash: the replay over the shorter list differs or the
        // winners were drawn from a list that no longer holds them.
        const rehashed = { ...audit, entrantIds: dropped, entrantHash: entrantListHash(dropped) };
        const verdict = verifyDrawAudit(rehashed);
        const removed = audit.entrantIds[pick % audit.entrantIds.length]!;
        if (audit.winners.some((w) => w.personId === removed)) expect(verdict.ok).toBe(false);
        // Unsorted (non-canonical) lists are refused outright.
        const reversed = [...audit.entrantIds].reverse();
        expect(
          verifyDrawAudit({
            ...audit,
            entrantIds: reversed,
            entrantHash: entrantListHash(reversed),
          }).ok,
        ).toBe(false);
      }),
    );
  });

  it('detects changed random values and a changed hash', () => {
    fc.assert(
      fc.property(
        honest,
        fc.nat(),
        fc.integer({ min: 1, max: 0xffff_fffe }),
        (audit, pick, delta) => {
          const index = pick % audit.randomValues.length;
          const randomValues = audit.randomValues.map((v, i) =>
            i === index ? (v + delta) % 0x1_0000_0000 : v,
          );
          const verdict = verifyDrawAudit({ ...audit, randomValues });
          // A changed value either changes a pick, or turns an accepted value into a rejected one
          // (or back), which shifts the count of values used: both are caught.
          const sameOutcome =
            JSON.stringify(
              selectWinners(audit.entrantIds, audit.prizes, sourceOf(randomValues, 0)),
            ) === JSON.stringify(audit.winners);
          if (!sameOutcome) expect(verdict.ok).toBe(false);
          expect(verifyDrawAudit({ ...audit, randomValues: [...audit.randomValues, 7] }).ok).toBe(
            false,
          );
          expect(
            verifyDrawAudit({ ...audit, randomValues: audit.randomValues.slice(0, -1) }).ok,
          ).toBe(false);
          const flipped = audit.entrantHash.startsWith('0')
            ? `1${audit.entrantHash.slice(1)}`
            : `0${audit.entrantHash.slice(1)}`;
          expect(verifyDrawAudit({ ...audit, entrantHash: flipped })).toEqual({
            ok: false,
            reason: 'the entrant list does not match its SHA-256 hash',
          });
        },
      ),
    );
  });

  it('never throws on garbage and says why', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(verifyDrawAudit(value).ok).toBe(false);
      }),
    );
    expect(verifyDrawAudit({ format: 'leadpond.draw-audit' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a valid draw audit record'),
    });
  });
});

describe('prizes more than entrants', () => {
  const prizes: Prize[] = [
    { id: 'p1', name: '一等奖', quantity: 1 },
    { id: 'p2', name: '二等奖', quantity: 1 },
    { id: 'p3', name: '三等奖', quantity: 1 },
  ];

  it('names the prizes two entrants cannot receive, before and after the run', () => {
    expect(totalPrizeQuantity(prizes)).toBe(3);
    expect(prizesShortOf(prizes, 2)).toEqual([
      { prizeId: 'p3', name: '三等奖', quantity: 1, awarded: 0 },
    ]);
    expect(prizesShortOf(prizes, 3)).toEqual([]);
    expect(prizesShortOf([{ id: 'p1', name: '杯子', quantity: 5 }], 2)).toEqual([
      { prizeId: 'p1', name: '杯子', quantity: 5, awarded: 2 },
    ]);
    expect(prizesShortOf(prizes, 0).map((p) => p.prizeId)).toEqual(['p1', 'p2', 'p3']);

    const audit = audited([personId(1), personId(2)], prizes, seededRandomSource(5));
    expect(audit.winners.map((w) => w.prizeId)).toEqual(['p1', 'p2']);
    expect(unawardedPrizes(audit.prizes, audit.winners)).toEqual([
      { prizeId: 'p3', name: '三等奖', quantity: 1, awarded: 0 },
    ]);
    // The verifier says it too, from the record alone: "2 entrants, 2 winners" is not the story.
    expect(verifyDrawAudit(JSON.parse(JSON.stringify(audit)))).toEqual({
      ok: true,
      entrants: 2,
      winners: 2,
      unawarded: [{ prizeId: 'p3', name: '三等奖', quantity: 1, awarded: 0 }],
    });
  });

  it('forecasts exactly what the selection leaves unawarded', () => {
    fc.assert(
      fc.property(entrantsArb, prizesArb, fc.nat(), (entrants, list, seed) => {
        const winners = selectWinners(entrants, list, seededRandomSource(seed));
        expect(unawardedPrizes(list, winners)).toEqual(prizesShortOf(list, entrants.length));
      }),
    );
  });
});

describe('eligibility', () => {
  const person = (n: number, granted = true, eventId = EVENT_ID) => ({
    id: personId(n),
    eventId,
    consent: { granted, textVersion: granted ? 'v1' : '', grantedAt: granted ? 1 : 0 },
  });
  const fact = (
    n: number,
    type: InteractionType,
    data: Record<string, string> = {},
    eventId = EVENT_ID,
  ) => ({ eventId, personId: personId(n), type, data }) as const;

  it('applies the rule: required facts (draw_entered for this draw only), previous winners, consent, event', () => {
    const people = [
      person(1),
      person(2),
      person(3, false),
      person(4),
      person(5),
      person(6, true, OTHER_EVENT),
    ];
    const interactions = [
      fact(1, 'checked_in'),
      fact(1, 'checked_in'),
      fact(2, 'checked_in'),
      fact(2, 'draw_entered', { drawId: DRAW_ID }),
      fact(3, 'checked_in'),
      fact(3, 'draw_entered', { drawId: DRAW_ID }),
      fact(4, 'checked_in'),
      fact(4, 'draw_entered', { drawId: '01935f4e-0000-7000-8000-00000000dddd' }),
      fact(4, 'draw_won', {
        drawId: '01935f4e-0000-7000-8000-00000000dddd',
        prizeId: 'p1',
        prizeName: 'x',
      }),
      fact(5, 'checked_in', {}, OTHER_EVENT),
      fact(6, 'checked_in', {}, OTHER_EVENT),
      // A fact about a person this device does not hold yet: not an entrant.
      fact(9, 'checked_in'),
    ];
    const run = (rule: Parameters<typeof eligibleEntrants>[0]['rule']) =>
      eligibleEntrants({
        drawId: DRAW_ID,
        eventId: EVENT_ID,
        rule,
        people,
        interactions,
      });
    const base = { excludePreviousWinners: false, requireMarketingConsent: false };
    expect(run({ ...base, requiredInteractions: ['checked_in'] })).toEqual(
      [1, 2, 3, 4].map(personId),
    );
    expect(run({ ...base, requiredInteractions: ['checked_in', 'draw_entered'] })).toEqual(
      [2, 3].map(personId),
    );
    expect(
      run({
        requiredInteractions: ['checked_in'],
        excludePreviousWinners: true,
        requireMarketingConsent: true,
      }),
    ).toEqual([1, 2].map(personId));
    expect(run({ ...base, requiredInteractions: [] })).toEqual([1, 2, 3, 4, 5].map(personId));
  });

  it('gives a canonical list whatever the input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(1000), { maxLength: 50 }), (ns) => {
        const people = ns.map((n) => person(n));
        const interactions = ns.map((n) => fact(n, 'checked_in'));
        const rule = {
          requiredInteractions: ['checked_in' as const],
          excludePreviousWinners: true,
          requireMarketingConsent: false,
        };
        const forward = eligibleEntrants({
          drawId: DRAW_ID,
          eventId: EVENT_ID,
          rule,
          people,
          interactions,
        });
        const backward = eligibleEntrants({
          drawId: DRAW_ID,
          eventId: EVENT_ID,
          rule,
          people: [...people].reverse(),
          interactions: [...interactions].reverse(),
        });
        expect(backward).toEqual(forward);
        expect(forward).toEqual([...new Set(ns)].map(personId).sort());
      }),
    );
  });
});

describe('projector masking', () => {
  it('shows enough to recognise oneself, not enough to identify', () => {
    expect(maskName('王伟')).toBe('王*');
    expect(maskName('王小伟')).toBe('王*伟');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('John Smith')).toBe('J**n S***h');
    expect(maskPhone('+8613800138000')).toBe('138****8000');
    expect(maskPhone('+14155550123')).toBe('****0123');
    expect(
      maskedLabel({ id: personId(1), name: '王小伟', phone: '+8613800138000', email: '' }),
    ).toBe('王*伟 138****8000');
    expect(
      maskedLabel({ id: personId(0xabcd), name: '', phone: '', email: 'li@example.com' }),
    ).toBe('l***@example.com');
    expect(maskedLabel({ id: personId(0xabcd), name: '', phone: '', email: '' })).toBe('#abcd');
  });
});

describe('owner-wins conflicts', () => {
  const draw: Draw = DrawSchema.parse({
    id: DRAW_ID,
    eventId: EVENT_ID,
    name: '抽奖',
    prizes: [{ id: 'p1', name: '奖', quantity: 1 }],
    eligibility: {
      requiredInteractions: [],
      excludePreviousWinners: true,
      requireMarketingConsent: false,
    },
    ownerDeviceId: 'booth-a',
    status: 'open',
    audit: null,
    createdAt: 1,
    updatedAt: 1,
  });
  const runBy = (deviceId: string): Draw => ({
    ...draw,
    status: 'drawn',
    audit: { ...audited([personId(1)], draw.prizes, seededRandomSource(1)), deviceId },
    updatedAt: 2,
  });

  it("keeps the owner's run over a pool copy still open; the pool's copy wins otherwise", () => {
    const renamed = { ...draw, name: '改名', updatedAt: 3 };
    expect(resolveDrawConflict(renamed, runBy('booth-a'))).toMatchObject({ status: 'drawn' });
    expect(resolveDrawConflict(renamed, runBy('booth-b'))).toBe(renamed);
    expect(resolveDrawConflict(runBy('booth-a'), { ...draw, name: 'x' })).toMatchObject({
      status: 'drawn',
    });
    const tombstone = { ...draw, _deleted: true };
    expect(resolveDrawConflict(tombstone, runBy('booth-a'))).toBe(tombstone);
  });
});

describe('winners export', () => {
  it('lists winners in pick order with their prize, spreadsheet formulas neutralized', () => {
    const audit = audited(
      [personId(1), personId(2)],
      [{ id: 'p1', name: '=一等奖', quantity: 2 }],
      seededRandomSource(3),
    );
    const draw = DrawSchema.parse({
      id: DRAW_ID,
      eventId: EVENT_ID,
      name: '抽奖',
      prizes: audit.prizes,
      eligibility: audit.eligibility,
      ownerDeviceId: 'booth-a',
      status: 'drawn',
      audit,
      createdAt: 1,
      updatedAt: 2,
    });
    const people = [1, 2].map((n) => ({
      ...createPerson(
        personId(n),
        EVENT_ID,
        { ...EMPTY_PERSON_INPUT, name: n === 1 ? '@张三' : '李四', phone: '+8613800138000' },
        NO_CONSENT,
        { source: 'staff', deviceId: 'd', at: 1 },
      ),
      phone: '+8613800138000',
    }));
    const style = { labels: (key: string) => key, timeZone: 'Asia/Shanghai', at: 1 };
    const table = buildWinnerTable({ draw, people, style: { ...style, target: 'csv' } });
    expect(table.header[0]).toBe('draw.columns.prize');
    expect(table.rows).toHaveLength(2);
    expect(table.rows.map((row) => row[1])).toEqual(
      audit.winners.map((w) => (w.personId === personId(1) ? "'@张三" : '李四')),
    );
    for (const row of table.rows) {
      expect(row[0]).toBe("'=一等奖");
      expect(row[2]).toBe('138 0013 8000');
    }
    // A spreadsheet's typed text cells need no apostrophe.
    const sheet = buildWinnerTable({ draw, people, style: { ...style, target: 'xlsx' } });
    expect(sheet.rows[0]?.[0]).toBe('=一等奖');
    expect(sheet.rows[0]?.[2]).toBe('+86 138 0013 8000');
  });
});
