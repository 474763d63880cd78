import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DuplicatesQuerySchema } from '../../shared/api';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { parseWith } from '../http-errors';
import { confirmDuplicate, listDuplicates, rejectDuplicate } from '../services/duplicates';

const PairParamsSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * The possible-duplicates queue (DESIGN.md "Trust"): key matches the pool would not merge on its
 * own, for marketing to confirm (an undoable merge) or reject (a block).
 */
export function registerDuplicateRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/customers/duplicates', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const query = parseWith(DuplicatesQuerySchema, request.query, 'query');
    return listDuplicates(db, query);
  });

  api.post('/customers/duplicates/:id/confirm', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseWith(PairParamsSchema, request.params, 'path');
    const duplicate = await db.transaction((tx) => confirmDuplicate(tx, deps, id, user.userId));
    return { duplicate };
  });

  api.post('/customers/duplicates/:id/reject', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseWith(PairParamsSchema, request.params, 'path');
    const duplicate = await db.transaction((tx) => rejectDuplicate(tx, deps, id, user.userId));
    return { duplicate };
  });
}
