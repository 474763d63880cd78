import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import {
  AssetParamsSchema,
  AssetUploadQuerySchema,
  MailOutboxQuerySchema,
  type AssetListResponse,
  type AssetResponse,
  type AssetUploadResponse,
  type MailOutboxResponse,
} from '../../shared/api';
import { DEFAULT_ASSET_SETTINGS, type PoolDeps } from '../deps';
import { ApiError, badRequest, notFound } from '../http-errors';
import { sniffAsset } from '../services/asset-sniff';
import { deleteAsset, listAssets, readAsset, readAssetFile, storeAsset } from '../services/assets';
import { listOutbox } from '../services/mail-outbox';
import { sendAssetFile } from './asset-file';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/**
 * White papers (admin/marketing): upload, list, download, delete; and the mail queue's view.
 *
 * Upload: the file is the raw request body, its title the `title` query parameter (URL-encoded
 * UTF-8). Content-Type may be application/pdf or application/octet-stream (or absent): the bytes
 * decide, and only PDF is taken. Over LEADPOND_ASSET_MAX_BYTES → 413 before the body is read
 * (Content-Length) or as soon as it grows past the limit (chunked); the token is checked before
 * any byte is read. The same file twice in an event → 200 with the existing asset.
 */

/** Declared types an upload may carry; anything else is refused before looking at the bytes. */
const DECLARED_TYPES = new Set([
  '',
  'application/pdf',
  'application/x-pdf',
  'application/octet-stream',
]);

const mediaType = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function registerAssetRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;
  const maxBytes = (deps.assets ?? DEFAULT_ASSET_SETTINGS).maxUploadBytes;

  // Its own scope: only the upload takes raw bodies, with its own size limit and 413 message.
  void api.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: maxBytes },
      (_request, body, done) => done(null, body),
    );
    scoped.setErrorHandler((error: FastifyError) => {
      if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new ApiError(
          413,
          'asset_too_large',
          `the file is larger than the limit of ${megabytes(maxBytes)} (LEADPOND_ASSET_MAX_BYTES)`,
        );
      }
      throw error;
    });
    scoped.post(
      '/events/:id/assets',
      {
        bodyLimit: maxBytes,
        // Who may upload is known before a single byte of the body is read.
        onRequest: async (request) => {
          await requireEventManager(deps, request);
        },
      },
      async (request, reply) => {
        const { id } = parseApi(EventParamsSchema, request.params, 'path');
        const { title } = parseApi(AssetUploadQuerySchema, request.query, 'query');
        const declared = mediaType(request);
        if (!DECLARED_TYPES.has(declared)) {
          throw new ApiError(
            415,
            'unsupported_media_type',
            `white papers must be PDF files; Content-Type ${declared.slice(0, 80)} is not accepted ` +
              '(send application/pdf or application/octet-stream)',
          );
        }
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        if (bytes.length === 0)
          throw badRequest('the request body is empty: send the file as the body');
        const sniffed = sniffAsset(bytes);
        if (!sniffed.ok) {
          throw new ApiError(
            415,
            'unsupported_media_type',
            `white papers must be PDF files; this file looks like ${sniffed.looksLike}`,
          );
        }
        await loadEvent(db, id);
        const stored = await db.transaction((tx) =>
          storeAsset(tx, deps, { eventId: id, title, mime: sniffed.mime, bytes }),
        );
        const response: AssetUploadResponse = stored;
        return reply.status(stored.deduplicated ? 200 : 201).send(response);
      },
    );
  });

  api.get('/events/:id/assets', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    await loadEvent(db, id);
    const response: AssetListResponse = {
      assets: await listAssets(db, id),
      maxUploadBytes: maxBytes,
    };
    return response;
  });

  api.get('/events/:id/assets/:assetId/file', async (request, reply) => {
    await requireEventManager(deps, request);
    const { id, assetId } = parseApi(AssetParamsSchema, request.params, 'path');
    const asset = await readAsset(db, id, assetId);
    const bytes = asset ? await readAssetFile(db, asset.fileHash) : null;
    if (!asset || !bytes) throw notFound(`no white paper ${assetId} in event ${id}`);
    return sendAssetFile(reply, asset, bytes);
  });

  api.delete('/events/:id/assets/:assetId', async (request) => {
    await requireEventManager(deps, request);
    const { id, assetId } = parseApi(AssetParamsSchema, request.params, 'path');
    const asset = await db.transaction((tx) => deleteAsset(tx, deps, id, assetId));
    if (!asset) throw notFound(`no white paper ${assetId} in event ${id}`);
    const response: AssetResponse = { asset };
    return response;
  });

  api.get('/mail/outbox', async (request) => {
    await requireEventManager(deps, request);
    const { status, limit } = parseApi(MailOutboxQuerySchema, request.query, 'query');
    const response: MailOutboxResponse = { entries: await listOutbox(db, status, limit) };
    return response;
  });
}
