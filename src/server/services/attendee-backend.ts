import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  BOOTH_TOKEN_SUBMIT_GRACE_MS,
  ContentRequestedDataSchema,
  boothTokenDevice,
  fieldsToAsk,
  verifyBoothToken,
  type AttendeeBackend,
  type AttendeeContext,
  type AttendeeContextRequest,
  type AttendeeDone,
  type AttendeeError,
  type AttendeeOffer,
  type AttendeeResult,
  type AttendeeSubmission,
  type AttendeeSubmitResult,
} from '../../shared/attendee';
import { attendeeError } from '../../shared/attendee/handle-request';
import type { IdentityKeyKind } from '../../shared/identity';
import { decideSelfService, matchesAmong } from '../../shared/person-match';
import { isPlaceholderKey } from '../../shared/trust';
import { acceptedConsentVersion, consentIn } from '../../shared/consent-text';
import { DEFAULT_LANGUAGE } from '../../shared/i18n';
import { applyProfile, createPerson, validatePersonInput } from '../../shared/person-ops';
import { verifyTicket } from '../../shared/scan/tickets';
import {
  EMPTY_PERSON_INPUT,
  EventSchema,
  IdSchema,
  InteractionSchema,
  PROFILE_FIELDS,
  PersonSchema,
  type FormField,
  type Interaction,
  type InteractionType,
  type LeadEvent,
  type Person,
  type PersonInput,
  type ProfileField,
} from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { lockCollections, redirectTargets } from './identity';
import { ingestDocuments } from './ingest';

/**
 * The pool's side of the attendee phone page (shared/attendee/protocol.ts). The booth token is
 * the credential: it names a device of the event, signed with the SHA-256 of that device's token
 * (what `devices.token_hash` holds). Submissions enter the pool like a device's push (people
 * through identity resolution, insert-only interactions), so customers merge and the booth
 * devices pull the new person and facts.
 *
 * Privacy: a visitor (a phone's random token) sees only what it did itself. It may be merged into
 * a person someone else created (same phone), but then it is never told what that person's record
 * holds: profiling asks from the fields this visitor typed, `done` lists this visitor's facts.
 */
const MOBILE = 'mobile';

/** Tolerant reading of offers other features own (assets, draws): only what the page shows. */
const OfferDocumentSchema = z.object({
  id: IdSchema,
  title: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  status: z.string().max(40).optional(),
});

const ProvidedSchema = z.array(z.enum(PROFILE_FIELDS));

type Fact = { kind: InteractionType; offerId: string };

interface Booth {
  deviceId: string;
  event: LeadEvent;
}

interface Visitor {
  hash: string;
  personId: string;
  owner: boolean;
  provided: ProfileField[];
}

/** Who is asking, and what of their person they may rely on. */
interface Recognized {
  person: Person;
  owner: boolean;
  provided: ProfileField[];
}

const fail = <T>(error: AttendeeError): AttendeeResult<T> => ({ ok: false, error });

export const visitorHash = (visitorToken: string) =>
  createHash('sha256').update(visitorToken, 'utf8').digest('hex');

/**
 * A download link for a content_requested fact, made now, in the submit's transaction (the white
 * paper feature's tokenized links); null when it cannot make one (asset gone). Without it the
 * page shows no links and says the link comes by email.
 */
export type DownloadLinkMaker = (
  tx: SqlExecutor,
  requestInteractionId: string,
) => Promise<{ url: string } | null>;

export interface PoolAttendeeBackendOptions {
  downloadLink?: DownloadLinkMaker;
}

