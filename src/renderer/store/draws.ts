import { DrawWonDataSchema } from '../../shared/attendee/interaction-data';
import {
  conductDrawBy,
  cryptoRandomSource,
  DrawInputSchema,
  DrawSchema,
  eligibleEntrants,
  type Draw,
  type DrawAudit,
  type FillRandom,
  type RandomSource,
  type Sha256Digest,
} from '../../shared/draws';
import { InteractionSchema, type Interaction, type Person } from '../../shared/schemas';
import type { LeadDatabase } from './database';
import type { CaptureContext } from './leads';

/**
 * Lucky draws on the device (DESIGN.md "Lucky draws"). A draw belongs to the device that created
 * it; only that device runs it, once. Every write is local (strict IndexedDB durability), so a
 * draw runs with the network gone.
 */

export type DrawFieldErrors = Record<string, string>;
export type CreateDrawResult = { ok: true; draw: Draw } | { ok: false; errors: DrawFieldErrors };

/** Staff create a draw: this device becomes its owner. */
export async function createDraw(
  ctx: CaptureContext,
  eventId: string,
  input: unknown,
): Promise<CreateDrawResult> {
  const parsed = parseDrawInput(input);
  if (!parsed.ok) return parsed;
  const at = ctx.clock();
  const draw = DrawSchema.parse({
    id: ctx.newId(),
    eventId,
    ...parsed.value,
    ownerDeviceId: ctx.deviceId,
    status: 'open',
    audit: null,
    createdAt: at,
    updatedAt: at,
  });
  await ctx.db.draws.insert(draw);
  return { ok: true, draw };
}

type ParsedDrawInput = Pick<Draw, 'name' | 'prizes' | 'eligibility'>;

function parseDrawInput(
  input: unknown,
): { ok: true; value: ParsedDrawInput } | { ok: false; errors: DrawFieldErrors } {
  const parsed = DrawInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors: DrawFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      errors[key] ??= issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
    }
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      name: parsed.data.name,
      // Prize ids only need to be unique within the draw until it runs: its audit names them.
      prizes: parsed.data.prizes.map((prize, index) => ({ ...prize, id: `p${index + 1}` })),
      eligibility: parsed.data.eligibility,
    },
  };
}

export type ChangeDrawResult =
  | { ok: true; draw: Draw }
  | { ok: false; errors: DrawFieldErrors }
  | { ok: false; reason: DrawRefusal };

/**
 * Staff change a draw not yet run: only its owner device, only while open (after the run its
 * prizes are in the audit and winners were told). Checked again inside the write, so a run that
 * lands first wins.
 */
export async function updateDraw(
  ctx: CaptureContext,
  drawId: string,
  input: unknown,
): Promise<ChangeDrawResult> {
  const doc = await ctx.db.draws.findOne(drawId).exec();
  if (!doc) return { ok: false, reason: 'not_found' };
  const early = refusalOf(doc.toJSON() as Draw, ctx.deviceId);
  if (early) return { ok: false, reason: early };
  const parsed = parseDrawInput(input);
  if (!parsed.ok) return parsed;
  let lateRefusal: DrawRefusal | null = null;
  const changed = await doc.incrementalModify((current) => {
    lateRefusal = refusalOf(current as Draw, ctx.deviceId);
    if (lateRefusal) return current;
    return { ...current, ...parsed.value, updatedAt: ctx.clock() };
  });
  if (lateRefusal) return { ok: false, reason: lateRefusal };
  return { ok: true, draw: changed.toMutableJSON() as Draw };
}

/**
 * Deletes a draw not yet run: only its owner device, only while open. The document becomes a
 * tombstone (RxDB `_deleted`) that replicates like any other change, so the pool and every other
 * device drop it too; the pool takes it from the owner only (server/services/draw-ownership.ts).
 */
export async function deleteDraw(
  ctx: CaptureContext,
  drawId: string,
): Promise<{ ok: true } | { ok: false; reason: DrawRefusal }> {
  const doc = await ctx.db.draws.findOne(drawId).exec();
  if (!doc) return { ok: false, reason: 'not_found' };
  const refusal = refusalOf(doc.toJSON() as Draw, ctx.deviceId);
  if (refusal) return { ok: false, reason: refusal };
  // The tombstone keeps the draw's last state, with a fresh time for the pool's ordering.
  const latest = await doc.incrementalModify((current) =>
    refusalOf(current as Draw, ctx.deviceId) ? current : { ...current, updatedAt: ctx.clock() },
  );
  const lateRefusal = refusalOf(latest.toJSON() as Draw, ctx.deviceId);
  if (lateRefusal) return { ok: false, reason: lateRefusal };
  await latest.incrementalRemove();
  return { ok: true };
}

export type DrawRefusal = 'not_found' | 'not_owner' | 'already_drawn' | 'no_entrants';

export type RunDrawResult =
  { ok: true; draw: Draw; audit: DrawAudit } | { ok: false; reason: DrawRefusal };

export interface RunDrawOptions {
  /** The CSPRNG fill; Web Crypto's by default. Tests inject a recorded or seeded one. */
  random?: RandomSource;
}

