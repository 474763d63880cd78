import {
  EMPTY_PERSON_INPUT,
  EMPTY_QUALIFICATION_FIELDS,
  NO_CONSENT,
  type Interaction,
  type Person,
  type Qualification,
} from './schemas';

/**
 * Erasure tombstones (PIPL/GDPR, DESIGN.md "Data model", privacy): what the pool keeps of an
 * erased person's documents and sends to booths. A tombstone is the document with `_deleted` set
 * and every value that says anything about the person emptied — only its ids and times stay, so
 * it still fits the collection's schema (devices validate what they pull) and a device that
 * applies it keeps nothing personal either, even before RxDB cleans deleted rows up.
 */

export function personTombstone(person: Person, at: number): Person {
  return {
    id: person.id,
    eventId: person.eventId,
    ...EMPTY_PERSON_INPUT,
    badgeCode: '',
    consent: NO_CONSENT,
    provenance: {},
    searchKey: '',
    createdAt: person.createdAt,
    updatedAt: Math.max(at, person.updatedAt),
  };
}

/** A fact keeps its type and time (no one can be told from them), never its data or staff. */
export function interactionTombstone(interaction: Interaction, at: number): Interaction {
  return {
    ...interaction,
    staffId: '',
    data: {},
    updatedAt: Math.max(at, interaction.updatedAt),
  };
}

export function qualificationTombstone(qualification: Qualification, at: number): Qualification {
  return {
    id: qualification.id,
    eventId: qualification.eventId,
    personId: qualification.personId,
    ...EMPTY_QUALIFICATION_FIELDS,
    notes: [],
    fieldUpdatedAt: {},
    updatedAt: Math.max(at, qualification.updatedAt),
  };
}
