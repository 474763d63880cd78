import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString, text } from '../schemas/common';

/**
 * A lucky draw (DESIGN.md "Lucky draws"): prizes with quantities, who may win, the one device
 * that runs it, and — once drawn — the audit record anyone can re-verify.
 */

/** Interactions at the event that an eligibility rule may require (all of them, when several). */
export const DRAW_QUALIFYING_INTERACTIONS = ['checked_in', 'draw_entered', 'registered'] as const;
export const DrawQualifyingInteractionSchema = z.enum(DRAW_QUALIFYING_INTERACTIONS);
export type DrawQualifyingInteraction = z.infer<typeof DrawQualifyingInteractionSchema>;

export const DrawEligibilitySchema = z
  .object({
    /**
     * Facts a person must have at this event, all of them. `draw_entered` counts only for this
     * draw (its data names the draw). Empty: everyone captured at the event.
     */
    requiredInteractions: z
      .array(DrawQualifyingInteractionSchema)
      .max(DRAW_QUALIFYING_INTERACTIONS.length)
      .refine((types) => new Set(types).size === types.length, { message: 'errors.invalid' }),
    /** Nobody wins twice at one event: winners of any draw of the event are left out. */
    excludePreviousWinners: z.boolean(),
    /** Only people who granted marketing consent (PIPL/GDPR). */
    requireMarketingConsent: z.boolean(),
  })
  .strict();
export type DrawEligibility = z.infer<typeof DrawEligibilitySchema>;

export const DEFAULT_DRAW_ELIGIBILITY: DrawEligibility = {
  requiredInteractions: ['checked_in'],
  excludePreviousWinners: true,
  requireMarketingConsent: false,
};

export const MAX_PRIZE_QUANTITY = 1000;
export const MAX_PRIZES = 20;

export const PrizeSchema = z.object({
  id: storableString().min(1).max(64),
  name: text(200).min(1, { message: 'errors.required' }),
  quantity: z
    .number({ message: 'errors.prizeQuantity' })
    .int({ message: 'errors.prizeQuantity' })
    .min(1, { message: 'errors.prizeQuantity' })
    .max(MAX_PRIZE_QUANTITY, { message: 'errors.prizeQuantity' }),
});
export type Prize = z.infer<typeof PrizeSchema>;

export const PrizeListSchema = z
  .array(PrizeSchema)
  .min(1, { message: 'errors.required' })
  .max(MAX_PRIZES)
  .refine((prizes) => new Set(prizes.map((p) => p.id)).size === prizes.length, {
    message: 'prize ids must be unique',
  });

/** The format and algorithm an audit record was made with; verifiers refuse any other. */
export const DRAW_AUDIT_FORMAT = 'leadpond.draw-audit';
export const DRAW_ALGORITHM =
  'leadpond-draw/1: sha256(entrant ids, sorted, "\\n"-joined) + partial Fisher-Yates, uint32 rejection sampling';

/** Upper bounds that keep an audit (and a draw document) of bounded size. */
export const MAX_ENTRANTS = 200_000;
export const MAX_WINNERS = MAX_PRIZES * MAX_PRIZE_QUANTITY;
/** Each pick rejects a value with probability < 1/2; this is far beyond any honest record. */
export const MAX_RANDOM_VALUES = MAX_WINNERS * 64;

/** Entrant ids are opaque single-line strings (person UUIDs): they are joined by "\n" for the hash. */
export const EntrantIdSchema = storableString()
  .min(1)
  .max(64)
  .regex(/^[^\n]*$/);

export const DrawWinnerSchema = z.object({
  personId: EntrantIdSchema,
  prizeId: storableString().min(1).max(64),
});
export type DrawWinner = z.infer<typeof DrawWinnerSchema>;

export const DrawAuditSchema = z.object({
  format: z.literal(DRAW_AUDIT_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM),
  drawId: IdSchema,
  eventId: IdSchema,
  drawName: storableString().max(200),
  prizes: PrizeListSchema,
  eligibility: DrawEligibilitySchema,
  /** The canonical entrant list: unique, sorted by UTF-16 code units. */
  entrantIds: z.array(EntrantIdSchema).max(MAX_ENTRANTS),
  /** Lower-case hex SHA-256 of the entrant ids joined by "\n" (UTF-8). */
  entrantHash: storableString().regex(/^[0-9a-f]{64}$/),
  /** Every uint32 the selection consumed, rejected ones included, in order. */
  randomValues: z.array(z.number().int().min(0).max(0xffff_ffff)).max(MAX_RANDOM_VALUES),
  /** In pick order: the first prize's winners first. */
  winners: z.array(DrawWinnerSchema).max(MAX_WINNERS),
  drawnAt: TimestampSchema,
  deviceId: storableString().max(64),
});
export type DrawAudit = z.infer<typeof DrawAuditSchema>;

export const DRAW_STATUSES = ['open', 'drawn'] as const;
export const DrawStatusSchema = z.enum(DRAW_STATUSES);
export type DrawStatus = z.infer<typeof DrawStatusSchema>;

export const DrawSchema = z.object({
  id: IdSchema,
  eventId: IdSchema,
  name: text(200).min(1, { message: 'errors.required' }),
  prizes: PrizeListSchema,
  eligibility: DrawEligibilitySchema,
  /** The only device that may run the draw (and whose writes to it the pool accepts). */
  ownerDeviceId: storableString().max(64),
  status: DrawStatusSchema,
  audit: DrawAuditSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Draw = z.infer<typeof DrawSchema>;

/** What staff fill in to create a draw. */
export const DrawInputSchema = z.object({
  name: DrawSchema.shape.name,
  prizes: z
    .array(PrizeSchema.omit({ id: true }))
    .min(1, { message: 'errors.required' })
    .max(MAX_PRIZES),
  eligibility: DrawEligibilitySchema,
});
export type DrawInput = z.input<typeof DrawInputSchema>;
