import { z } from 'zod';
import { storableString } from '../schemas/common';
import { COLLECTIONS, type CollectionName } from '../collections';

/**
 * The pool's replication protocol (DESIGN.md "Sync"), shared by the pool's routes and the
 * device's replication client so the two cannot drift. Any standard RxDB
 * `replicateRxCollection` client speaks it.
 */
export const SYNCED_COLLECTIONS = [
  'events',
  'people',
  'interactions',
  'qualifications',
  'assets',
  'draws',
] as const satisfies readonly CollectionName[];
export type SyncedCollection = (typeof SYNCED_COLLECTIONS)[number];
export const SyncedCollectionSchema = z.enum(SYNCED_COLLECTIONS);

/** Written by the pool only: devices pull them and never push. */
const POOL_WRITTEN: readonly SyncedCollection[] = ['events', 'assets'];
export const devicesPush = (collection: SyncedCollection) => !POOL_WRITTEN.includes(collection);

/** Opaque to clients: the pool's sequence number of the last document they have. */
export const SyncCheckpointSchema = z.object({ seq: z.number().int().min(0) }).strict();
export type SyncCheckpoint = z.infer<typeof SyncCheckpointSchema>;

export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 500;

/** `?checkpoint=<url-encoded JSON>&limit=n`; no checkpoint on the first pull. */
export const PullQuerySchema = z.object({
  checkpoint: storableString()
    .max(200)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return null;
      try {
        const parsed = SyncCheckpointSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // falls through to the issue below
      }
      ctx.addIssue({ code: 'custom', message: 'checkpoint must be JSON like {"seq":12}' });
      return z.NEVER;
    }),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(200),
});

const withDeleted = <S extends z.ZodObject>(schema: S) =>
  schema.extend({ _deleted: z.boolean().default(false) }).strip();

/** A replicated document: the collection's shape plus RxDB's `_deleted` (tombstones). */
export function syncDocumentSchema(collection: SyncedCollection) {
  return withDeleted(COLLECTIONS[collection].schema);
}

export function pushRowsSchema(collection: SyncedCollection) {
  const doc = syncDocumentSchema(collection);
  return z
    .array(z.object({ newDocumentState: doc, assumedMasterState: doc.nullable().optional() }))
    .max(MAX_PUSH_ROWS, { message: `at most ${MAX_PUSH_ROWS} rows per push` });
}

export interface PullResponse<D = Record<string, unknown>> {
  documents: D[];
  checkpoint: SyncCheckpoint | null;
}

/** What the SSE stream sends: a batch of changes, or RESYNC (the client pulls again). */
export type StreamMessage<D = Record<string, unknown>> = PullResponse<D> | 'RESYNC';

export const EnrollRequestSchema = z
  .object({
    code: storableString().trim().min(6).max(64),
    deviceName: storableString().trim().min(1).max(64).optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  token: storableString().min(20).max(200),
  deviceId: storableString().max(64),
  eventId: storableString().max(64),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/** Error codes a client acts on (the message is for people; the code is for programs). */
export const AUTH_ERROR_CODES = {
  /** The token is not known to this pool. */
  unauthorized: 'unauthorized',
  /** The device was revoked: it wipes its local data. */
  deviceRevoked: 'device_revoked',
  userRevoked: 'user_revoked',
  enrollmentCodeUnknown: 'enrollment_code_unknown',
  enrollmentCodeUsed: 'enrollment_code_used',
  enrollmentCodeExpired: 'enrollment_code_expired',
} as const;

export const ApiErrorBodySchema = z.object({
  error: z.object({ code: storableString(), message: storableString() }),
});
