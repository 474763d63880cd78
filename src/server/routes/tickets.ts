import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import {
  RegistrationLinkQuerySchema,
  TicketSendBodySchema,
  TicketSendParamsSchema,
  DIRECT_CHANNEL,
  type RegistrationLinkResponse,
  type TicketResendResponse,
  type TicketSendListResponse,
  type TicketSendResponse,
} from '../../shared/api';
import type { PoolDeps } from '../deps';
import { conflict, notFound } from '../http-errors';
import { ticketSigner } from '../services/event-keys';
import {
  createTicketSend,
  listTicketSends,
  readTicketSend,
  resendFailed,
} from '../services/ticket-sends';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/**
 * Marketing's side of invitations and tickets (admins and marketing only):
 *   GET  /events/:id/registration?c=            the registration page's link and QR per channel
 *   POST /events/:id/ticket-sends {id, lang}    mail every attendee their ticket (idempotent on id)
 *   GET  /events/:id/ticket-sends               the sends, latest first, with counts
 *   GET  /events/:id/ticket-sends/:sendId       one send, per recipient status
 *   POST /events/:id/ticket-sends/:sendId/resend  queue the failed ones again
 */
export function registerTicketRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock } = deps;

  api.get('/events/:id/registration', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const { c } = parseApi(RegistrationLinkQuerySchema, request.query, 'query');
    await loadEvent(db, id);
    const channel = c ?? DIRECT_CHANNEL;
    const url = `${deps.publicUrl()}/r/${encodeURIComponent(id)}${c ? `?c=${encodeURIComponent(c)}` : ''}`;
    const response: RegistrationLinkResponse = {
      eventId: id,
      channel,
      url,
      qrImage: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
    };
    return response;
  });

  api.post('/events/:id/ticket-sends', async (request, reply) => {
    const user = await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const body = parseApi(TicketSendBodySchema, request.body ?? {});
    const event = await loadEvent(db, id);
    if (!(await ticketSigner(db, id))) {
      throw conflict('the pool holds no ticket key for this event', 'no_event_key');
    }
    const outcome = await db.transaction((tx) =>
      createTicketSend(tx, {
        sendId: body.id,
        event,
        lang: body.lang,
        userId: user.userId,
        now: clock(),
      }),
    );
    if (outcome === 'other_event') {
      throw conflict('this send id belongs to another event', 'send_id_taken');
    }
    const send = await readTicketSend(db, id, body.id);
    if (!send) throw notFound(`no ticket send ${body.id}`);
    const response: TicketSendResponse = send;
    return reply.status(outcome === 'created' ? 201 : 200).send(response);
  });

  api.get('/events/:id/ticket-sends', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    await loadEvent(db, id);
    const response: TicketSendListResponse = { sends: await listTicketSends(db, id) };
    return response;
  });

  api.get('/events/:id/ticket-sends/:sendId', async (request) => {
    await requireEventManager(deps, request);
    const { id, sendId } = parseApi(TicketSendParamsSchema, request.params, 'path');
    const send = await readTicketSend(db, id, sendId);
    if (!send) throw notFound(`no ticket send ${sendId} for event ${id}`);
    const response: TicketSendResponse = send;
    return response;
  });

  api.post('/events/:id/ticket-sends/:sendId/resend', async (request) => {
    await requireEventManager(deps, request);
    const { id, sendId } = parseApi(TicketSendParamsSchema, request.params, 'path');
    const requeued = await db.transaction((tx) => resendFailed(tx, id, sendId, clock()));
    const send = requeued === null ? null : await readTicketSend(db, id, sendId);
    if (requeued === null || !send) throw notFound(`no ticket send ${sendId} for event ${id}`);
    const response: TicketResendResponse = { ...send, requeued };
    return response;
  });
}
