import type { DrawWinner, Prize } from './schema';

/** A prize that did not (or would not) go to as many people as its quantity. */
export interface UnawardedPrize {
  prizeId: string;
  name: string;
  quantity: number;
  awarded: number;
}

/** How many people a prize list gives prizes to: one prize each, nobody twice. */
export function totalPrizeQuantity(prizes: readonly Pick<Prize, 'quantity'>[]): number {
  return prizes.reduce((sum, prize) => sum + prize.quantity, 0);
}

/**
 * The prizes `entrantCount` people cannot all receive, before the draw runs. The selection fills
 * prizes in list order (select.ts), so the shortfall falls on the last prizes: staff are told
 * which ones before they run it, not after.
 */
export function prizesShortOf(prizes: readonly Prize[], entrantCount: number): UnawardedPrize[] {
  let left = Math.max(0, Math.floor(entrantCount));
  const short: UnawardedPrize[] = [];
  for (const prize of prizes) {
    const awarded = Math.min(prize.quantity, left);
    left -= awarded;
    if (awarded < prize.quantity) short.push(unawarded(prize, awarded));
  }
  return short;
}

/**
 * The prizes a drawn draw left (partly) unawarded, read from its winners: what the console, the
 * verifier and the big screen report, so "2 entrants, 2 winners" never hides a third prize.
 */
export function unawardedPrizes(
  prizes: readonly Prize[],
  winners: readonly Pick<DrawWinner, 'prizeId'>[],
): UnawardedPrize[] {
  const awarded = new Map<string, number>();
  for (const winner of winners) {
    awarded.set(winner.prizeId, (awarded.get(winner.prizeId) ?? 0) + 1);
  }
  return prizes
    .filter((prize) => (awarded.get(prize.id) ?? 0) < prize.quantity)
    .map((prize) => unawarded(prize, awarded.get(prize.id) ?? 0));
}

function unawarded(prize: Prize, awarded: number): UnawardedPrize {
  return { prizeId: prize.id, name: prize.name, quantity: prize.quantity, awarded };
}
