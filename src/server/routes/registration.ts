import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RegistrationFormSchema, channelOf } from '../../shared/api';
import { consentIn } from '../../shared/consent-text';
import { CATALOGS, isLanguage, type Language } from '../../shared/i18n';
import { verifyTicket } from '../../shared/scan/tickets';
import { EventSchema, IdSchema, PersonSchema, type LeadEvent } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { redirectTargets } from '../services/identity';
import { languageFromAcceptLanguage } from '../services/mail-message';
import { registerForEvent } from '../services/registration';
import { ticketPageUrl, ticketQrDataUrl } from '../services/ticket-mail';
import { ATTENDEE_BODY_LIMIT_BYTES, ATTENDEE_PAGE_CSP } from './attendee';
import { messagePage, registrationPage, ticketPage } from './ticket-pages';

/**
 * The pool's public pages before the event, outside /api/v1 and without any sign-in:
 *   GET  /r/:eventId?c=<channel>&lang=   the registration page of an event
 *   POST /r/:eventId                     a registration (form post) → 303 to the ticket page
 *   GET  /t/:eventId?t=<ticket>&lang=    the holder's own ticket page: the ticket is the credential
 * A ticket shows its holder's name, event and QR, nothing of anyone else; a malformed, forged or
 * other event's ticket is a 404 page that says only that the ticket is not valid.
 */
export interface RegistrationRouteOptions {
  /** The built attendee phone page, whose stylesheet these pages use. */
  pageDir: string;
  /** Requests per minute per address, as the phone page's API. */
  perMinute: number;
}

const EventParamsSchema = z.object({ eventId: IdSchema });
const PageQuerySchema = z.object({
  c: z.string().max(64).optional(),
  lang: z.string().max(10).optional(),
});
const TicketQuerySchema = z.object({
  t: z.string().max(200),
  lang: z.string().max(10).optional(),
  new: z.literal('1').optional(),
});

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', ATTENDEE_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

function languageOf(request: FastifyRequest, forced: unknown): Language {
  return isLanguage(forced)
    ? forced
    : languageFromAcceptLanguage(request.headers['accept-language']);
}

async function liveEvent(db: SqlExecutor, id: string): Promise<LeadEvent | null> {
  const [row] = await db.query<{ data: unknown }>(
    `select data from documents where collection = 'events' and id = $1 and not deleted`,
    [id],
  );
  const parsed = EventSchema.safeParse(row?.data);
  return parsed.success ? parsed.data : null;
}

/** Repeated form fields become arrays, which the form schema refuses: a browser sends each once. */
function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const before = form[key];
    form[key] =
      before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return form;
}

