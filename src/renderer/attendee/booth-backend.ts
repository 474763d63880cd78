import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { RxCollection } from 'rxdb';
import {
  AttendeeOfferSchema,
  BOOTH_TOKEN_SUBMIT_GRACE_MS,
  ContentRequestedDataSchema,
  fieldsToAsk,
  NOTHING_DONE,
  verifyBoothToken,
  type AttendeeBackend,
  type AttendeeContextRequest,
  type AttendeeDone,
  type AttendeeErrorCode,
  type AttendeeOffer,
  type AttendeeResult,
  type AttendeeSubmission,
} from '../../shared/attendee';
import type { Clock, IdGenerator } from '../../shared/ids';
import { applyProfile, createPerson, profileOf } from '../../shared/person-ops';
import { decideSelfService, type PersonMatch } from '../../shared/person-match';
import { verifyTicket } from '../../shared/scan';
import { acceptedConsentVersion, consentIn, consentVersions } from '../../shared/consent-text';
import { DEFAULT_LANGUAGE } from '../../shared/i18n';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  PersonInputSchema,
  PersonSchema,
  type Consent,
  type FormField,
  type LeadEvent,
  type Person,
  type PersonInput,
  type ProfileField,
} from '../../shared/schemas';
import type { LeadDatabase } from '../store/database';
import {
  duplicateFacts,
  findMatches,
  recordInteraction,
  unappliedData,
  type CaptureContext,
} from '../store/leads';

/** Who this booth is right now: the id in its QR, the event it serves, the booth token key. */
export interface BoothIdentity {
  deviceId: string;
  eventId: string;
  key: Uint8Array;
}

export interface OfferLists {
  assets: AttendeeOffer[];
  draws: AttendeeOffer[];
}

export interface BoothBackendDeps {
  db: LeadDatabase;
  clock: Clock;
  newId: IdGenerator;
  /** null while the booth has no current event. */
  booth(): Promise<BoothIdentity | null>;
  /** White papers and draws on offer; defaults to the store's `assets` and `draws` collections. */
  offers?(db: LeadDatabase, eventId: string): Promise<OfferLists>;
}

/**
 * What one phone (visitor token) did at one event, kept on this device only (an RxDB local
 * document, never replicated). `owner`: the visitor made this person or proved to be them (a
 * ticket); otherwise they matched someone else's phone or email and see only what they gave.
 */
interface VisitorRecord {
  eventId: string;
  personId: string;
  owner: boolean;
  given: FormField[];
  done: AttendeeDone;
}

interface Visitor {
  key: string;
  record: VisitorRecord | null;
  person: Person | null;
  personId: string | null;
  owner: boolean;
  /** The person a valid ticket of this event names (the page opened from a ticket link). */
  ticketHolder: string | null;
}

type Failure = {
  ok: false;
  error: { code: AttendeeErrorCode; message: string; fields?: Record<string, string> };
};

