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
  const required = new Set<string>(rule.requiredInteractions);
  const factsOf = new Map<string, Set<string>>();
  const winners = new Set<string>();
  for (const fact of input.interactions) {
    if (fact.eventId !== eventId) continue;
    if (fact.type === 'draw_won') {
      winners.add(fact.personId);
      continue;
    }
    if (!required.has(fact.type)) continue;
    if (fact.type === 'draw_entered') {
      const data = DrawEnteredDataSchema.safeParse(fact.data);
      if (!data.success || data.data.drawId !== drawId) continue;
    }
    let types = factsOf.get(fact.personId);
    if (!types) {
      types = new Set();
      factsOf.set(fact.personId, types);
    }
    types.add(fact.type);
  }
  const entrants: string[] = [];
  for (const person of input.people) {
    if (person.eventId !== eventId) continue;
    if (required.size > 0 && (factsOf.get(person.id)?.size ?? 0) < required.size) continue;
    if (rule.excludePreviousWinners && winners.has(person.id)) continue;
    if (rule.requireMarketingConsent && !person.consent.granted) continue;
    entrants.push(person.id);
  }
  return canonicalEntrants(entrants);
}
