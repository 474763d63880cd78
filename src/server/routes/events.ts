import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Papa from 'papaparse';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  CreateEventBodySchema,
  EnrollmentCodesBodySchema,
  PatchEventBodySchema,
  SavedEventSchema,
  describeIssues,
  IMPORT_BODY_LIMIT_BYTES,
  IMPORT_PREVIEW_ROWS,
  mapHeader,
  ImportQuerySchema,
  TicketsQuerySchema,
  XLSX_MIME,
  type EnrollmentCodesResponse,
  type EventListResponse,
  type EventResponse,
  type ImportPreviewResponse,
  type ImportRejectedBody,
  type TicketsResponse,
} from '../../shared/api';
import { neutralizeCell } from '../../shared/export/lead-rows';
import { CATALOGS } from '../../shared/i18n';
import { EventSchema, type EventConsent, type LeadEvent } from '../../shared/schemas';
import { formatEnrollmentQr } from '../../shared/sync';
import { authenticate, hashToken, requireUser } from '../auth';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { ApiError, badRequest, conflict, notFound } from '../http-errors';
import {
  ImportFileError,
  planImport,
  readAttendeeFile,
  writeImport,
} from '../services/attendee-import';
import { loadEventPeople } from '../services/customers-query';
import { writeDocuments } from '../services/documents';
import { createEventKey, ticketSigner } from '../services/event-keys';
import { lockCollections } from '../services/identity';
import { languageFromAcceptLanguage } from '../services/mail-message';
import { normalizeEnrollmentCode } from './devices';

/** Marketing and admins run events; sales users and devices may not. */
export async function requireEventManager(deps: Pick<PoolDeps, 'db'>, request: FastifyRequest) {
  return requireUser(await authenticate(deps.db, request), ['admin', 'marketing']);
}