export function createPoolAttendeeBackend(
  deps: Pick<PoolDeps, 'db' | 'clock' | 'newId'>,
  options: PoolAttendeeBackendOptions = {},
): AttendeeBackend {
  const { db } = deps;

  return {
    async context(request: AttendeeContextRequest) {
      const now = deps.clock();
      return db.transaction(async (tx) => {
        const booth = await verifyBooth(tx, request.boothToken, request.eventId, now, 0);
        if (!booth.ok) return booth;
        const { event } = booth.value;
        const hash = visitorHash(request.visitorToken);
        const recognized = await recognize(tx, event, hash, ticketHolder(request.ticket, event));
        const offers = await readOffers(tx, event.id);
        const shown = consentIn(event.consent, request.language ?? DEFAULT_LANGUAGE);
        const context: AttendeeContext = {
          event: {
            id: event.id,
            name: event.name,
            consentText: shown.text,
            consentVersion: shown.version,
          },
          ask: fieldsToAsk(event.form, knownTo(recognized)),
          required: event.form.required,
          recognized: recognized !== null,
          assets: offers.assets,
          draws: offers.draws,
          done: await doneBy(tx, event.id, hash),
          servedBy: 'pool',
        };
        return { ok: true, value: context };
      });
    },

    async submit(request: AttendeeSubmission) {
      const now = deps.clock();
      return db.transaction(async (tx) => {
        const booth = await verifyBooth(
          tx,
          request.boothToken,
          request.eventId,
          now,
          BOOTH_TOKEN_SUBMIT_GRACE_MS,
        );
        if (!booth.ok) return booth;
        // Held until commit (in the pool's lock order): the visitor's facts and the person are
        // read and written with no other writer in between, so a double tap is one fact.
        await lockCollections(tx, ['people', 'interactions']);
        return submitInTransaction(tx, deps, options, booth.value, request, now);
      });
    },
  };
}

/**
 * One replicated document, read without a row lock: the page's reads must not queue behind each
 * other (a hall of phones opening the page at once) or behind a device's push.
 */
async function readDocument(
  tx: SqlExecutor,
  collection: 'events' | 'people',
  id: string,
): Promise<{ eventId: string; deleted: boolean; data: unknown } | null> {
  const [row] = await tx.query<{ event_id: string; deleted: boolean; data: unknown }>(
    'select event_id, deleted, data from documents where collection = $1 and id = $2',
    [collection, id],
  );
  return row ? { eventId: row.event_id, deleted: row.deleted, data: row.data } : null;
}

// ─── Booth token ─────────────────────────────────────────────────────────────────────────────

async function verifyBooth(
  tx: SqlExecutor,
  token: string,
  pageEventId: string | undefined,
  now: number,
  graceMs: number,
): Promise<AttendeeResult<Booth>> {
  const invalid = fail<Booth>(
    attendeeError('booth_token_invalid', 'this booth code is not valid; scan the booth QR again'),
  );
  const deviceId = boothTokenDevice(token);
  if (!deviceId) return invalid;
  const [device] = await tx.query<{ event_id: string; token_hash: string; revoked_at: unknown }>(
    'select event_id, token_hash, revoked_at from devices where id = $1',
    [deviceId],
  );
  if (!device || device.revoked_at !== null || !/^[0-9a-f]{64}$/.test(device.token_hash)) {
    return invalid;
  }
  const key = new Uint8Array(Buffer.from(device.token_hash, 'hex'));
  const verdict = verifyBoothToken(token, key, now, graceMs);
  if (!verdict.ok) {
    return verdict.reason === 'booth_token_expired'
      ? fail(
          attendeeError(
            'booth_token_expired',
            'this booth code has expired; scan the booth QR again',
          ),
        )
      : invalid;
  }
  if (pageEventId !== undefined && pageEventId !== device.event_id) return invalid;
  const stored = await readDocument(tx, 'events', device.event_id);
  const event = stored && !stored.deleted ? EventSchema.safeParse(stored.data) : null;
  if (!event?.success) return invalid;
  return { ok: true, value: { deviceId, event: event.data } };
}

// ─── Who is asking ───────────────────────────────────────────────────────────────────────────

