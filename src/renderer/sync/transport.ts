import { Observable } from 'rxjs';
import { z } from 'zod';
import {
  AUTH_ERROR_CODES,
  ApiErrorBodySchema,
  EnrollResponseSchema,
  IntelligenceSyncResponseSchema,
  SyncCheckpointSchema,
  syncDocumentSchema,
  type EnrollRequest,
  type EnrollResponse,
  type IntelligenceSyncResponse,
  type PullResponse,
  type StreamMessage,
  type SyncCheckpoint,
  type SyncedCollection,
} from '../../shared/sync';

/**
 * The device's side of the pool's HTTP API (DESIGN.md "Interfaces", "Sync"): fetch for requests,
 * EventSource for the live stream. Every answer is validated with the shared schemas before it
 * reaches the local store, so a broken or hostile pool cannot write malformed documents.
 */

/** A replicated document: the collection's shape plus `_deleted`. */
export type SyncDocument = Record<string, unknown> & { _deleted: boolean };

export interface PoolAuth {
  poolUrl: string;
  token: string;
}

export const DeviceInfoSchema = z.object({
  deviceId: z.string().max(64),
  eventId: z.string().max(64),
  name: z.string().max(200),
  /** Whether the pool sends mail; absent from pools older than this field. */
  mail: z.enum(['smtp', 'none']).optional(),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

export interface PushRow {
  newDocumentState: SyncDocument;
  assumedMasterState?: SyncDocument | null;
}

export interface SyncTransport {
  enroll(poolUrl: string, request: EnrollRequest): Promise<EnrollResponse>;
  /** Who the pool thinks this device is; a revoked device gets SyncError 'revoked'. */
  me(auth: PoolAuth): Promise<DeviceInfo>;
  pull(
    auth: PoolAuth,
    collection: SyncedCollection,
    checkpoint: SyncCheckpoint | null,
    limit: number,
  ): Promise<PullResponse<SyncDocument>>;
  /** The pool's lead-intelligence config; `config` still needs the engine's parseConfig. */
  intelligence(auth: PoolAuth): Promise<IntelligenceSyncResponse>;
  /** Returns the pool's current version of every row that conflicted (empty when none). */
  push(auth: PoolAuth, collection: SyncedCollection, rows: PushRow[]): Promise<SyncDocument[]>;
  /**
   * Live changes of several collections over one connection (a browser has six per host).
   * 'RESYNC' for a collection whenever the client may have missed some of its changes
   * (connect, reconnect, a frame it could not read).
   */
  streams(
    auth: PoolAuth,
    collections: readonly SyncedCollection[],
  ): Observable<TaggedStreamMessage>;
}

export interface TaggedStreamMessage {
  collection: SyncedCollection;
  message: StreamMessage<SyncDocument>;
}

export type SyncErrorKind =
  /** No answer: offline, DNS, refused, timed out, blocked by CSP. */
  | 'unreachable'
  /** The pool revoked this device: it must wipe its data. */
  | 'revoked'
  /** The pool does not know this token (another pool, a reset pool). */
  | 'unauthorized'
  | 'forbidden'
  | 'code_unknown'
  | 'code_used'
  | 'code_expired'
  /** The address answered, but not as a Leadpond pool. */
  | 'not_a_pool'
  | 'rate_limited'
  /** The pool refused the request as invalid (4xx). */
  | 'rejected'
  /** The pool failed (5xx). */
  | 'server'
  /** The pool answered something that does not match the protocol's schemas. */
  | 'invalid_response';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export function isSyncError(value: unknown): value is SyncError {
  return value instanceof SyncError;
}

type EventSourceLike = Pick<EventSource, 'close' | 'readyState'> & {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
};

export interface FetchTransportDeps {
  fetch: typeof fetch;
  /** A constructor like the browser's EventSource (the only way a page can read SSE). */
  EventSource: new (url: string) => EventSourceLike;
  /** A request that has not answered after this long is a failed one (captive portals hang). */
  timeoutMs?: number;
  /** Reconnect delay after the pool closed the stream; grows with each failure. */
  streamRetryMs?: (attempt: number) => number;
}

const CLOSED = 2;

const pullSchemas = new Map<SyncedCollection, z.ZodType<PullResponse<SyncDocument>>>();
const docsSchemas = new Map<SyncedCollection, z.ZodType<SyncDocument[]>>();

function documentsSchema(collection: SyncedCollection): z.ZodType<SyncDocument[]> {
  let schema = docsSchemas.get(collection);
  if (!schema) {
    schema = z.array(syncDocumentSchema(collection)) as unknown as z.ZodType<SyncDocument[]>;
    docsSchemas.set(collection, schema);
  }
  return schema;
}

function pullSchema(collection: SyncedCollection): z.ZodType<PullResponse<SyncDocument>> {
  let schema = pullSchemas.get(collection);
  if (!schema) {
    schema = z.object({
      documents: documentsSchema(collection),
      checkpoint: SyncCheckpointSchema.nullable(),
    });
    pullSchemas.set(collection, schema);
  }
  return schema;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SyncError('invalid_response', `${what}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** `http://host:8787/` and `http://host:8787` name the same pool. */
export function apiUrl(poolUrl: string, path: string): string {
  return `${poolUrl.replace(/\/+$/, '')}/api/v1${path}`;
}

/** What a non-2xx answer means for the device, from its status and `{error: {code, message}}`. */
export function classifyError(status: number, body: unknown, enrolling = false): SyncError {
  const parsed = ApiErrorBodySchema.safeParse(body);
  if (!parsed.success) {
    // Not the pool's error shape: another web server lives at this address.
    return new SyncError(
      status >= 500 ? 'server' : 'not_a_pool',
      `HTTP ${status} without a pool error body`,
      status,
    );
  }
  const { code, message } = parsed.data.error;
  if (status === 401 && enrolling) {
    if (code === AUTH_ERROR_CODES.enrollmentCodeUsed)
      return new SyncError('code_used', message, status);
    if (code === AUTH_ERROR_CODES.enrollmentCodeExpired) {
      return new SyncError('code_expired', message, status);
    }
    return new SyncError('code_unknown', message, status);
  }
  if (status === 401) {
    const revoked = code === AUTH_ERROR_CODES.deviceRevoked;
    return new SyncError(revoked ? 'revoked' : 'unauthorized', message, status);
  }
  if (status === 403) return new SyncError('forbidden', message, status);
  if (status === 429) return new SyncError('rate_limited', message, status);
  if (status === 400 && enrolling) return new SyncError('code_unknown', message, status);
  if (status >= 500) return new SyncError('server', message, status);
  return new SyncError('rejected', message, status);
}

/** A stream message: the RESYNC marker, or a batch validated like a pull answer. Total. */
export function parseStreamMessage(
  collection: SyncedCollection,
  json: unknown,
): StreamMessage<SyncDocument> {
  if (json === 'RESYNC') return 'RESYNC';
  const parsed = pullSchema(collection).safeParse(json);
  // Anything unexpected: pull instead of trusting the frame.
  return parsed.success ? parsed.data : 'RESYNC';
}

/**
 * A frame of the combined stream, `{collection, message}`. Total: a frame that cannot be read
 * (or names no collection of ours) means RESYNC for every collection.
 */
export function parseStreamFrame(
  collections: readonly SyncedCollection[],
  data: string,
): TaggedStreamMessage[] {
  const everything = () =>
    collections.map((collection) => ({ collection, message: 'RESYNC' as const }));
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return everything();
  }
  const frame = json as { collection?: unknown; message?: unknown } | null;
  const collection = collections.find((name) => name === frame?.collection);
  if (!collection) return everything();
  return [{ collection, message: parseStreamMessage(collection, frame?.message) }];
}

export const defaultStreamRetryMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** attempt);

export function createFetchTransport(deps: FetchTransportDeps): SyncTransport {
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const streamRetryMs = deps.streamRetryMs ?? defaultStreamRetryMs;

  async function request(
    url: string,
    init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
    enrolling = false,
  ): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await deps.fetch(url, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (error) {
      throw new SyncError('unreachable', error instanceof Error ? error.message : String(error));
    }
    let body: unknown = undefined;
    const text = await response.text().catch(() => '');
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!response.ok) throw classifyError(response.status, body, enrolling);
    if (body === undefined) {
      throw new SyncError('not_a_pool', `HTTP ${response.status} answer is not JSON`);
    }
    return body;
  }

  return {
    async enroll(poolUrl, body) {
      const answer = await request(
        apiUrl(poolUrl, '/devices/enroll'),
        { method: 'POST', body },
        true,
      );
      return validate(EnrollResponseSchema, answer, 'enrollment answer');
    },
    async me(auth) {
      const answer = await request(apiUrl(auth.poolUrl, '/devices/me'), {
        method: 'GET',
        token: auth.token,
      });
      return validate(DeviceInfoSchema, answer, 'device answer');
    },
    async intelligence(auth) {
      const answer = await request(apiUrl(auth.poolUrl, '/sync/intelligence'), {
        method: 'GET',
        token: auth.token,
      });
      return validate(IntelligenceSyncResponseSchema, answer, 'intelligence config');
    },
    async pull(auth, collection, checkpoint, limit) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
      const answer = await request(apiUrl(auth.poolUrl, `/sync/${collection}/pull?${query}`), {
        method: 'GET',
        token: auth.token,
      });
      return validate(pullSchema(collection), answer, `${collection} pull`);
    },
    async push(auth, collection, rows) {
      const answer = await request(apiUrl(auth.poolUrl, `/sync/${collection}/push`), {
        method: 'POST',
        token: auth.token,
        body: rows,
      });
      return validate(documentsSchema(collection), answer, `${collection} push`);
    },
    streams(auth, collections) {
      const url = `${apiUrl(auth.poolUrl, '/sync/stream')}?${new URLSearchParams({
        collections: collections.join(','),
        access_token: auth.token,
      })}`;
      return new Observable<TaggedStreamMessage>((subscriber) => {
        let source: EventSourceLike | null = null;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let failures = 0;
        const resyncAll = () => {
          for (const collection of collections) subscriber.next({ collection, message: 'RESYNC' });
        };
        const connect = () => {
          const current = new deps.EventSource(url);
          source = current;
          // Changes may have happened while not connected: pull them (also on the first open,
          // which races with the initial pull).
          current.onopen = () => {
            failures = 0;
            resyncAll();
          };
          current.onmessage = (event) => {
            for (const tagged of parseStreamFrame(collections, event.data)) subscriber.next(tagged);
          };
          current.onerror = () => {
            // CONNECTING: the browser retries by itself. CLOSED: the pool refused (401, 404, …);
            // a pull finds out why, and the stream is retried later with a growing delay.
            if (current.readyState !== CLOSED) return;
            current.close();
            resyncAll();
            timer = setTimeout(connect, streamRetryMs(failures++));
          };
        };
        connect();
        return () => {
          clearTimeout(timer);
          source?.close();
        };
      });
    },
  };
}
