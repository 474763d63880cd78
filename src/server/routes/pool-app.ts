import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const POOL_APP_PREFIX = '/app/';

/**
 * The pool app may talk to its own origin only; nothing may frame it (clickjacking on the
 * users screen); no referrer, so a set-up or invite token in the hash never leaks anywhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Leadpond</title>
<p>The pool app is not built yet. Run <code>npm run build:pool-app</code> (npm run pool and npm start do it for you).</p>
<p lang="zh-CN">客户池网页尚未构建，请运行 <code>npm run build:pool-app</code>。</p></html>`;

/** `/app/`: the built pool app (npm run build:pool-app), with its security headers. */
export async function registerPoolAppRoutes(
  app: FastifyInstance,
  options: { dir: string },
): Promise<void> {
  const dir = resolve(options.dir);
  app.get('/', (_request, reply) => reply.redirect(POOL_APP_PREFIX));
  app.get('/app', (_request, reply) => reply.redirect(POOL_APP_PREFIX));

  await app.register(async (scope) => {
    scope.addHook('onSend', async (request, reply) => {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      // Hashed file names never change content; the page itself must be asked for every time.
      const path = request.url.split('?')[0] ?? '';
      reply.header(
        'cache-control',
        path.startsWith(`${POOL_APP_PREFIX}assets/`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    });
    if (!existsSync(join(dir, 'index.html'))) {
      scope.get(`${POOL_APP_PREFIX}*`, (_request, reply) =>
        reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
      );
      return;
    }
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: POOL_APP_PREFIX,
      decorateReply: false,
      index: ['index.html'],
      // Hash routes: the only page is index.html; unknown files are real 404s.
      wildcard: true,
    });
  });
}