async function readVisitor(
  tx: SqlExecutor,
  eventId: string,
  hash: string,
): Promise<Visitor | null> {
  const [row] = await tx.query<{ person_id: string; owner: boolean; provided: unknown }>(
    `select person_id, owner, provided from attendee_visitors
      where event_id = $1 and visitor_hash = $2`,
    [eventId, hash],
  );
  if (!row) return null;
  const provided = ProvidedSchema.safeParse(row.provided);
  return {
    hash,
    personId: row.person_id,
    owner: row.owner,
    provided: provided.success ? provided.data : [],
  };
}

/** The live person of this event an id now stands for (following merges), or null. */
async function livePerson(
  tx: SqlExecutor,
  eventId: string,
  personId: string,
): Promise<Person | null> {
  const target = (await redirectTargets(tx, [personId])).get(personId) ?? personId;
  const stored = await readDocument(tx, 'people', target);
  if (!stored || stored.deleted || stored.eventId !== eventId) return null;
  const parsed = PersonSchema.safeParse(stored.data);
  return parsed.success ? parsed.data : null;
}

/** The person a valid ticket of this event names, or null (no ticket, forged, other event). */
function ticketHolder(ticket: string | undefined, event: LeadEvent): string | null {
  if (!ticket) return null;
  const verdict = verifyTicket(ticket, event);
  return verdict.ok ? verdict.claims.personId : null;
}

/** The visitor's own earlier visit, else a valid ticket's holder; erased people are gone. */
async function recognize(
  tx: SqlExecutor,
  event: LeadEvent,
  hash: string,
  holder: string | null,
): Promise<Recognized | null> {
  const visitor = await readVisitor(tx, event.id, hash);
  if (visitor) {
    const person = await livePerson(tx, event.id, visitor.personId);
    if (person) return { person, owner: visitor.owner, provided: visitor.provided };
  }
  if (holder !== null) {
    const person = await livePerson(tx, event.id, holder);
    // A ticket is proof of who the holder is: they may rely on their whole record.
    if (person) return { person, owner: true, provided: visitor?.provided ?? [] };
  }
  return null;
}

/** What profiling may count as known: the whole record for its owner, else what they typed. */
function knownTo(recognized: Recognized | null): Partial<Record<ProfileField, string>> | null {
  if (!recognized) return null;
  const { person, owner, provided } = recognized;
  const known: Partial<Record<ProfileField, string>> = {};
  for (const field of PROFILE_FIELDS) {
    if (owner || provided.includes(field)) known[field] = person[field];
  }
  return known;
}

// ─── Offers and facts ────────────────────────────────────────────────────────────────────────

/**
 * White papers and open draws of the event, read from the replicated documents by collection
 * name and parsed leniently: the collections may not exist yet, and a document this page cannot
 * show is left out rather than failing the page.
 */
async function readOffers(
  tx: SqlExecutor,
  eventId: string,
): Promise<{ assets: AttendeeOffer[]; draws: AttendeeOffer[] }> {
  const rows = await tx.query<{ collection: string; data: unknown }>(
    `select collection, data from documents
      where collection in ('assets', 'draws') and event_id = $1 and not deleted
      order by seq`,
    [eventId],
  );
  const assets: AttendeeOffer[] = [];
  const draws: AttendeeOffer[] = [];
  for (const row of rows) {
    const parsed = OfferDocumentSchema.safeParse(row.data);
    if (!parsed.success) continue;
    const title = (parsed.data.title ?? parsed.data.name ?? '').trim();
    if (title === '') continue;
    if (row.collection === 'assets') assets.push({ id: parsed.data.id, title });
    else if ((parsed.data.status ?? 'open') === 'open') draws.push({ id: parsed.data.id, title });
  }
  return { assets, draws };
}

async function factsOf(tx: SqlExecutor, eventId: string, hash: string): Promise<Fact[]> {
  const rows = await tx.query<{ kind: string; offer_id: string }>(
    `select kind, offer_id from attendee_visitor_facts
      where event_id = $1 and visitor_hash = $2 order by at, kind, offer_id`,
    [eventId, hash],
  );
  return rows.map((row) => ({ kind: row.kind as InteractionType, offerId: row.offer_id }));
}

