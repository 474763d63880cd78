import { AssetSchema, type Asset, type AssetMime } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { writeDocuments } from './documents';
import { lockCollections } from './identity';
import { sha256Hex } from './asset-sniff';

/**
 * White papers in the pool: the bytes in asset_files (content-addressed by SHA-256), the
 * metadata as replicated 'assets' documents that devices pull (DESIGN.md "Data model").
 */

export interface NewAsset {
  eventId: string;
  title: string;
  mime: AssetMime;
  bytes: Uint8Array;
}

export const assetFileUrl = (publicUrl: string, asset: Pick<Asset, 'id' | 'eventId'>) =>
  `${publicUrl}/api/v1/events/${asset.eventId}/assets/${asset.id}/file`;

/** The asset of an event with this file, tombstoned or not. */
async function findByHash(
  tx: SqlExecutor,
  eventId: string,
  hash: string,
): Promise<{ asset: Asset; deleted: boolean } | null> {
  const [row] = await tx.query<{ data: unknown; deleted: boolean }>(
    `select data, deleted from documents
      where collection = 'assets' and event_id = $1 and data->>'fileHash' = $2
      order by deleted, seq desc limit 1`,
    [eventId, hash],
  );
  const parsed = AssetSchema.safeParse(row?.data);
  return row && parsed.success ? { asset: parsed.data, deleted: row.deleted } : null;
}

/**
 * Stores an uploaded file. The same file twice in one event is the same asset (its first title
 * stays); a file whose asset was deleted comes back under the new title. Runs in a transaction:
 * the assets lock serializes uploads, so two concurrent uploads of one file make one asset.
 */
export async function storeAsset(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock' | 'newId' | 'publicUrl'>,
  input: NewAsset,
): Promise<{ asset: Asset; deduplicated: boolean }> {
  const hash = sha256Hex(input.bytes);
  const now = deps.clock();
  await lockCollections(tx, ['assets']);
  const existing = await findByHash(tx, input.eventId, hash);
  if (existing && !existing.deleted) return { asset: existing.asset, deduplicated: true };
  await tx.query(
    `insert into asset_files (hash, bytes, size, mime, created_at) values ($1, $2, $3, $4, $5)
     on conflict (hash) do nothing`,
    [hash, input.bytes, input.bytes.length, input.mime, now],
  );
  const id = existing?.asset.id ?? deps.newId();
  const asset = AssetSchema.parse({
    id,
    eventId: input.eventId,
    title: input.title,
    fileHash: hash,
    size: input.bytes.length,
    mime: input.mime,
    url: assetFileUrl(deps.publicUrl(), { id, eventId: input.eventId }),
    createdAt: existing?.asset.createdAt ?? now,
    updatedAt: now,
  });
  await writeDocuments(
    tx,
    'assets',
    [{ id, eventId: input.eventId, deleted: false, data: { ...asset } }],
    now,
  );
  return { asset, deduplicated: false };
}

export async function listAssets(db: SqlExecutor, eventId: string): Promise<Asset[]> {
  const rows = await db.query<{ data: unknown }>(
    `select data from documents where collection = 'assets' and event_id = $1 and not deleted
      order by data->>'createdAt', id`,
    [eventId],
  );
  return rows.flatMap((row) => {
    const parsed = AssetSchema.safeParse(row.data);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A live (not deleted) asset of an event, or null. */
export async function readAsset(
  db: SqlExecutor,
  eventId: string,
  assetId: string,
): Promise<Asset | null> {
  const [row] = await db.query<{ data: unknown }>(
    `select data from documents
      where collection = 'assets' and id = $1 and event_id = $2 and not deleted`,
    [assetId, eventId],
  );
  const parsed = AssetSchema.safeParse(row?.data);
  return parsed.success ? parsed.data : null;
}

/**
 * Tombstones an asset: devices drop it at their next pull and its links stop working. The bytes
 * go too unless another live asset (another event) has the same file.
 */
export async function deleteAsset(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'clock'>,
  eventId: string,
  assetId: string,
): Promise<Asset | null> {
  await lockCollections(tx, ['assets']);
  const asset = await readAsset(tx, eventId, assetId);
  if (!asset) return null;
  const now = deps.clock();
  const tombstone = { ...asset, updatedAt: now };
  await writeDocuments(
    tx,
    'assets',
    [{ id: asset.id, eventId, deleted: true, data: { ...tombstone } }],
    now,
  );
  await tx.query(
    `delete from asset_files where hash = $1 and not exists (
       select 1 from documents
        where collection = 'assets' and not deleted and data->>'fileHash' = $1)`,
    [asset.fileHash],
  );
  return tombstone;
}

/** The file's bytes (Buffer on PostgreSQL, Uint8Array on PGlite: both are returned as Buffer). */
export async function readAssetFile(db: SqlExecutor, hash: string): Promise<Buffer | null> {
  const [row] = await db.query<{ bytes: Uint8Array }>(
    'select bytes from asset_files where hash = $1',
    [hash],
  );
  if (!row) return null;
  return Buffer.isBuffer(row.bytes)
    ? row.bytes
    : Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
}
