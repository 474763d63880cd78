import { DrawEnteredDataSchema } from '../attendee/interaction-data';
import type { Interaction, Person } from '../schemas';
import { canonicalEntrants } from './entrant-hash';
import type { DrawEligibility } from './schema';

export interface EligibilityInput {
  drawId: string;
  eventId: string;
  rule: DrawEligibility;
  /** Live people (no tombstones); people of other events are ignored. */
  people: readonly Pick<Person, 'id' | 'eventId' | 'consent'>[];
  /** Facts of any event; only this event's count. */
  interactions: readonly Pick<Interaction, 'eventId' | 'personId' | 'type' | 'data'>[];
}

/**
 * The canonical entrant list of a draw: people of the event who have every required fact (a
 * `draw_entered` only for this draw), have not won a draw of this event when the rule says so,
 * and granted marketing consent when the rule asks for it. A fact about a person this device
 * does not hold (not synced yet) does not make an entrant: the draw shows and checks people.
 */
export function eligibleEntrants(input: EligibilityInput): string[] {
  const { drawId, eventId, rule } = input;
  // One bit per required fact type: a person qualifies when all bits are set.
  const bitOf = new Map<string, number>(rule.requiredInteractions.map((type, i) => [type, 1 << i]));
  const allBits = (1 << rule.requiredInteractions.length) - 1;
  const factsOf = new Map<string, number>();
  const winners = new Set<string>();
  for (const fact of input.interactions) {
    if (fact.eventId !== eventId) continue;
    if (fact.type === 'draw_won') {
      winners.add(fact.personId);
      continue;
    }
    const bit = bitOf.get(fact.type);
    if (bit === undefined) continue;
    if (fact.type === 'draw_entered') {
      const data = DrawEnteredDataSchema.safeParse(fact.data);
      if (!data.success || data.data.drawId !== drawId) continue;
    }
    // One required type (the usual rule): no need to read what the person already has.
    factsOf.set(fact.personId, bit === allBits ? bit : (factsOf.get(fact.personId) ?? 0) | bit);
  }
  const entrants: string[] = [];
  for (const person of input.people) {
    if (person.eventId !== eventId) continue;
    if (allBits !== 0 && factsOf.get(person.id) !== allBits) continue;
    if (rule.excludePreviousWinners && winners.has(person.id)) continue;
    if (rule.requireMarketingConsent && !person.consent.granted) continue;
    entrants.push(person.id);
  }
  return canonicalEntrants(entrants);
}
