import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { parseWith } from '../http-errors';
import { listMerges, undoCustomerMerge } from '../services/merges';

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
});
const MergeParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** Customer merges made by identity resolution: the list, and an admin's undo. */
export function registerMergeRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/customers/merges', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const query = parseWith(ListQuerySchema, request.query, 'query');
    return listMerges(db, query);
  });

  api.post('/customers/merges/:id/undo', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseWith(MergeParamsSchema, request.params, 'path');
    return db.transaction((tx) => undoCustomerMerge(tx, deps, id));
  });
}
