import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdSchema } from '../../shared/schemas';
import {
  PullQuerySchema,
  SYNCED_COLLECTIONS,
  pushRowsSchema,
  type SyncedCollection,
} from '../../shared/sync';
import { authenticate, type Principal } from '../auth';
import type { PoolDeps } from '../deps';
import { forbidden, notFound, parseWith } from '../http-errors';
import {
  ChangeFeed,
  openChangeStream,
  pullChanges,
  syncScope,
  type PushRow,
} from '../services/replication';
import { devicePushGroups } from '../services/device-pushes';
import {
  REVOCATIONS_CHANNEL,
  isStillActive,
  principalKey,
  type PrincipalKey,
} from '../services/revocations';
import { registerSyncIntelligenceRoute } from './sync-intelligence';

/**
 * The replication endpoints (DESIGN.md "Sync"), one set per synced collection:
 *
 *   GET  /sync/:collection/pull?checkpoint=<url-encoded JSON>&limit=n[&eventId=]
 *        → {documents (each with _deleted), checkpoint}
 *   POST /sync/:collection/push  [{newDocumentState, assumedMasterState}] → conflicting masters
 *        (devices only)
 *   GET  /sync/:collection/stream[?access_token=][&eventId=]  (SSE)
 *        → `data: "RESYNC"` on connect, then `data: {documents, checkpoint}` per change
 *   GET  /sync/stream?collections=a,b,…[&access_token=][&eventId=]  (SSE, several at once)
 *        → `data: {"collection": "a", "message": "RESYNC" | {documents, checkpoint}}`
 *
 * The combined stream exists because a browser keeps at most six HTTP/1.1 connections per
 * host: one stream per collection would hold them all, and pulls and pushes would wait forever.
 *
 * A device syncs its own event only; admin/marketing users name the event with ?eventId=.
 */

/** An open live stream, as a revocation sees it. */
interface OpenStream {
  end(): void;
  /** Ends the stream if its device or user has been revoked meanwhile. */
  recheck(): void;
}

/** Comment lines keep idle proxies and NATs from cutting a quiet stream (and re-check the caller). */
export const STREAM_HEARTBEAT_MS = 15_000;

const ScopeQuerySchema = z.object({ eventId: IdSchema.optional() });
const PullRequestQuerySchema = PullQuerySchema.extend(ScopeQuerySchema.shape);
const CollectionParamsSchema = z.object({ collection: z.string() });
const CombinedStreamQuerySchema = ScopeQuerySchema.extend({
  collections: z
    .string()
    .max(200)
    .transform((text) => [...new Set(text.split(',').filter((name) => name !== ''))])
    .pipe(z.array(z.enum(SYNCED_COLLECTIONS)).min(1)),
});

function collectionOf(params: unknown): SyncedCollection {
  const { collection } = parseWith(CollectionParamsSchema, params, 'path');
  if (!(SYNCED_COLLECTIONS as readonly string[]).includes(collection)) {
    throw notFound(
      `no synced collection named ${JSON.stringify(collection.slice(0, 40))}; ` +
        `one of: ${SYNCED_COLLECTIONS.join(', ')}`,
    );
  }
  return collection as SyncedCollection;
}

/** The synced collection a path names, or null. */
function syncedCollectionNamed(name: string): SyncedCollection | null {
  return (SYNCED_COLLECTIONS as readonly string[]).includes(name)
    ? (name as SyncedCollection)
    : null;
}

const pushSchemas = new Map<SyncedCollection, ReturnType<typeof pushRowsSchema>>();
function pushSchemaOf(collection: SyncedCollection) {
  let schema = pushSchemas.get(collection);
  if (!schema) {
    schema = pushRowsSchema(collection);
    pushSchemas.set(collection, schema);
  }
  return schema;
}