/** This visitor's white-paper requests and the interactions that carry them. */
async function contentFactsOf(
  tx: SqlExecutor,
  eventId: string,
  hash: string,
): Promise<{ offerId: string; interactionId: string }[]> {
  const rows = await tx.query<{ offer_id: string; interaction_id: string }>(
    `select offer_id, interaction_id from attendee_visitor_facts
      where event_id = $1 and visitor_hash = $2 and kind = 'content_requested'
      order by at, offer_id`,
    [eventId, hash],
  );
  return rows.map((row) => ({ offerId: row.offer_id, interactionId: row.interaction_id }));
}

function doneOf(facts: readonly Fact[]): AttendeeDone {
  const of = (kind: InteractionType) => facts.filter((f) => f.kind === kind).map((f) => f.offerId);
  return {
    registered: of('registered').length > 0,
    checkedIn: of('checked_in').length > 0,
    contentIds: of('content_requested'),
    drawIds: of('draw_entered'),
    demo: of('demo_requested').length > 0,
    trial: of('trial_requested').length > 0,
  };
}

async function doneBy(tx: SqlExecutor, eventId: string, hash: string): Promise<AttendeeDone> {
  return doneOf(await factsOf(tx, eventId, hash));
}

// ─── Submit ──────────────────────────────────────────────────────────────────────────────────