/** Parses with a shared schema; i18n message keys in its messages become English text. */
export function parseApi<S extends z.ZodType>(schema: S, value: unknown, what = 'body') {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`invalid ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data as z.output<S>;
}

export const EventParamsSchema = z.object({ id: z.string().max(64) });

export async function loadEvent(tx: SqlExecutor, id: string): Promise<LeadEvent> {
  const [row] = await tx.query<{ data: unknown }>(
    `select data from documents where collection = 'events' and id = $1 and not deleted`,
    [id],
  );
  const parsed = EventSchema.safeParse(row?.data);
  if (!parsed.success) throw notFound(`no event ${id}`);
  return parsed.data;
}

/** Every event the pool holds, latest first; a stored row that no longer parses is left out. */
export async function listEvents(tx: SqlExecutor): Promise<LeadEvent[]> {
  const rows = await tx.query<{ data: unknown }>(
    `select data from documents where collection = 'events' and not deleted
      order by data->>'startsOn' desc, id desc`,
  );
  return rows.flatMap((row) => {
    const parsed = EventSchema.safeParse(row.data);
    return parsed.success ? [parsed.data] : [];
  });
}

/** An event is its own scope: devices enrolled for it pull it with their event's documents. */
async function saveEvent(tx: SqlExecutor, event: LeadEvent, at: number): Promise<void> {
  await writeDocuments(
    tx,
    'events',
    [{ id: event.id, eventId: event.id, deleted: false, data: { ...event } }],
    at,
  );
}

/** Typed by hand at a booth: upper case, no 0/O, 1/I/L look-alikes. */
export const ENROLLMENT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Characters of an enrollment code, without the dashes that group them for reading aloud. */
export const ENROLLMENT_CODE_LENGTH = 16;

/**
 * `XXXX-XXXX-XXXX-XXXX`: 16 characters of 31, 31^16 ≈ 7.3e23 codes (≈ 79 bits). Guessing is
 * hopeless at the enrollment limit (README "Enrollment codes" has the sum): even 1,000 live
 * codes, 10,000 addresses at 20 tries a minute each and 30 days give odds of about 1e-11.
 * Still typeable from a screen, and the enrollment QR stays small.
 */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += ENROLLMENT_ALPHABET[randomInt(ENROLLMENT_ALPHABET.length)];
  }
  return code;
}

export function registerEventRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;

  api.post('/events', async (request, reply) => {
    await requireEventManager(deps, request);
    const body = parseApi(CreateEventBodySchema, request.body);
    const now = clock();
    const id = newId();
    const event = await db.transaction(async (tx) => {
      const publicKey = await createEventKey(tx, id);
      const created = EventSchema.parse({
        ...body,
        id,
        publicKey,
        createdAt: now,
        updatedAt: now,
      });
      await saveEvent(tx, created, now);
      return created;
    });
    const response: EventResponse = { event };
    return reply.status(201).send(response);
  });

  api.get('/events', async (request) => {
    await requireEventManager(deps, request);
    const events = await listEvents(db);
    const response: EventListResponse = { events };
    return response;
  });

  api.get('/events/:id', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const response: EventResponse = { event: await loadEvent(db, id) };
    return response;
  });

  // The pool owns events: its edit is the master version every device pulls.
  api.patch('/events/:id', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const patch = parseApi(PatchEventBodySchema, request.body);
    const now = clock();
    const event = await db.transaction(async (tx) => {
      // Read-modify-write under the events sequence lock: two concurrent patches never lose one.
      await lockCollections(tx, ['events']);
      const current = await loadEvent(tx, id);
      // Registrations record the consent version they agreed to; new words need a new version,
      // in the main text and in each translation (a version names the words people were shown).
      const reworded = patch.consent
        ? rewordedUnderOldVersion(current.consent, patch.consent)
        : null;
      if (reworded !== null) {
        throw badRequest(
          `invalid body: ${reworded}: the consent text changed, so give it a new version`,
        );
      }
      const next = parseApi(SavedEventSchema, { ...current, ...patch, updatedAt: now });
      await saveEvent(tx, next, now);
      return next;
    });
    const response: EventResponse = { event };
    return response;
  });

  api.post('/events/:id/enrollment-codes', async (request, reply) => {
    const user = await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const body = parseApi(EnrollmentCodesBodySchema, request.body ?? {});
    await loadEvent(db, id);
    const now = clock();
    const expiresAt = now + body.ttlMinutes * 60_000;
    const codes: string[] = [];
    while (codes.length < body.count) {
      const code = newEnrollmentCode();
      // A repeat of a live code (≈ never at 79 bits) is just drawn again.
      const inserted = await db.query(
        `insert into enrollment_codes (code_hash, event_id, created_by, created_at, expires_at)
         values ($1, $2, $3, $4, $5) on conflict (code_hash) do nothing returning code_hash`,
        [hashToken(normalizeEnrollmentCode(code)), id, user.userId, now, expiresAt],
      );
      if (inserted.length > 0) codes.push(code);
    }
    const response: EnrollmentCodesResponse = {
      eventId: id,
      codes: await Promise.all(
        codes.map(async (code) => {
          const qrText = formatEnrollmentQr({ poolUrl: deps.publicUrl(), code });
          const qrImage = await QRCode.toDataURL(qrText, { errorCorrectionLevel: 'M', margin: 2 });
          return { code, qrText, qrImage, expiresAt };
        }),
      ),
    };
    return reply.status(201).send(response);
  });
}

/** What a file upload may be labelled as; the bytes decide between CSV and XLSX. */
const FILE_TYPES: Record<string, 'csv' | 'xlsx' | 'any'> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/plain': 'csv',
  [XLSX_MIME]: 'xlsx',
  // Windows labels .csv files with Excel's old type; generic uploads say octet-stream.
  'application/vnd.ms-excel': 'any',
  'application/octet-stream': 'any',
};

const mediaType = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The 422 report lists at most this many rows (the message gives the total). */
const MAX_REPORTED_ROWS = 1000;

export function registerAttendeeRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  // The file is the raw body. Its own scope, so only these routes take non-JSON bodies.
  void api.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    /** The file of either route read and planned against its event; a bad file is a 422. */
    const planFromRequest = async (request: FastifyRequest) => {
      const { id } = parseApi(EventParamsSchema, request.params, 'path');
      const { lang } = parseApi(ImportQuerySchema, request.query, 'query');
      const declared = FILE_TYPES[mediaType(request)];
      if (!declared) {
        throw new ApiError(
          415,
          'unsupported_media_type',
          `send the attendee file as the raw body with Content-Type text/csv or ${XLSX_MIME}`,
        );
      }
      const event = await loadEvent(db, id);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const table = await readAttendeeFile(bytes, declared);
        return { event, table, plan: planImport(table, event, lang) };
      } catch (error) {
        if (error instanceof ImportFileError) throw new ApiError(422, error.code, error.message);
        throw error;
      }
    };

    scoped.post(
      '/events/:id/attendees/import',
      { bodyLimit: IMPORT_BODY_LIMIT_BYTES },
      async (request, reply) => {
        const user = await requireEventManager(deps, request);
        const { event, plan } = await planFromRequest(request);
        const signTicket = await ticketSigner(db, event.id);
        if (!signTicket) {
          throw conflict('the pool holds no ticket key for this event', 'no_event_key');
        }
        if (!plan.ok) {
          const count = plan.rejections.length;
          const body: ImportRejectedBody = {
            error: {
              code: 'rows_rejected',
              message:
                `${count} of ${plan.rows} rows rejected; nothing was imported` +
                (count > MAX_REPORTED_ROWS ? ` (the first ${MAX_REPORTED_ROWS} are listed)` : ''),
              rows: plan.rejections.slice(0, MAX_REPORTED_ROWS),
            },
          };
          return reply.status(422).send(body);
        }
        const accepted = plan;
        return db.transaction((tx) =>
          writeImport(tx, { deps, event, staffId: user.userId, signTicket }, accepted),
        );
      },
    );

    // What the import would do with this file, before marketing commits to it.
    scoped.post(
      '/events/:id/attendees/preview',
      { bodyLimit: IMPORT_BODY_LIMIT_BYTES },
      async (request) => {
        await requireEventManager(deps, request);
        const { event, table, plan } = await planFromRequest(request);
        const [header = [], ...body] = table;
        const mapping = mapHeader(header);
        const people = plan.ok ? plan.candidates.length : 0;
        const response: ImportPreviewResponse = {
          eventId: event.id,
          rows: plan.rows,
          header,
          columns: mapping.ok ? mapping.columns : header.map(() => null),
          sample: body.slice(0, IMPORT_PREVIEW_ROWS),
          people,
          duplicateRows: plan.ok ? plan.rows - people : 0,
          rejections: plan.ok ? [] : plan.rejections.slice(0, MAX_REPORTED_ROWS),
          rejectedRows: plan.ok ? 0 : plan.rejections.length,
        };
        return response;
      },
    );
  });

  // Every person's ticket, issued at their creation time so the same person always gets the
  // same code (Ed25519 signatures are deterministic), e.g. to mail them again.
  api.get('/events/:id/tickets', async (request, reply) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const { format, lang } = parseApi(TicketsQuerySchema, request.query, 'query');
    const event = await loadEvent(db, id);
    const sign = await ticketSigner(db, id);
    if (!sign) throw conflict('the pool holds no ticket key for this event', 'no_event_key');
    const people = await loadEventPeople(db, id);
    const tickets = people
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .map((person) => ({
        personId: person.id,
        name: person.name,
        phone: person.phone,
        email: person.email,
        company: person.company,
        ticket: sign(person.id, person.createdAt),
      }));
    if (format === 'csv') {
      const header = ['personId', 'name', 'phone', 'email', 'company', 'ticket'] as const;
      // Headers in the reader's language: ?lang= first, else the request's Accept-Language.
      const words =
        CATALOGS[lang ?? languageFromAcceptLanguage(request.headers['accept-language'])];
      const csv = Papa.unparse(
        {
          fields: header.map((column) => words.tickets.csv[column]),
          data: tickets.map((t) => header.map((column) => neutralizeCell(t[column]))),
        },
        { quotes: true, newline: '\r\n' },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tickets-${id}.csv"`)
        .send(`\uFEFF${csv}`);
    }
    const response: TicketsResponse = { eventId: id, publicKey: event.publicKey, tickets };
    return response;
  });
}

/** The path of the first consent text whose words changed while its version stayed; else null. */
function rewordedUnderOldVersion(current: EventConsent, next: EventConsent): string | null {
  if (next.text !== current.text && next.version === current.version) return 'consent.version';
  const index = (next.translations ?? []).findIndex((translation) => {
    const before = (current.translations ?? []).find((t) => t.language === translation.language);
    return before && before.text !== translation.text && before.version === translation.version;
  });
  return index < 0 ? null : `consent.translations.${index}.version`;
}
