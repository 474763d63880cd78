import type { FastifyReply } from 'fastify';
import type { Asset } from '../../shared/schemas';

/**
 * How a white paper leaves the pool: as an attachment (never rendered in the pool's origin),
 * with its stored type, `nosniff`, and a filename that survives any title — RFC 5987 `filename*`
 * for the real (e.g. Chinese) title plus a plain ASCII fallback for old clients.
 */
const EXTENSIONS: Record<Asset['mime'], string> = { 'application/pdf': '.pdf' };

export function contentDisposition(title: string, mime: Asset['mime']): string {
  const extension = EXTENSIONS[mime];
  // No path separators, quotes or control characters in a filename, whatever the title holds.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = title.replace(/[\u0000-\u001f\u007f/\\"]/g, '_').trim() || 'white-paper';
  const name = base.toLowerCase().endsWith(extension) ? base : `${base}${extension}`;
  const ascii =
    name
      .replace(/[^A-Za-z0-9 ._()-]/g, '_')
      .replace(/_+/g, '_')
      .slice(-120) || `white-paper${extension}`;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function sendAssetFile(reply: FastifyReply, asset: Asset, bytes: Buffer): FastifyReply {
  return reply
    .header('content-type', asset.mime)
    .header('content-length', String(bytes.length))
    .header('content-disposition', contentDisposition(asset.title, asset.mime))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(bytes);
}