const webCrypto: FillRandom = (array) => globalThis.crypto.getRandomValues(array);
const webDigest: Sha256Digest = (bytes) => globalThis.crypto.subtle.digest('SHA-256', bytes);

/** The event's live people and facts, as eligibility reads them. */
async function eventFacts(db: LeadDatabase, eventId: string) {
  const [people, interactions] = await Promise.all([
    db.people.find({ selector: { eventId } }).exec(),
    db.interactions.find({ selector: { eventId } }).exec(),
  ]);
  return {
    people: people.map((doc) => doc.toJSON() as Person),
    interactions: interactions.map((doc) => doc.toJSON() as Interaction),
  };
}

/** Who would enter the draw if it ran now (the console shows the count). */
export async function drawEntrants(db: LeadDatabase, draw: Draw): Promise<string[]> {
  const facts = await eventFacts(db, draw.eventId);
  return eligibleEntrants({
    drawId: draw.id,
    eventId: draw.eventId,
    rule: draw.eligibility,
    ...facts,
  });
}

/**
 * Runs a draw: refused unless this device owns it and it is still open. The draw is claimed
 * first (status `drawn` with its audit, atomically against a concurrent run in this store), then
 * each winner becomes a `draw_won` fact. Should the second step be cut short, the owner completes
 * it from the audit (completeWinFacts), so winners are never lost nor drawn twice.
 */
export async function runDraw(
  ctx: CaptureContext,
  drawId: string,
  options: RunDrawOptions = {},
): Promise<RunDrawResult> {
  const doc = await ctx.db.draws.findOne(drawId).exec();
  if (!doc) return { ok: false, reason: 'not_found' };
  const draw = doc.toMutableJSON() as Draw;
  const refusal = refusalOf(draw, ctx.deviceId);
  if (refusal) return { ok: false, reason: refusal };
  const entrantIds = await drawEntrants(ctx.db, draw);
  if (entrantIds.length === 0) return { ok: false, reason: 'no_entrants' };
  const drawnAt = ctx.clock();
  const audit = await conductDrawBy(
    {
      draw,
      entrantIds,
      random: options.random ?? cryptoRandomSource(webCrypto),
      drawnAt,
      deviceId: ctx.deviceId,
    },
    webDigest,
  );
  let lateRefusal: DrawRefusal | null = null;
  const claimed = await doc.incrementalModify((current) => {
    lateRefusal = refusalOf(current as Draw, ctx.deviceId);
    if (lateRefusal) return current;
    return { ...current, status: 'drawn', audit, updatedAt: drawnAt };
  });
  if (lateRefusal) return { ok: false, reason: lateRefusal };
  const drawn = claimed.toMutableJSON() as Draw;
  await completeWinFacts(ctx, drawn);
  return { ok: true, draw: drawn, audit };
}

function refusalOf(draw: Draw, deviceId: string): DrawRefusal | null {
  if (draw.ownerDeviceId !== deviceId) return 'not_owner';
  if (draw.status !== 'open' || draw.audit !== null) return 'already_drawn';
  return null;
}

/** The `draw_won` facts of a draw held by this store. */
export async function winFactsOf(db: LeadDatabase, draw: Draw): Promise<Interaction[]> {
  const facts = await db.interactions
    .find({ selector: { eventId: draw.eventId, type: 'draw_won' } })
    .exec();
  return facts
    .map((fact) => fact.toJSON() as Interaction)
    .filter((fact) => DrawWonDataSchema.safeParse(fact.data).data?.drawId === draw.id);
}

/**
 * Writes the `draw_won` facts an audit calls for and the store does not hold yet. Only on the
 * device that ran the draw: another device waits for those facts by sync instead of inventing
 * second copies with other ids.
 */
export async function completeWinFacts(ctx: CaptureContext, draw: Draw): Promise<number> {
  const audit = draw.audit;
  if (!audit || audit.deviceId !== ctx.deviceId) return 0;
  const known = new Set((await winFactsOf(ctx.db, draw)).map((fact) => fact.personId));
  const prizeNames = new Map(draw.prizes.map((prize) => [prize.id, prize.name]));
  const missing = audit.winners.filter((winner) => !known.has(winner.personId));
  const at = ctx.clock();
  const facts = missing.map((winner) =>
    InteractionSchema.parse({
      id: ctx.newId(),
      eventId: draw.eventId,
      personId: winner.personId,
      type: 'draw_won',
      deviceId: ctx.deviceId,
      staffId: ctx.staffId,
      occurredAt: audit.drawnAt,
      data: DrawWonDataSchema.parse({
        drawId: draw.id,
        prizeId: winner.prizeId,
        prizeName: prizeNames.get(winner.prizeId) ?? '',
      }),
      updatedAt: at,
    }),
  );
  if (facts.length === 0) return 0;
  const result = await ctx.db.interactions.bulkInsert(facts);
  if (result.error.length > 0) {
    throw new Error(`could not record ${result.error.length} winners`);
  }
  return facts.length;
}
