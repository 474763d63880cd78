import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CATALOGS, type Language } from '../../shared/i18n';
import { InteractionSchema } from '../../shared/schemas';
import type { PoolDeps } from '../deps';
import { readAsset, readAssetFile } from '../services/assets';
import { DOWNLOAD_PATH, lookupDownloadToken } from '../services/download-tokens';
import { ingestDocuments } from '../services/ingest';
import { escapeHtml, fill, formatTime, languageFromAcceptLanguage } from '../services/mail-message';
import { sendAssetFile } from './asset-file';

/**
 * `GET /d/:token` — the link in the white-paper mail (public: the token is the credential). A
 * valid token streams the file and records a `content_downloaded` interaction through ingest, so
 * devices pull it like any fact. Unknown or malformed → 404, expired → 410, asset withdrawn →
 * 410, each a short page in zh-CN or en (Accept-Language). Only GET: a HEAD (link checkers,
 * mail scanners) is not a download. The token never reaches the log (log-redaction.ts).
 */
function page(reply: FastifyReply, status: number, lang: Language, title: string, text: string) {
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.6}h1{font-size:1.4rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(html);
}

export const isDownloadUrl = (url: string) => url.startsWith(DOWNLOAD_PATH);

export function sendDownloadNotFound(request: FastifyRequest, reply: FastifyReply) {
  const lang = languageFromAcceptLanguage(request.headers['accept-language']);
  const words = CATALOGS[lang].assets.download;
  return page(reply, 404, lang, words.notFoundTitle, words.notFound);
}

export function registerDownloadRoutes(app: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;

  app.get('/d/:token', { exposeHeadRoute: false }, async (request, reply) => {
    const lang = languageFromAcceptLanguage(request.headers['accept-language']);
    const words = CATALOGS[lang].assets.download;
    const params = request.params as { token?: unknown };
    const token = typeof params.token === 'string' ? params.token : '';
    const now = clock();
    const found = await lookupDownloadToken(db, token, now);
    if (found.kind === 'unknown')
      return page(reply, 404, lang, words.notFoundTitle, words.notFound);
    if (found.kind === 'expired') {
      const at = formatTime(lang, found.expiresAt);
      return page(reply, 410, lang, words.expiredTitle, fill(words.expired, { at }));
    }
    const asset = await readAsset(db, found.eventId, found.assetId);
    const bytes = asset ? await readAssetFile(db, asset.fileHash) : null;
    if (!asset || !bytes) return page(reply, 410, lang, words.goneTitle, words.gone);

    const fact = InteractionSchema.parse({
      id: newId(),
      eventId: found.eventId,
      personId: found.personId,
      type: 'content_downloaded',
      deviceId: 'pool',
      staffId: '',
      occurredAt: now,
      data: { assetId: found.assetId, requestId: found.requestId },
      updatedAt: now,
    });
    await db.transaction((tx) =>
      ingestDocuments(tx, deps, 'interactions', [
        { id: fact.id, eventId: fact.eventId, deleted: false, data: { ...fact } },
      ]),
    );
    return sendAssetFile(reply.header('referrer-policy', 'no-referrer'), asset, bytes);
  });
}