async function submitInTransaction(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'newId'>,
  options: PoolAttendeeBackendOptions,
  booth: Booth,
  request: AttendeeSubmission,
  now: number,
): Promise<AttendeeResult<AttendeeSubmitResult>> {
  const { event, deviceId } = booth;
  const hash = visitorHash(request.visitorToken);
  const holder = ticketHolder(request.ticket, event);
  const recognized = await recognize(tx, event, hash, holder);
  const asked = fieldsToAsk(event.form, knownTo(recognized));

  // The fields: raw text of what the page showed, validated like every other person form.
  const input: PersonInput = { ...EMPTY_PERSON_INPUT };
  const typed: ProfileField[] = [];
  for (const [field, value] of Object.entries(request.fields)) {
    if (value === undefined || value.trim() === '') continue;
    input[field as FormField] = value;
    typed.push(field as FormField);
  }
  const required = asked.filter((field) => event.form.required.includes(field));
  const validation = validatePersonInput(input, { fields: event.form.fields, required });
  const fieldErrors: Record<string, string> = validation.ok ? {} : { ...validation.errors };
  // The version of the text the page showed (its language's translation or the main text).
  const consentVersion = request.consent.granted
    ? acceptedConsentVersion(event.consent, request.consent.version)
    : null;
  if (consentVersion === null) fieldErrors.consent = 'errors.consent';

  // The offers: only this event's papers and open draws; new ones are those not done yet.
  const offers = await readOffers(tx, event.id);
  const assetIds = new Set(offers.assets.map((offer) => offer.id));
  const drawIds = new Set(offers.draws.map((offer) => offer.id));
  const factsBefore = await factsOf(tx, event.id, hash);
  const doneBefore = doneOf(factsBefore);
  const unknownContent = request.requests.contentIds.filter(
    (id) => !assetIds.has(id) && !doneBefore.contentIds.includes(id),
  );
  const unknownDraws = request.requests.drawIds.filter(
    (id) => !drawIds.has(id) && !doneBefore.drawIds.includes(id),
  );

  // The link goes to an email this visitor gave: typed now, or typed on an earlier visit (or
  // their own record, for a ticket holder or the person's creator) — never someone else's.
  const typedEmail = validation.ok ? validation.profile.email : '';
  const ownEmail =
    recognized && (recognized.owner || recognized.provided.includes('email'))
      ? recognized.person.email
      : '';
  const linkEmail = typedEmail || ownEmail;
  const newContent = [...new Set(request.requests.contentIds)].filter(
    (id) => !doneBefore.contentIds.includes(id),
  );
  if (newContent.length > 0 && linkEmail === '' && !fieldErrors.email) {
    fieldErrors.email = 'errors.emailForPapers';
  }

  if (Object.keys(fieldErrors).length > 0 || !validation.ok) {
    const onlyConsent =
      validation.ok && Object.keys(fieldErrors).every((field) => field === 'consent');
    return fail(
      onlyConsent
        ? attendeeError('consent_required', 'consent to the notice is required', fieldErrors)
        : attendeeError('invalid_input', 'some fields are not valid', fieldErrors),
    );
  }
  if (unknownContent.length > 0 || unknownDraws.length > 0) {
    return fail(attendeeError('unknown_offer', 'an offer is not available at this event'));
  }

  // The person: the visitor's own (earlier visit, ticket); else what the booth's LAN backend
  // decides too (decideSelfService): the person of this event with the same phone / email /
  // WeChat id when the names agree and no key disagrees (self-service only fills what is empty
  // there, and never touches consent someone recorded); else someone new, whom identity
  // resolution links to nobody on its own: a key match becomes a possible duplicate.
  const profile = validation.profile;
  const write = { source: MOBILE, deviceId, at: now } as const;
  const consent = {
    granted: true,
    textVersion: consentVersion ?? event.consent.version,
    grantedAt: now,
  };
  const decision = recognized
    ? null
    : decideSelfService(profile, matchesAmong(profile, await peopleByKeys(tx, event.id, profile)));
  const matched = decision?.kind === 'fill' ? decision.person : null;
  const existing = recognized?.person ?? matched;
  const ownsConsent = recognized?.owner === true || existing?.consent.grantedAt === 0;
  const person = PersonSchema.parse(
    existing
      ? applyProfile(existing, profile, 'fill', write, ownsConsent ? consent : undefined)
      : createPerson(deps.newId(), event.id, profile, consent, write),
  );
  await ingestDocuments(tx, { clock: () => now, newId: deps.newId }, 'people', [
    { id: person.id, eventId: event.id, deleted: false, data: { ...person } },
  ]);
  // Identity resolution may fold this person into another of the event: facts go to the survivor.
  const personId = (await redirectTargets(tx, [person.id])).get(person.id) ?? person.id;

  const owner = recognized ? recognized.owner : matched === null && personId === person.id;
  const provided = [...new Set([...(recognized?.provided ?? []), ...typed])];
  await tx.query(
    `insert into attendee_visitors
       (event_id, visitor_hash, person_id, owner, provided, created_at, updated_at)
     values ($1, $2, $3, $4, $5::jsonb, $6, $6)
     on conflict (event_id, visitor_hash) do update
       set person_id = excluded.person_id, owner = excluded.owner,
           provided = excluded.provided, updated_at = excluded.updated_at`,
    [event.id, hash, personId, owner, JSON.stringify(provided), now],
  );

  // The facts: each once per visitor and offer.
  const wanted: { fact: Fact; data: Interaction['data'] }[] = [];
  if (!doneBefore.registered) {
    wanted.push({
      fact: { kind: 'registered', offerId: '' },
      data: { channel: MOBILE, consentVersion: consent.textVersion },
    });
  }
  for (const assetId of newContent) {
    const data = ContentRequestedDataSchema.parse({
      assetId,
      email: linkEmail,
      via: MOBILE,
      // The language of the mail that carries the link: the one the visitor used.
      ...(request.language ? { lang: request.language } : {}),
    });
    wanted.push({ fact: { kind: 'content_requested', offerId: assetId }, data });
  }
  for (const drawId of new Set(request.requests.drawIds)) {
    if (doneBefore.drawIds.includes(drawId)) continue;
    wanted.push({ fact: { kind: 'draw_entered', offerId: drawId }, data: { drawId } });
  }
  if (request.requests.demo && !doneBefore.demo) {
    wanted.push({ fact: { kind: 'demo_requested', offerId: '' }, data: { via: MOBILE } });
  }
  if (request.requests.trial && !doneBefore.trial) {
    wanted.push({ fact: { kind: 'trial_requested', offerId: '' }, data: { via: MOBILE } });
  }
  // The page opened from the attendee's own ticket link checks them in (once, like a scan).
  if (holder !== null && !doneBefore.checkedIn) {
    const holderNow = (await redirectTargets(tx, [holder])).get(holder) ?? holder;
    if (holderNow === personId) {
      wanted.push({ fact: { kind: 'checked_in', offerId: '' }, data: { via: MOBILE } });
    }
  }
  // A person already registered at this event (imported, kiosk) is not registered twice; the
  // visitor's own record still says it registered here.
  const registeredBefore = await isRegistered(tx, event.id, personId);
  const interactions: Interaction[] = [];
  for (const { fact, data } of wanted) {
    const id = deps.newId();
    await tx.query(
      `insert into attendee_visitor_facts (event_id, visitor_hash, kind, offer_id, interaction_id, at)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [event.id, hash, fact.kind, fact.offerId, id, now],
    );
    if (fact.kind === 'registered' && registeredBefore) continue;
    interactions.push(
      InteractionSchema.parse({
        id,
        eventId: event.id,
        personId,
        type: fact.kind,
        deviceId,
        staffId: '',
        occurredAt: now,
        data,
        updatedAt: now,
      }),
    );
  }
  await ingestDocuments(
    tx,
    { clock: () => now, newId: deps.newId },
    'interactions',
    interactions.map((doc) => ({
      id: doc.id,
      eventId: event.id,
      deleted: false,
      data: { ...doc },
    })),
  );

  const downloads: AttendeeSubmitResult['downloads'] = [];
  if (options.downloadLink) {
    const titles = new Map(offers.assets.map((offer) => [offer.id, offer.title]));
    for (const { offerId, interactionId } of await contentFactsOf(tx, event.id, hash)) {
      const title = titles.get(offerId);
      const link = title === undefined ? null : await options.downloadLink(tx, interactionId);
      if (link && title !== undefined) downloads.push({ assetId: offerId, title, url: link.url });
    }
  }

  const after = await livePerson(tx, event.id, personId);
  const nextKnown = after ? knownTo({ person: after, owner, provided }) : null;
  return {
    ok: true,
    value: {
      done: await doneBy(tx, event.id, hash),
      nextAsk: fieldsToAsk(event.form, nextKnown),
      downloads,
    },
  };
}

/**
 * Live people of this event holding one of the profile's identity keys (a bounded handful: a
 * key shared by more is no evidence anyway). Placeholders (13800138000, info@) are typed by
 * many people and are not looked up.
 */
async function peopleByKeys(
  tx: SqlExecutor,
  eventId: string,
  profile: { phone: string; email: string; wechatId: string },
): Promise<Person[]> {
  const values = (value: string, kind: IdentityKeyKind) =>
    value === '' || isPlaceholderKey(kind, value) ? [] : [value];
  const [phones, emails, wechats] = [
    values(profile.phone, 'phone'),
    values(profile.email, 'email'),
    values(profile.wechatId, 'wechat'),
  ];
  if (phones.length + emails.length + wechats.length === 0) return [];
  const rows = await tx.query<{ data: unknown }>(
    `select data from documents
      where collection = 'people' and event_id = $1 and not deleted
        and id not in (select from_id from person_redirects where event_id = $1)
        and (data->>'phone' = any($2::text[]) or data->>'email' = any($3::text[])
          or data->>'wechatId' = any($4::text[]))
      order by seq limit 10`,
    [eventId, phones, emails, wechats],
  );
  return rows.flatMap((row) => {
    const parsed = PersonSchema.safeParse(row.data);
    return parsed.success ? [parsed.data] : [];
  });
}

async function isRegistered(tx: SqlExecutor, eventId: string, personId: string): Promise<boolean> {
  const rows = await tx.query(
    `select 1 from documents
      where collection = 'interactions' and event_id = $1 and not deleted
        and data->>'type' = 'registered' and data->>'personId' = $2 limit 1`,
    [eventId, personId],
  );
  return rows.length > 0;
}
