import { randomBytes } from 'node:crypto';
import { ContentRequestedDataSchema } from '../../shared/attendee';
import { InteractionSchema } from '../../shared/schemas';
import { hashToken } from '../auth';
import type { SqlExecutor } from '../db/sql';
import { DEFAULT_ASSET_SETTINGS, type PoolDeps } from '../deps';
import type { DocumentWrite } from './documents';
import { enqueueMails, type QueueMail } from './mail-outbox';

/**
 * Download links for white papers. A token is 256 random bits; only its SHA-256 is stored, tied
 * to the content_requested interaction it answers, the asset and the person. The link is
 * `<public pool URL>/d/<token>` and works until it expires (LEADPOND_DOWNLOAD_TTL_HOURS).
 */

export const DOWNLOAD_PATH = '/d/';
export const DOWNLOAD_MAIL_KIND = 'download_link';

type TokenDeps = Pick<PoolDeps, 'clock' | 'assets'>;

const ttlMs = (deps: TokenDeps) =>
  (deps.assets ?? DEFAULT_ASSET_SETTINGS).downloadTtlHours * 60 * 60 * 1000;

export const downloadUrl = (publicUrl: string, token: string) =>
  `${publicUrl}${DOWNLOAD_PATH}${token}`;

/** What the mail worker needs to write the mail; the token leaves the outbox once delivered. */
export interface DownloadMailPayload {
  requestId: string;
  assetId: string;
  eventId: string;
  token: string;
  expiresAt: number;
  lang: 'zh-CN' | 'en';
}

interface RequestFacts {
  requestId: string;
  eventId: string;
  personId: string;
  assetId: string;
  lang: 'zh-CN' | 'en';
}

function requestFactsOf(write: DocumentWrite): RequestFacts | null {
  if (write.deleted) return null;
  const fact = InteractionSchema.safeParse(write.data);
  if (!fact.success || fact.data.type !== 'content_requested') return null;
  const data = ContentRequestedDataSchema.safeParse(fact.data.data);
  if (!data.success) return null;
  return {
    requestId: fact.data.id,
    eventId: fact.data.eventId,
    personId: fact.data.personId,
    assetId: data.data.assetId,
    // The address in the fact is what the device says; only the person's own counts (below).
    lang: data.data.lang ?? 'zh-CN',
  };
}

