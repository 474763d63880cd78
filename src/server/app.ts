import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import type { PoolDeps } from './deps';
import { ApiError } from './http-errors';
import { registerSessions } from './accounts/session-hook';
import { registerAssetRoutes } from './routes/assets';
import { registerAuthRoutes } from './routes/auth';
import { registerCustomerRoutes } from './routes/customers';
import { registerDeviceRoutes } from './routes/devices';
import { isDownloadUrl, registerDownloadRoutes, sendDownloadNotFound } from './routes/downloads';
import { registerAttendeeRoutes, registerEventRoutes } from './routes/events';
import { registerEventDrawRoutes } from './routes/event-draws';
import { registerAttendeeRoutes as registerAttendeePageRoutes } from './routes/attendee';
import { registerRegistrationRoutes } from './routes/registration';
import { registerTicketRoutes } from './routes/tickets';
import { createPoolAttendeeBackend } from './services/attendee-backend';
import { downloadLinkForRequest } from './services/download-tokens';
import { registerExportRoutes } from './routes/exports';
import { registerHealthRoutes } from './routes/health';
import { registerIntelligenceRoutes } from './routes/intelligence';
import { registerRoiRoutes } from './routes/roi';
import { registerDashboardRoutes } from './routes/dashboard';
import { registerMergeRoutes } from './routes/merges';
import { registerDuplicateRoutes } from './routes/duplicates';
import { registerSyncRoutes } from './routes/sync';
import { registerWebhookRoutes } from './routes/webhooks';
import { registerUserRoutes } from './routes/users';
import { registerPoolAppRoutes } from './routes/pool-app';
import { registerSegmentRoutes } from './routes/segments';
import { registerCrmMappingRoutes } from './routes/crm-mappings';
import { registerSalesRoutes } from './routes/sales';
import { answerClientError } from './client-error';
import { rateLimitKeyOf } from './rate-limit-keys';
import { registerTextGuard } from './text-guard';

/** Largest request body: a full push batch of people, or an attendee spreadsheet. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export interface PoolServerOptions extends PoolDeps {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per known token (per address for anyone else). */
  rateLimitPerMinute?: number;
  /**
   * Enrollment attempts per minute per client address, whatever headers they carry: what keeps
   * codes from being guessed (README "Enrollment codes": the odds).
   */
  enrollPerMinute?: number;
  /** Attendee page API calls per minute per address (phones at a venue may share one NAT). */
  attendeePerMinute?: number;
  /** The built attendee phone page (npm run build:attendee); default ./dist-attendee. */
  attendeePageDir?: string;
  /** The built pool app served under /app/ (npm run build:pool-app); default ./dist-pool-app. */
  poolAppDir?: string;
  /** Told of every route as it is registered: the security suite's route table. */
  onRoute?: (route: RouteOptions) => void;
  /**
   * Proxies whose X-Forwarded-For names the client (LEADPOND_TRUST_PROXY): behind a reverse proxy
   * every client would otherwise share its address, and so one rate-limit budget.
   */
  trustProxy?: string;
}

/** The pool's composition root: one Fastify app with every route under /api/v1. */
export async function createPoolServer(options: PoolServerOptions): Promise<FastifyInstance> {
  const {
    logger = false,
    rateLimitPerMinute = 6000,
    enrollPerMinute = 20,
    attendeePerMinute = 120,
    attendeePageDir = 'dist-attendee',
    poolAppDir = 'dist-pool-app',
    onRoute,
    trustProxy,
    ...deps
  } = options;
  const app = Fastify({
    logger,
    ...(trustProxy ? { trustProxy } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    // A request Node's HTTP parser refuses (raw non-ASCII in the URL, as curl sends `?q=张三`)
    // gets the usual error body with how to fix it, not Fastify's own shape.
    clientErrorHandler: answerClientError,
    // URLs the router cannot decode (bad %-escapes, overlong parameters): a download link's
    // reader gets the readable 404 page, an API client the usual error body.
    frameworkErrors: (error, request, reply) => {
      // Fastify types this reply for the route generics; no route matched, so it is a plain one.
      const plain = reply as unknown as FastifyReply;
      if (isDownloadUrl(request.url)) return sendDownloadNotFound(request, plain);
      return plain
        .status(error.statusCode ?? 400)
        .send({ error: { code: 'invalid_request', message: 'the URL is not valid' } });
    },
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message } });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({
        error: {
          code: 'body_too_large',
          message: `request body larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MB`,
        },
      });
    }
    if (status === 429) {
      return reply
        .status(429)
        .send({ error: { code: 'rate_limited', message: 'too many requests, slow down' } });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own rejections: malformed JSON, unsupported content type, …
      const message = error instanceof Error ? error.message : 'invalid request';
      return reply.status(status).send({ error: { code: 'invalid_request', message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );

  if (onRoute) app.addHook('onRoute', onRoute);
  registerTextGuard(app);
  // Any origin may call with a bearer token (web-mode booths, the Electron app:// page). Cookies
  // stay same-origin: no Access-Control-Allow-Credentials, so no other page reads a session's
  // answers, and the sessions hook refuses its writes.
  await app.register(cors, { origin: true, maxAge: 600 });
  await app.register(rateLimit, {
    max: rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: rateLimitKeyOf(deps.db),
  });
  // The web app's session cookie: read before any route, writes refused from foreign origins.
  await registerSessions(app, deps);

  await app.register(
    async (api) => {
      registerHealthRoutes(api, deps);
      registerDeviceRoutes(api, deps, { enrollPerMinute });
      registerSyncRoutes(api, deps);
      registerMergeRoutes(api, deps);
      registerDuplicateRoutes(api, deps);
      registerUserRoutes(api, deps);
      registerAuthRoutes(api, deps);
      registerEventRoutes(api, deps);
      registerAttendeeRoutes(api, deps);
      registerTicketRoutes(api, deps);
      registerCustomerRoutes(api, deps);
      registerRoiRoutes(api, deps);
      registerDashboardRoutes(api, deps);
      registerExportRoutes(api, deps);
      registerAssetRoutes(api, deps);
      registerIntelligenceRoutes(api, deps);
      registerWebhookRoutes(api, deps);
      registerSegmentRoutes(api, deps);
      registerCrmMappingRoutes(api, deps);
      registerEventDrawRoutes(api, deps);
      registerSalesRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );
  // The attendee phone page and its API, outside /api/v1: phones reach it from the booth QR.
  await registerAttendeePageRoutes(app, {
    // Online, the phone gets its white-paper link at once, besides the one in the mail.
    backend: createPoolAttendeeBackend(deps, {
      downloadLink: (tx, requestId) => downloadLinkForRequest(tx, deps, requestId),
    }),
    pageDir: attendeePageDir,
    perMinute: attendeePerMinute,
  });
  // The registration page and the holder's ticket page (the link in the ticket mail).
  await registerRegistrationRoutes(app, deps, {
    pageDir: attendeePageDir,
    perMinute: attendeePerMinute,
  });
  // White-paper links in mail: short, public, outside the API prefix.
  registerDownloadRoutes(app, deps);
  // Marketing's and sales' web app.
  await registerPoolAppRoutes(app, { dir: poolAppDir });
  return app;
}