function fail(code: AttendeeErrorCode, message: string, fields?: Record<string, string>): Failure {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

/** The local document id of a visitor at an event: a hash, so the token itself is not stored. */
export function visitorDocId(eventId: string, visitorToken: string): string {
  return `attendee-visitor-${bytesToHex(sha256(utf8ToBytes(`${eventId}|${visitorToken}`))).slice(0, 40)}`;
}

/**
 * The booth's `AttendeeBackend` on the local store: what phones reach over the booth's LAN server
 * when the venue has no internet. Verifies the booth token (this device's key), recognizes the
 * visitor (their phone's token, a ticket, or the phone/email they type), writes the person and the
 * engagement facts durably before answering — so staff see them at once and sync takes them to
 * the pool later — and answers with nothing about anyone but this visitor.
 */
export function createBoothBackend(deps: BoothBackendDeps): AttendeeBackend {
  const { db } = deps;
  const loadOffers = deps.offers ?? storeOffers;
  let queue: Promise<unknown> = Promise.resolve();

  async function opened(
    { boothToken, eventId }: { boothToken: string; eventId?: string | undefined },
    graceMs: number,
  ): Promise<{ ok: true; booth: BoothIdentity; event: LeadEvent } | Failure> {
    const booth = await deps.booth();
    if (!booth) return fail('unavailable', 'the booth has no event open');
    // The page's URL names an event: a QR of this booth for another event is not this visit.
    if (eventId !== undefined && eventId !== booth.eventId) {
      return fail('booth_token_invalid', 'scan the booth QR code again');
    }
    const verdict = verifyBoothToken(boothToken, booth.key, deps.clock(), graceMs);
    if (!verdict.ok) return fail(verdict.reason, 'scan the booth QR code again');
    if (verdict.deviceId !== booth.deviceId) {
      return fail('booth_token_invalid', 'scan the booth QR code again');
    }
    const doc = await db.events.findOne(booth.eventId).exec();
    if (!doc) return fail('unavailable', 'the booth has no event open');
    return { ok: true, booth, event: doc.toMutableJSON() };
  }

  async function recognize(
    event: LeadEvent,
    request: Pick<AttendeeContextRequest, 'visitorToken' | 'ticket'>,
  ): Promise<Visitor> {
    const key = visitorDocId(event.id, request.visitorToken);
    const local = await db.getLocal<VisitorRecord>(key);
    const record = local ? (structuredClone(local.toJSON().data) as VisitorRecord) : null;
    // A valid ticket proves who this is; it wins over an earlier visit's guess.
    const verdict = request.ticket ? verifyTicket(request.ticket, event) : null;
    if (verdict?.ok) {
      const personId = verdict.claims.personId;
      const person = await personById(personId);
      return { key, record, personId, owner: true, person, ticketHolder: personId };
    }
    if (record && record.eventId === event.id) {
      const person = await personById(record.personId);
      const { personId, owner } = record;
      return { key, record, personId, owner, person, ticketHolder: null };
    }
    return { key, record: null, personId: null, owner: false, person: null, ticketHolder: null };
  }

  async function personById(id: string): Promise<Person | null> {
    const doc = await db.people.findOne(id).exec();
    return doc ? doc.toMutableJSON() : null;
  }

  /** What this visitor may be told is already known: their own person, or what they typed. */
  function knownTo(
    visitor: Visitor,
    given: readonly FormField[],
  ): Partial<Record<ProfileField, string>> {
    if (visitor.owner && visitor.person) return profileOf(visitor.person);
    return Object.fromEntries(given.map((field) => [field, 'given']));
  }

  async function doneOf(
    visitor: Visitor,
    own: AttendeeDone,
    eventId: string,
  ): Promise<AttendeeDone> {
    if (!visitor.owner || !visitor.personId) return own;
    const facts = await db.interactions
      .find({ selector: { personId: visitor.personId, eventId } })
      .exec();
    const done = { ...own, contentIds: [...own.contentIds], drawIds: [...own.drawIds] };
    for (const fact of facts) {
      const assetId = fact.data.assetId;
      const drawId = fact.data.drawId;
      if (fact.type === 'registered') done.registered = true;
      if (fact.type === 'checked_in') done.checkedIn = true;
      if (fact.type === 'demo_requested') done.demo = true;
      if (fact.type === 'trial_requested') done.trial = true;
      if (fact.type === 'content_requested' && typeof assetId === 'string')
        done.contentIds.push(assetId);
      if (fact.type === 'draw_entered' && typeof drawId === 'string') done.drawIds.push(drawId);
    }
    done.contentIds = [...new Set(done.contentIds)];
    done.drawIds = [...new Set(done.drawIds)];
    return done;
  }

  async function context(request: AttendeeContextRequest) {
    const open = await opened(request, 0);
    if (!open.ok) return open;
    const { event } = open;
    const visitor = await recognize(event, request);
    const given = visitor.record?.given ?? [];
    const offers = await loadOffers(db, event.id);
    const shown = consentIn(event.consent, request.language ?? DEFAULT_LANGUAGE);
    return {
      ok: true as const,
      value: {
        event: {
          id: event.id,
          name: event.name,
          consentText: shown.text,
          consentVersion: shown.version,
        },
        ask: fieldsToAsk(event.form, visitor.personId ? knownTo(visitor, given) : null),
        required: event.form.required,
        recognized: visitor.personId !== null,
        assets: offers.assets,
        draws: offers.draws,
        done: await doneOf(visitor, visitor.record?.done ?? NOTHING_DONE, event.id),
        servedBy: 'booth' as const,
      },
    };
  }

  async function submitNow(request: AttendeeSubmission) {
    const open = await opened(request, BOOTH_TOKEN_SUBMIT_GRACE_MS);
    if (!open.ok) return open;
    const { event, booth } = open;
    const visitor = await recognize(event, request);
    const given = visitor.record?.given ?? [];

    const consentKnown =
      visitor.owner &&
      visitor.person?.consent.granted === true &&
      consentVersions(event.consent).includes(visitor.person.consent.textVersion);
    // The version of the text the page showed: its language's translation or the main text.
    const consentVersion = acceptedConsentVersion(event.consent, request.consent.version);
    if (request.consent.granted && consentVersion === null) {
      return fail('consent_required', 'the consent text changed; read it again');
    }
    const consentMissing = !request.consent.granted && !consentKnown;

    // Only the event's fields count; anything else a page sends is ignored.
    const submitted: Partial<PersonInput> = {};
    for (const field of event.form.fields) {
      const value = request.fields[field];
      if (value !== undefined) submitted[field] = value;
    }
    const parsed = PersonInputSchema.safeParse({ ...EMPTY_PERSON_INPUT, ...submitted });
    const errors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'form');
        errors[field] ??= issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
      }
    }
    const known = knownTo(visitor, given);
    for (const field of event.form.required) {
      const typed = (submitted[field] ?? '').trim() !== '';
      if (!typed && (known[field] ?? '').trim() === '') errors[field] ??= 'errors.required';
    }
    const offers = await loadOffers(db, event.id);
    const { contentIds, drawIds } = request.requests;
    if (
      contentIds.some((id) => !offers.assets.some((a) => a.id === id)) ||
      drawIds.some((id) => !offers.draws.some((d) => d.id === id))
    ) {
      return fail('unknown_offer', 'that offer is not available at this booth');
    }
    // Consent is judged with the fields, so the page shows every error in one go.
    if (consentMissing) {
      return fail('consent_required', 'consent is required', {
        ...errors,
        consent: 'errors.consent',
      });
    }
    if (!parsed.success || Object.keys(errors).length > 0) {
      return fail('invalid_input', 'check the highlighted fields', errors);
    }
    const profile = parsed.data;
    const email = profile.email || (visitor.owner ? (visitor.person?.email ?? '') : '');
    if (contentIds.length > 0 && email === '') {
      return fail('invalid_input', 'an email address is needed for the white paper', {
        email: 'errors.required',
      });
    }

    return write(event, booth, visitor, request, profile, email);
  }

  /** One submission at a time: two taps on "submit" must not write two people. */
  function submit(request: AttendeeSubmission) {
    const run = queue.then(() => submitNow(request));
    queue = run.catch(() => undefined);
    return run;
  }

  async function write(
    event: LeadEvent,
    booth: BoothIdentity,
    visitor: Visitor,
    request: AttendeeSubmission,
    profile: ReturnType<typeof PersonInputSchema.parse>,
    email: string,
  ): Promise<AttendeeResult<{ done: AttendeeDone; nextAsk: FormField[]; downloads: [] }>> {
    const ctx: CaptureContext = {
      db,
      deviceId: booth.deviceId,
      staffId: '',
      clock: deps.clock,
      newId: deps.newId,
    };
    const at = deps.clock();
    const writeCtx = { source: 'mobile' as const, deviceId: booth.deviceId, at };
    const consent: Consent | undefined = request.consent.granted
      ? {
          granted: true,
          textVersion:
            acceptedConsentVersion(event.consent, request.consent.version) ?? event.consent.version,
          grantedAt: at,
        }
      : undefined;

    // The person: the visitor's own (earlier visit, ticket); else by the match rule for
    // self-service — the same person when names and keys agree (filled, shown nothing), else
    // someone new, linked as a possible duplicate to whoever shares the phone or email.
    let matched: Person | null;
    let personId: string;
    let owner: boolean;
    let links: PersonMatch[] = [];
    let unapplied: Partial<Record<ProfileField, string>> = {};
    if (visitor.personId) {
      matched = await personById(visitor.personId);
      personId = visitor.personId;
      owner = visitor.owner;
    } else {
      const decision = decideSelfService(
        { ...EMPTY_PERSON_INPUT, ...profile },
        await findMatches(db, event.id, profile),
      );
      matched = decision.kind === 'fill' ? decision.person : null;
      links = decision.kind === 'separate' ? decision.duplicates : [];
      unapplied = decision.kind === 'fill' ? decision.unapplied : {};
      personId = matched?.id ?? deps.newId();
      owner = matched === null;
    }
    const base =
      matched ?? createPerson(personId, event.id, EMPTY_PERSON_INPUT, NO_CONSENT, writeCtx);
    // Consent someone recorded is theirs: a matching visitor only gives it where none was given.
    const ownsConsent = owner || base.consent.grantedAt === 0;
    const person = PersonSchema.parse(
      applyProfile(base, profile, 'fill', writeCtx, ownsConsent ? consent : undefined),
    );

    const earlier = await db.interactions
      .find({ selector: { personId, eventId: event.id } })
      .exec();
    const has = (type: string, key?: string, id?: string) =>
      earlier.some((f) => f.type === type && (key === undefined || f.data[key] === id));
    const own = visitor.record?.eventId === event.id ? visitor.record.done : NOTHING_DONE;
    const facts: Parameters<typeof recordInteraction>[1][] = [];
    const fact = (
      type: Parameters<typeof recordInteraction>[1]['type'],
      data: Record<string, string>,
    ) => facts.push({ eventId: event.id, personId, type, data });
    if (!own.registered) {
      fact('registered', {
        channel: 'mobile',
        consentVersion: person.consent.textVersion,
        ...unappliedData(unapplied),
      });
    }
    facts.push(...duplicateFacts(event.id, personId, links, 'mobile'));
    for (const assetId of request.requests.contentIds) {
      if (!has('content_requested', 'assetId', assetId)) {
        fact(
          'content_requested',
          ContentRequestedDataSchema.parse({
            assetId,
            email,
            via: 'mobile',
            // The pool writes the link's email in the language the page was shown in.
            ...(request.language ? { lang: request.language } : {}),
          }),
        );
      }
    }
    for (const drawId of request.requests.drawIds) {
      if (!has('draw_entered', 'drawId', drawId)) fact('draw_entered', { drawId });
    }
    // The page opened from the attendee's own ticket link checks them in (once, like a scan).
    const checksIn = visitor.ticketHolder === personId && !has('checked_in');
    if (checksIn) fact('checked_in', { via: 'mobile' });
    if (request.requests.demo && !has('demo_requested')) fact('demo_requested', { via: 'mobile' });
    if (request.requests.trial && !has('trial_requested'))
      fact('trial_requested', { via: 'mobile' });

    const typed = (Object.keys(profile) as ProfileField[]).filter(
      (field): field is FormField => profile[field] !== '' && event.form.fields.includes(field),
    );
    const record: VisitorRecord = {
      eventId: event.id,
      personId,
      owner,
      given: [
        ...new Set([
          ...(visitor.record?.eventId === event.id ? visitor.record.given : []),
          ...typed,
        ]),
      ],
      done: {
        registered: true,
        checkedIn: (own.checkedIn ?? false) || checksIn,
        contentIds: [...new Set([...own.contentIds, ...request.requests.contentIds])],
        drawIds: [...new Set([...own.drawIds, ...request.requests.drawIds])],
        demo: own.demo || request.requests.demo,
        trial: own.trial || request.requests.trial,
      },
    };
    // Everything is committed (strict durability) before the phone hears "thank you".
    await Promise.all([
      matched ? db.people.upsert(person) : db.people.insert(person),
      ...facts.map((f) => recordInteraction(ctx, f)),
      db.upsertLocal<VisitorRecord>(visitor.key, record),
    ]);
    const after: Visitor = { ...visitor, personId, owner, person, record };
    return {
      ok: true,
      value: {
        done: await doneOf(after, record.done, event.id),
        nextAsk: fieldsToAsk(event.form, knownTo(after, record.given)),
        downloads: [],
      },
    };
  }

  return { context, submit };
}

/**
 * Offers from the store: white papers (`assets`) and open draws (`draws`) of the event, where
 * this build has those collections. Documents that do not look like an offer are left out.
 */
export async function storeOffers(db: LeadDatabase, eventId: string): Promise<OfferLists> {
  const collections = db.collections as unknown as Record<string, RxCollection | undefined>;
  async function read(name: string, open: (doc: Record<string, unknown>) => boolean) {
    const collection = collections[name];
    if (!collection) return [];
    const docs = await collection.find({ selector: { eventId } }).exec();
    const offers: AttendeeOffer[] = [];
    for (const doc of docs) {
      const data = doc.toJSON() as Record<string, unknown>;
      if (!open(data)) continue;
      const offer = AttendeeOfferSchema.safeParse({ id: data.id, title: data.title ?? data.name });
      if (offer.success) offers.push(offer.data);
    }
    return offers;
  }
  return {
    assets: await read('assets', () => true),
    // A drawn draw takes no more entries (the pool reads the same status).
    draws: await read('draws', (draw) => (draw.status ?? 'open') === 'open'),
  };
}
