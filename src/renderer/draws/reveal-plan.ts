import type { Draw, DrawWinner, Prize } from '../../shared/draws';

/** One step of the big-screen reveal: a prize and its winners. */
export interface RevealStep {
  prize: Prize;
  winners: DrawWinner[];
}

/**
 * The order the projector reveals prizes in: from the last (smallest) prize up to the first
 * (the grand prize), skipping prizes nobody won.
 */
export function revealPlan(draw: Draw): RevealStep[] {
  const winners = draw.audit?.winners ?? [];
  return [...draw.prizes]
    .reverse()
    .map((prize) => ({ prize, winners: winners.filter((w) => w.prizeId === prize.id) }))
    .filter((step) => step.winners.length > 0);
}

/** At most `count` ids spread evenly over the list: the names that roll past on the screen. */
export function sampleEvenly(ids: readonly string[], count: number): string[] {
  if (ids.length <= count) return [...ids];
  const stride = ids.length / count;
  return Array.from({ length: count }, (_, i) => ids[Math.floor(i * stride)] as string);
}