export function registerSyncRoutes(
  api: FastifyInstance,
  deps: PoolDeps,
  options: { heartbeatMs?: number; feed?: ChangeFeed } = {},
): void {
  const { db } = deps;
  const heartbeatMs = options.heartbeatMs ?? STREAM_HEARTBEAT_MS;
  const feed = options.feed ?? new ChangeFeed(db);
  // Concurrent pushes of one collection share a transaction (group commit, issue 15).
  const pushGroups = devicePushGroups(deps);
  const openStreams = new Set<() => void>();
  /** The open streams of each device or user, so a revocation can end them. */
  const streamsOf = new Map<PrincipalKey, Set<OpenStream>>();
  const endStreamsOf = (key: PrincipalKey) => {
    for (const stream of [...(streamsOf.get(key) ?? [])]) stream.end();
  };
  // Whoever was revoked on any pool instance: end their streams here. '' = the LISTEN connection
  // came back and may have missed some: check every open stream against the database.
  const revocations = db.listen(REVOCATIONS_CHANNEL, (payload) => {
    if (payload.startsWith('device:') || payload.startsWith('user:')) {
      endStreamsOf(payload as PrincipalKey);
    } else {
      for (const set of [...streamsOf.values()]) for (const stream of [...set]) stream.recheck();
    }
  });
  // A failed LISTEN must not take the routes down; the heartbeat's re-check still ends streams.
  revocations.catch((error: unknown) =>
    api.log.warn({ err: error }, 'revocations could not be listened to'),
  );
  // Open streams would keep the server from closing: end them first, then stop listening.
  api.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });
  api.addHook('onClose', async () => {
    await feed.close();
    const stop = await revocations.catch(() => null);
    await stop?.();
  });

  registerSyncIntelligenceRoute(api, deps);

  api.get('/sync/:collection/pull', async (request) => {
    const principal = await authenticate(db, request);
    const collection = collectionOf(request.params);
    const query = parseWith(PullRequestQuerySchema, request.query, 'query');
    const eventId = syncScope(principal, query.eventId);
    return pullChanges(db, collection, eventId, query.checkpoint, query.limit);
  });

  api.post('/sync/:collection/push', async (request) => {
    // Authenticated and parsed inside the push group, so that a group waits for the pushes
    // already on their way (services/push-groups.ts). The order of refusals is the route's:
    // token (401), device (403), collection (404), body (400).
    const prepare = async () => {
      const principal = await authenticate(db, request);
      // Users edit through the routes that check their edits (PATCH /events refuses a new public
      // key or new consent words under an old version); the push takes what a booth holds.
      if (principal.kind !== 'device') {
        throw forbidden('sync push is for enrolled devices; users edit through the events API');
      }
      const collection = collectionOf(request.params);
      // The shared schemas output exactly the documents' shapes; WireDocument is their common view.
      const rows = parseWith(pushSchemaOf(collection), request.body) as unknown as PushRow[];
      return { device: principal, rows };
    };
    const named = CollectionParamsSchema.safeParse(request.params);
    const collection = named.success ? syncedCollectionNamed(named.data.collection) : null;
    // Not a synced collection: prepare() refuses it (401 and 403 first, as for any other).
    if (!collection) return prepare().then(() => []);
    const { conflicts, refused } = await pushGroups.push(collection, prepare);
    if (refused.length > 0) {
      // Not an error for the rest of the batch (DESIGN.md "Trust": refused one by one), but
      // something an operator should see: a device writing outside its event.
      request.log.warn({ collection, refused: refused.slice(0, 20) }, 'push rows refused');
    }
    return conflicts;
  });

  api.get('/sync/:collection/stream', async (request, reply) => {
    const principal = await authenticate(db, request, { queryToken: true });
    const collection = collectionOf(request.params);
    const query = parseWith(ScopeQuerySchema, request.query, 'query');
    serveChangeStreams(
      request,
      reply,
      principal,
      syncScope(principal, query.eventId),
      [collection],
      false,
    );
  });

  api.get('/sync/stream', async (request, reply) => {
    const principal = await authenticate(db, request, { queryToken: true });
    const query = parseWith(CombinedStreamQuerySchema, request.query, 'query');
    serveChangeStreams(
      request,
      reply,
      principal,
      syncScope(principal, query.eventId),
      query.collections,
      true,
    );
  });

  /** Takes over the response and streams the collections' changes until either side closes. */
  function serveChangeStreams(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    eventId: string,
    collections: readonly SyncedCollection[],
    tagged: boolean,
  ): void {
    // From here on the response is ours: Fastify must not answer it a second time.
    reply.hijack();
    const res = reply.raw;
    // Headers set by hooks so far (CORS): an EventSource on another origin needs them.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) res.setHeader(name, value);
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    let ended = false;
    let spoken = false;
    const write = (text: string) => {
      if (!ended && !res.writableEnded && !res.destroyed) res.write(text);
    };
    const stops: (() => void)[] = [];
    const key = principalKey(principal);
    const stream: OpenStream = {
      end: () => end(),
      // A notification may have been missed: ask the database whether the caller still may.
      recheck: () => {
        isStillActive(db, principal).then(
          (active) => {
            if (!active) end();
          },
          () => undefined,
        );
      },
    };
    const heartbeat = setInterval(() => {
      // RESYNC is always the first frame, however slowly the subscription starts.
      if (spoken) write(': keep-alive\n\n');
      stream.recheck();
    }, heartbeatMs);
    const end = () => {
      // Nothing more is written from here on, whatever a change stream still has in flight.
      ended = true;
      clearInterval(heartbeat);
      for (const stop of stops.splice(0)) stop();
      openStreams.delete(end);
      const own = streamsOf.get(key);
      own?.delete(stream);
      if (own?.size === 0) streamsOf.delete(key);
      if (!res.writableEnded) res.end();
    };
    openStreams.add(end);
    streamsOf.set(key, (streamsOf.get(key) ?? new Set()).add(stream));
    res.on('close', end);
    // A revocation told between authenticate() and the line above found no stream to end.
    stream.recheck();
    for (const collection of collections) {
      openChangeStream({
        db,
        feed,
        collection,
        eventId,
        send: (message) => {
          spoken = true;
          write(`data: ${JSON.stringify(tagged ? { collection, message } : message)}\n\n`);
        },
        onError: (error) => {
          // The client reconnects and gets RESYNC: it pulls whatever this stream missed.
          request.log.warn({ err: error, collection }, 'change stream failed');
          end();
        },
      }).then(
        (close) => {
          if (openStreams.has(end)) stops.push(close);
          else close();
        },
        (error: unknown) => {
          request.log.warn({ err: error, collection }, 'change stream could not start');
          end();
        },
      );
    }
  }
}
