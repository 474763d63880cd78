import { z } from 'zod';
import {
  canonicalEntrants,
  entrantListHash,
  entrantListHashBy,
  isCanonical,
  type Sha256Digest,
} from './entrant-hash';
import { RandomValuesExhausted, recordingSource, replaySource, type RandomSource } from './random';
import {
  DRAW_ALGORITHM,
  DRAW_AUDIT_FORMAT,
  DrawAuditSchema,
  type Draw,
  type DrawAudit,
} from './schema';
import { selectWinners } from './select';
import { unawardedPrizes, type UnawardedPrize } from './shortfall';

export interface ConductDrawInput {
  draw: Pick<Draw, 'id' | 'eventId' | 'name' | 'prizes' | 'eligibility'>;
  /** Eligible entrants (any order; duplicates collapse). */
  entrantIds: Iterable<string>;
  random: RandomSource;
  drawnAt: number;
  deviceId: string;
}

/** Picks the winners and writes down everything a verifier needs to check them. */
export function conductDraw(input: ConductDrawInput): DrawAudit {
  const entrantIds = canonicalEntrants(input.entrantIds);
  return auditOf(input, entrantIds, entrantListHash(entrantIds));
}

/** conductDraw with the entrant hash taken by the platform's (native, async) SHA-256. */
export async function conductDrawBy(
  input: ConductDrawInput,
  digest: Sha256Digest,
): Promise<DrawAudit> {
  const entrantIds = canonicalEntrants(input.entrantIds);
  return auditOf(input, entrantIds, await entrantListHashBy(entrantIds, digest));
}

function auditOf(input: ConductDrawInput, entrantIds: string[], entrantHash: string): DrawAudit {
  const recording = recordingSource(input.random);
  const winners = selectWinners(entrantIds, input.draw.prizes, recording.source);
  return {
    format: DRAW_AUDIT_FORMAT,
    algorithm: DRAW_ALGORITHM,
    drawId: input.draw.id,
    eventId: input.draw.eventId,
    drawName: input.draw.name,
    prizes: input.draw.prizes,
    eligibility: input.draw.eligibility,
    entrantIds,
    entrantHash,
    randomValues: recording.values,
    winners,
    drawnAt: input.drawnAt,
    deviceId: input.deviceId,
  };
}

export type AuditVerdict =
  | {
      ok: true;
      entrants: number;
      winners: number;
      /** Prizes fewer entrants than prizes left (partly) unawarded, in prize order. */
      unawarded: UnawardedPrize[];
    }
  | { ok: false; reason: string };

/**
 * Re-checks an audit record: its shape, the entrant list's canonical form and hash, then replays
 * the selection with the recorded random values — all of them consumed, none left over — and
 * compares the winners. What it cannot check is who was eligible: that needs the event's data.
 * Never throws, whatever `value` is.
 */
export function verifyDrawAudit(value: unknown): AuditVerdict {
  const parsed = DrawAuditSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: `not a valid draw audit record: ${describeIssues(parsed.error)}` };
  }
  const audit = parsed.data;
  if (!isCanonical(audit.entrantIds)) {
    return { ok: false, reason: 'the entrant list is not sorted and unique (canonical form)' };
  }
  if (entrantListHash(audit.entrantIds) !== audit.entrantHash) {
    return { ok: false, reason: 'the entrant list does not match its SHA-256 hash' };
  }
  const replay = replaySource(audit.randomValues);
  let winners;
  try {
    winners = selectWinners(audit.entrantIds, audit.prizes, replay);
  } catch (error) {
    if (error instanceof RandomValuesExhausted) return { ok: false, reason: error.message };
    return { ok: false, reason: `the selection cannot be replayed: ${String(error)}` };
  }
  if (replay.used() !== audit.randomValues.length) {
    return {
      ok: false,
      reason: `the record lists ${audit.randomValues.length} random values but the selection uses ${replay.used()}`,
    };
  }
  if (winners.length !== audit.winners.length) {
    return {
      ok: false,
      reason: `the replay gives ${winners.length} winners, the record lists ${audit.winners.length}`,
    };
  }
  for (const [index, winner] of winners.entries()) {
    const recorded = audit.winners[index];
    if (recorded?.personId !== winner.personId || recorded.prizeId !== winner.prizeId) {
      return {
        ok: false,
        reason: `winner ${index + 1} differs: the replay gives ${winner.personId} (${winner.prizeId}), the record says ${recorded?.personId} (${recorded?.prizeId})`,
      };
    }
  }
  return {
    ok: true,
    entrants: audit.entrantIds.length,
    winners: winners.length,
    unawarded: unawardedPrizes(audit.prizes, winners),
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