async function liveAssetIds(tx: SqlExecutor, eventId: string, ids: string[]): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>(
    `select id from documents
      where collection = 'assets' and event_id = $1 and id = any($2::text[]) and not deleted`,
    [eventId, ids],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * The address on record for each person of an event, following a fold to the person it went into.
 * The fact's own `email` is never used: a device (or a phone) could name anyone's address and
 * make the pool mail them, so a link goes only to the person who asked.
 */
async function storedEmails(
  tx: SqlExecutor,
  eventId: string,
  personIds: string[],
): Promise<Map<string, string>> {
  const rows = await tx.query<{ person_id: string; email: string | null }>(
    `select asked.id as person_id, coalesce(nullif(p.data->>'email', ''), f.data->>'email') as email
       from unnest($2::text[]) as asked(id)
       left join documents p
         on p.collection = 'people' and p.id = asked.id and p.event_id = $1 and not p.deleted
       left join person_redirects r on r.from_id = asked.id and r.event_id = $1
       left join documents f
         on f.collection = 'people' and f.id = r.to_id and f.event_id = $1 and not f.deleted`,
    [eventId, personIds],
  );
  return new Map(rows.flatMap((row) => (row.email ? [[row.person_id, row.email] as const] : [])));
}

const newToken = () => randomBytes(32).toString('base64url');

interface TokenRow {
  token: string;
  facts: Omit<RequestFacts, 'lang'>;
  purpose: 'mail' | 'link';
  now: number;
  expiresAt: number;
}

async function saveTokens(tx: SqlExecutor, tokens: readonly TokenRow[]): Promise<void> {
  if (tokens.length === 0) return;
  await tx.query(
    `insert into download_tokens
       (token_hash, request_id, event_id, asset_id, person_id, purpose, created_at, expires_at)
     select t.token_hash, t.request_id, t.event_id, t.asset_id, t.person_id, t.purpose,
            t.created_at, t.expires_at
       from jsonb_to_recordset($1::jsonb)
         as t(token_hash text, request_id text, event_id text, asset_id text, person_id text,
              purpose text, created_at bigint, expires_at bigint)`,
    [
      JSON.stringify(
        tokens.map((t) => ({
          token_hash: hashToken(t.token),
          request_id: t.facts.requestId,
          event_id: t.facts.eventId,
          asset_id: t.facts.assetId,
          person_id: t.facts.personId,
          purpose: t.purpose,
          created_at: t.now,
          expires_at: t.expiresAt,
        })),
      ),
    ],
  );
}

/**
 * Called by ingest, in the transaction that stores new interactions: every content_requested
 * among them gets a token and a queued mail. Idempotent per interaction id (the outbox's
 * dedupe key), and cheap: a few inserts in the same transaction; the mail goes out later, from
 * the worker, woken by the NOTIFY that fires at commit. A request for an asset the event does not
 * have (deleted meanwhile, or unknown), or for a person with no email on record, is kept as a fact
 * but mails nothing. The mail goes to the person's stored address, never to one named in the fact.
 */
export async function queueContentRequests(
  tx: SqlExecutor,
  deps: TokenDeps,
  writes: readonly DocumentWrite[],
): Promise<number> {
  // Most pushes hold no request: a plain field check keeps them from paying for a parse.
  const requests = writes.flatMap((write) =>
    write.data.type === 'content_requested' ? (requestFactsOf(write) ?? []) : [],
  );
  if (requests.length === 0) return 0;
  const now = deps.clock();
  const expiresAt = now + ttlMs(deps);
  const byEvent = new Map<string, RequestFacts[]>();
  for (const request of requests) {
    byEvent.set(request.eventId, [...(byEvent.get(request.eventId) ?? []), request]);
  }
  const pending: (QueueMail & { token: TokenRow })[] = [];
  for (const [eventId, ofEvent] of byEvent) {
    const live = await liveAssetIds(
      tx,
      eventId,
      ofEvent.map((r) => r.assetId),
    );
    const emails = await storedEmails(
      tx,
      eventId,
      ofEvent.map((r) => r.personId),
    );
    for (const request of ofEvent) {
      const to = emails.get(request.personId);
      // No address on record: the fact stays, nothing is mailed (the phone page shows its link).
      if (!live.has(request.assetId) || !to) continue;
      const token = newToken();
      const payload: DownloadMailPayload = {
        requestId: request.requestId,
        assetId: request.assetId,
        eventId,
        token,
        expiresAt,
        lang: request.lang,
      };
      pending.push({
        kind: DOWNLOAD_MAIL_KIND,
        dedupeKey: `download:${request.requestId}`,
        to,
        payload: { ...payload },
        now,
        token: { token, facts: request, purpose: 'mail', now, expiresAt },
      });
    }
  }
  // A request already queued (the same interaction again) keeps its one token and mail.
  const fresh = await enqueueMails(tx, pending);
  const issued = pending.filter((mail) => fresh.has(mail.dedupeKey));
  await saveTokens(
    tx,
    issued.map((mail) => mail.token),
  );
  const queued = issued.length;
  return queued;
}

/**
 * Requests that waited for their person's address: a booth pushes each collection on its own, so a
 * white-paper request can reach the pool before the person it names. Called in the transaction
 * that stores those people; each request still mails at most once (the outbox's dedupe key).
 */
export async function queueWaitingRequests(
  tx: SqlExecutor,
  deps: TokenDeps,
  personIds: readonly string[],
): Promise<number> {
  if (personIds.length === 0) return 0;
  const rows = await tx.query<{ id: string; event_id: string; data: Record<string, unknown> }>(
    `select d.id, d.event_id, d.data from documents d
      where d.collection = 'interactions' and d.data->>'personId' = any($1::text[])
        and d.data->>'type' = 'content_requested' and not d.deleted
        and not exists (select 1 from mail_outbox m where m.dedupe_key = 'download:' || d.id)
      limit 500`,
    [[...personIds]],
  );
  return queueContentRequests(
    tx,
    deps,
    rows.map((row) => ({ id: row.id, eventId: row.event_id, deleted: false, data: row.data })),
  );
}

/**
 * A download link for a content_requested interaction, now (e.g. for the pool's mobile page to
 * show at once). Each call makes a new token for the request, with the same lifetime as the
 * mailed one; the mailed link is unaffected. null when no such request, or its asset is gone.
 */
export async function downloadLinkForRequest(
  db: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'assets' | 'publicUrl'>,
  requestInteractionId: string,
): Promise<{ url: string; expiresAt: number } | null> {
  const [row] = await db.query<{ data: unknown }>(
    `select data from documents where collection = 'interactions' and id = $1 and not deleted`,
    [requestInteractionId],
  );
  if (!row) return null;
  const facts = requestFactsOf({
    id: requestInteractionId,
    eventId: '',
    deleted: false,
    data: row.data as Record<string, unknown>,
  });
  if (!facts) return null;
  const live = await liveAssetIds(db, facts.eventId, [facts.assetId]);
  if (!live.has(facts.assetId)) return null;
  const now = deps.clock();
  const expiresAt = now + ttlMs(deps);
  const token = newToken();
  await saveTokens(db, [{ token, facts, purpose: 'link', now, expiresAt }]);
  return { url: downloadUrl(deps.publicUrl(), token), expiresAt };
}

export type DownloadLookup =
  | { kind: 'unknown' }
  | { kind: 'expired'; expiresAt: number }
  | {
      kind: 'valid';
      requestId: string;
      eventId: string;
      assetId: string;
      personId: string;
      expiresAt: number;
    };

/** Anything that is not 43 base64url characters is no token: refused before any query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function lookupDownloadToken(
  db: SqlExecutor,
  token: string,
  now: number,
): Promise<DownloadLookup> {
  if (!TOKEN_SHAPE.test(token)) return { kind: 'unknown' };
  const [row] = await db.query<{
    request_id: string;
    event_id: string;
    asset_id: string;
    person_id: string;
    expires_at: number;
  }>(
    `select request_id, event_id, asset_id, person_id, expires_at from download_tokens
      where token_hash = $1`,
    [hashToken(token)],
  );
  if (!row) return { kind: 'unknown' };
  const expiresAt = Number(row.expires_at);
  if (now >= expiresAt) return { kind: 'expired', expiresAt };
  return {
    kind: 'valid',
    requestId: row.request_id,
    eventId: row.event_id,
    assetId: row.asset_id,
    personId: row.person_id,
    expiresAt,
  };
}
