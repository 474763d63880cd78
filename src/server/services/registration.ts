import { acceptedConsentVersion } from '../../shared/consent-text';
import type { Language } from '../../shared/i18n';
import { createPerson, validatePersonInput, type FieldErrors } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  InteractionSchema,
  PersonSchema,
  type LeadEvent,
  type PersonInput,
} from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { lockCollections, redirectTargets } from './identity';
import { ingestDocuments } from './ingest';
import { enqueueMail } from './mail-outbox';
import { TICKET_MAIL_KIND, ticketOf, type TicketMailPayload } from './ticket-mail';

/**
 * Self-registration on the event's public page (`/r/:eventId`). The registrant is always a new
 * person of the event, written as self-service (source `mobile`): identity resolution never
 * folds or merges them on its own, so typing a known phone number changes nobody's record and
 * gets nobody else's ticket (DESIGN.md "Trust"); a key match waits in the duplicates queue. The
 * ticket names the new person, so the ticket page shows only what the registrant typed.
 */

/** The device id registrations carry in provenance and facts. */
export const REGISTRATION_DEVICE = 'registration';

export interface RegistrationInput {
  /** Raw text per field of the event's form. */
  fields: Partial<Record<string, string>>;
  consentGranted: boolean;
  /** The consent version the page showed. */
  consentVersion: string;
  /** The link's channel code (channelOf), recorded as the lead's source. */
  channel: string;
  lang: Language;
}

export type RegistrationOutcome =
  | { ok: true; personId: string; ticket: string; mailed: boolean }
  | { ok: false; errors: FieldErrors };

export async function registerForEvent(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'assets' | 'scoreOnIngest'>,
  event: LeadEvent,
  input: RegistrationInput,
): Promise<RegistrationOutcome> {
  const now = deps.clock();
  const personInput: PersonInput = { ...EMPTY_PERSON_INPUT };
  for (const field of event.form.fields) {
    const value = input.fields[field];
    if (value !== undefined) personInput[field] = value;
  }
  const validation = validatePersonInput(personInput, event.form);
  const errors: FieldErrors = validation.ok ? {} : { ...validation.errors };
  const consentVersion = input.consentGranted
    ? acceptedConsentVersion(event.consent, input.consentVersion)
    : null;
  if (consentVersion === null) errors.consent = 'errors.consent';
  if (!validation.ok || consentVersion === null || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }

  // In the pool's lock order, as a device push and the phone page take them.
  await lockCollections(tx, ['people', 'interactions']);
  const created = PersonSchema.parse(
    createPerson(
      deps.newId(),
      event.id,
      validation.profile,
      { granted: true, textVersion: consentVersion, grantedAt: now },
      { source: 'mobile', deviceId: REGISTRATION_DEVICE, at: now },
    ),
  );
  await ingestDocuments(tx, deps, 'people', [
    { id: created.id, eventId: event.id, deleted: false, data: { ...created } },
  ]);
  const personId = (await redirectTargets(tx, [created.id])).get(created.id) ?? created.id;
  const [stored] = await tx.query<{ data: unknown }>(
    `select data from documents where collection = 'people' and id = $1`,
    [personId],
  );
  const holder = PersonSchema.parse(stored?.data ?? created);

  const fact = InteractionSchema.parse({
    id: deps.newId(),
    eventId: event.id,
    personId,
    type: 'registered',
    deviceId: REGISTRATION_DEVICE,
    staffId: '',
    occurredAt: now,
    data: { channel: 'registration', source: input.channel, consentVersion, lang: input.lang },
    updatedAt: now,
  });
  await ingestDocuments(tx, deps, 'interactions', [
    { id: fact.id, eventId: event.id, deleted: false, data: { ...fact } },
  ]);

  const ticket = await ticketOf(tx, event.id, holder);
  if (!ticket) throw new Error(`the pool holds no ticket key for event ${event.id}`);
  // The address the registrant typed: their own. Once per registration.
  const email = validation.profile.email;
  const mailed =
    email !== '' &&
    (await enqueueMail(tx, {
      kind: TICKET_MAIL_KIND,
      dedupeKey: `ticket:registration:${created.id}`,
      to: email,
      payload: { eventId: event.id, personId, lang: input.lang } satisfies TicketMailPayload,
      now,
    }));
  return { ok: true, personId, ticket, mailed };
}
