import type { DrawWinner, Prize } from './schema';
import type { RandomSource } from './random';

const TWO_POW_32 = 0x1_0000_0000;

/**
 * A uniform integer in [0, range) from uint32 values, without modulo bias: values at or above the
 * largest multiple of `range` below 2^32 are rejected and another is taken. Every value taken,
 * rejected or not, comes from `random` (and so is recorded and replayed).
 */
export function uniformBelow(range: number, random: RandomSource): number {
  if (!Number.isInteger(range) || range < 1 || range > TWO_POW_32) {
    throw new RangeError(`range must be an integer in [1, 2^32], got ${range}`);
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % range);
  for (;;) {
    const value = random.nextUint32();
    if (value < limit) return value % range;
  }
}

/**
 * Winners by partial Fisher–Yates over the canonical entrant list: pick i swaps a uniformly chosen
 * entrant from the not-yet-picked tail into place i. Prizes are filled in list order; when there
 * are fewer entrants than prizes, the later prizes stay (partly) unawarded. Winners are unique and
 * no prize is given more often than its quantity.
 */
export function selectWinners(
  entrantIds: readonly string[],
  prizes: readonly Prize[],
  random: RandomSource,
): DrawWinner[] {
  const order = entrantIds.slice();
  const winners: DrawWinner[] = [];
  let pick = 0;
  for (const prize of prizes) {
    for (let n = 0; n < prize.quantity && pick < order.length; n++, pick++) {
      const chosen = pick + uniformBelow(order.length - pick, random);
      const winner = order[chosen] as string;
      order[chosen] = order[pick] as string;
      order[pick] = winner;
      winners.push({ personId: winner, prizeId: prize.id });
    }
  }
  return winners;
}