export async function registerRegistrationRoutes(
  app: FastifyInstance,
  deps: PoolDeps,
  options: RegistrationRouteOptions,
): Promise<void> {
  const { db } = deps;
  const indexFile = join(resolve(options.pageDir), 'index.html');

  /** The phone page's icon and stylesheet links (never its script). */
  async function pageHead(): Promise<string> {
    try {
      const html = await readFile(indexFile, 'utf8');
      return (html.match(/<link\b[^>]*>/g) ?? []).join('\n');
    } catch {
      return '';
    }
  }

  const sendHtml = (reply: FastifyReply, status: number, html: string) =>
    secure(reply).status(status).type('text/html; charset=utf-8').send(html);

  const notFound = async (reply: FastifyReply, lang: Language) => {
    const words = CATALOGS[lang].tickets.register;
    return sendHtml(
      reply,
      404,
      messagePage(lang, await pageHead(), words.notFoundTitle, words.notFound),
    );
  };

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: ATTENDEE_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, parseForm(String(body))),
    );
    // A malformed body, a wrong content type, a body over the limit: the same short page.
    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      const lang = languageOf(request, undefined);
      const status = error.statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'registration request failed');
      const words = CATALOGS[lang].tickets.register;
      return sendHtml(
        reply,
        status >= 400 && status < 500 ? status : 500,
        messagePage(lang, await pageHead(), words.notFoundTitle, words.notFound),
      );
    });
    const limited = {
      config: {
        rateLimit: {
          max: options.perMinute,
          timeWindow: '1 minute',
          keyGenerator: (request: { ip: string }) => `registration:${request.ip}`,
        },
      },
    };

    scope.get('/r/:eventId', limited, async (request, reply) => {
      const pageQuery = PageQuerySchema.safeParse(request.query);
      const lang = languageOf(request, pageQuery.data?.lang);
      const params = EventParamsSchema.safeParse(request.params);
      const event = params.success ? await liveEvent(db, params.data.eventId) : null;
      if (!event) return notFound(reply, lang);
      const shown = consentIn(event.consent, lang);
      return sendHtml(
        reply,
        200,
        registrationPage({
          lang,
          head: await pageHead(),
          event,
          channel: channelOf(pageQuery.data?.c),
          consentText: shown.text,
          consentVersion: shown.version,
          values: {},
          consentGranted: false,
          errors: {},
        }),
      );
    });

    scope.post(
      '/r/:eventId',
      { ...limited, bodyLimit: ATTENDEE_BODY_LIMIT_BYTES },
      async (request, reply) => {
        const form = RegistrationFormSchema.safeParse(request.body);
        const lang = languageOf(request, form.data?.lang);
        const params = EventParamsSchema.safeParse(request.params);
        const event = params.success ? await liveEvent(db, params.data.eventId) : null;
        if (!event) return notFound(reply, lang);
        if (!form.success) {
          const words = CATALOGS[lang].tickets.register;
          return sendHtml(
            reply,
            400,
            messagePage(lang, await pageHead(), words.notFoundTitle, words.notFound),
          );
        }
        const channel = channelOf(form.data.c);
        const { consent, consentVersion, c: _c, lang: _lang, ...fields } = form.data;
        const outcome = await db.transaction((tx) =>
          registerForEvent(tx, deps, event, {
            fields,
            consentGranted: consent === 'yes',
            consentVersion,
            channel,
            lang,
          }),
        );
        if (!outcome.ok) {
          const shown = consentIn(event.consent, lang);
          return sendHtml(
            reply,
            400,
            registrationPage({
              lang,
              head: await pageHead(),
              event,
              channel,
              consentText: shown.text,
              consentVersion: shown.version,
              values: fields,
              consentGranted: consent === 'yes',
              errors: outcome.errors,
            }),
          );
        }
        // Post/redirect/get: a reload shows the ticket again instead of registering twice.
        const url = new URL(ticketPageUrl('http://pool.invalid', event.id, outcome.ticket));
        url.searchParams.set('lang', lang);
        url.searchParams.set('new', '1');
        return secure(reply).redirect(`${url.pathname}${url.search}`, 303);
      },
    );

    scope.get('/t/:eventId', limited, async (request, reply) => {
      const ticketQuery = TicketQuerySchema.safeParse(request.query);
      const lang = languageOf(request, ticketQuery.data?.lang);
      const words = CATALOGS[lang].tickets.page;
      const invalid = async () =>
        sendHtml(
          reply,
          404,
          messagePage(lang, await pageHead(), words.invalidTitle, words.invalid),
        );
      const params = EventParamsSchema.safeParse(request.params);
      if (!params.success || !ticketQuery.success) return invalid();
      const event = await liveEvent(db, params.data.eventId);
      if (!event) return invalid();
      const verdict = verifyTicket(ticketQuery.data.t, event);
      if (!verdict.ok) return invalid();
      const holder = await ticketHolder(db, event.id, verdict.claims.personId);
      if (!holder) {
        return sendHtml(
          reply,
          410,
          messagePage(lang, await pageHead(), words.goneTitle, words.gone),
        );
      }
      return sendHtml(
        reply,
        200,
        ticketPage({
          lang,
          head: await pageHead(),
          event,
          holderName: holder.name,
          ticket: ticketQuery.data.t,
          qrImage: await ticketQrDataUrl(ticketQuery.data.t),
          justRegistered: ticketQuery.data.new === '1',
        }),
      );
    });
  });
}

/** The live person a ticket names (following merges within the event); null once erased. */
async function ticketHolder(db: SqlExecutor, eventId: string, personId: string) {
  const target = (await redirectTargets(db, [personId])).get(personId) ?? personId;
  const [row] = await db.query<{ event_id: string; deleted: boolean; data: unknown }>(
    `select event_id, deleted, data from documents where collection = 'people' and id = $1`,
    [target],
  );
  if (!row || row.deleted || row.event_id !== eventId) return null;
  const parsed = PersonSchema.safeParse(row.data);
  return parsed.success ? parsed.data : null;
}
