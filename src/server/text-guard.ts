import type { FastifyInstance } from 'fastify';
import { findUnstorableText } from '../shared/schemas/common';
import { badRequest } from './http-errors';

/**
 * A net under the shared schemas: every route's path parameters, query and JSON body are checked
 * for NUL bytes and lone surrogates before its handler runs. The schemas refuse them too (with the
 * field's own message); this catches what a route reads without a schema, such as an id in the
 * path, so no such string ever reaches the database and comes back as a 500.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts: [string, unknown][] = [
      ['path', request.params],
      ['query', request.query],
      // Raw uploads (attendee files, white papers) are bytes, checked by their own parsers.
      ['body', ArrayBuffer.isView(request.body) ? undefined : request.body],
    ];
    for (const [what, value] of parts) {
      const at = findUnstorableText(value);
      if (at !== null) {
        throw badRequest(
          `invalid ${what}: ${at}: contains a NUL byte or a lone surrogate, which cannot be stored`,
          'invalid_text',
        );
      }
    }
  });
}
