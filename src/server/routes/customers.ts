import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CustomerDetailQuerySchema, CustomersQuerySchema } from '../../shared/api';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { badRequest, notFound } from '../http-errors';
import {
  decodeCursor,
  decodeFactsCursor,
  getCustomer,
  listCustomers,
} from '../services/customers-query';
import { parseApi } from './events';

const CustomerParamsSchema = z.object({ id: z.string().max(64) });

/** The merged customers of the pool (one per real person), read by marketing and admins. */
export function registerCustomerRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/customers', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const query = parseApi(CustomersQuerySchema, request.query, 'query');
    let afterId: string | undefined;
    if (query.cursor) {
      afterId = decodeCursor(query.cursor) ?? undefined;
      if (!afterId) throw badRequest('invalid query: cursor: pass the nextCursor of a page');
    }
    return listCustomers(db, {
      q: query.q || undefined,
      eventId: query.eventId || undefined,
      tag: query.tag || undefined,
      limit: query.limit,
      afterId,
    });
  });

  // Facts come a page at a time, newest first: ?factsLimit= (≤ 1000) and ?factsBefore=<cursor>.
  api.get('/customers/:id', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseApi(CustomerParamsSchema, request.params, 'path');
    const query = parseApi(CustomerDetailQuerySchema, request.query, 'query');
    const before = query.factsBefore ? decodeFactsCursor(query.factsBefore) : null;
    if (query.factsBefore && !before) {
      throw badRequest('invalid query: factsBefore: pass the nextFactsBefore of an answer');
    }
    const customer = await getCustomer(db, id, { limit: query.factsLimit, before });
    if (!customer) throw notFound(`no customer ${id}`);
    return customer;
  });
}
