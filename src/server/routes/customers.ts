import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CustomerDetailQuerySchema,
  CustomerFilterSchema,
  CustomersQuerySchema,
  type CustomerCountResponse,
  ManualTagsBodySchema,
  StageMoveBodySchema,
} from '../../shared/api';
import type { Lang } from '../../shared/intelligence';
import { authenticate, requireUser, type Principal } from '../auth';
import type { PoolDeps } from '../deps';
import { badRequest, notFound } from '../http-errors';
import { moveStage, setManualTags } from '../services/customer-moves';
import { withProvenance } from '../services/customer-provenance';
import { ownerInScope, ownersInScope } from '../services/sales-scope';
import { eraseCustomer } from '../services/erasure';
import {
  countCustomers,
  decodeFactsCursor,
  customerConditionsOf,
  decodeListCursor,
  getCustomer,
  listCustomers,
} from '../services/customers-query';
import { languageFromAcceptLanguage } from '../services/mail-message';
import { parseApi } from './events';

type User = Extract<Principal, { kind: 'user' }>;

const CustomerParamsSchema = z.object({ id: z.string().max(64) });

/** `?lang=` wins; else the browser's Accept-Language; else zh-CN. */
function languageOf(request: FastifyRequest, asked: Lang | undefined): Lang {
  return asked ?? languageFromAcceptLanguage(request.headers['accept-language']);
}

/**
 * The merged customers of the pool (one per real person). Marketing and admins read and move
 * all of them; a sales user reads and moves only the leads routed to them (anyone else's is
 * answered as if it did not exist).
 */
export function registerCustomerRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;
  /** A team lead's list holds their team's leads too. */
  const withTeam = async (user: User) => ({
    ...user,
    teamOwners: (await ownersInScope(db, user)) ?? undefined,
  });

  api.get('/customers', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);
    const query = parseApi(CustomersQuerySchema, request.query, 'query');
    const order = query.order ?? (query.sort === 'slaDue' ? 'asc' : 'desc');
    const after = query.cursor ? decodeListCursor(query.cursor) : undefined;
    if (query.cursor && (!after || after.sort !== query.sort || after.order !== order)) {
      throw badRequest('invalid query: cursor: pass the nextCursor of a page with the same sort');
    }
    return listCustomers(db, {
      ...customerConditionsOf(query, await withTeam(user)),
      sort: query.sort,
      order,
      limit: query.limit,
      after: after ?? undefined,
    });
  });

  api.get('/customers/count', async (request): Promise<CustomerCountResponse> => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);
    const query = parseApi(CustomerFilterSchema, request.query, 'query');
    return { count: await countCustomers(db, customerConditionsOf(query, await withTeam(user))) };
  });

  // Facts come a page at a time, newest first: ?factsLimit= (≤ 1000) and ?factsBefore=<cursor>.
  api.get('/customers/:id', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);
    const { id } = parseApi(CustomerParamsSchema, request.params, 'path');
    const query = parseApi(CustomerDetailQuerySchema, request.query, 'query');
    const before = query.factsBefore ? decodeFactsCursor(query.factsBefore) : null;
    if (query.factsBefore && !before) {
      throw badRequest('invalid query: factsBefore: pass the nextFactsBefore of an answer');
    }
    const customer = await getCustomer(
      db,
      id,
      { limit: query.factsLimit, before },
      { lang: languageOf(request, query.lang), now: deps.clock() },
    );
    if (!customer || !ownerInScope(await ownersInScope(db, user), customer.owner)) {
      throw notFound(`no customer ${id}`);
    }
    return withProvenance(db, customer);
  });

  api.post('/customers/:id/stage', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);
    const { id } = parseApi(CustomerParamsSchema, request.params, 'path');
    const body = parseApi(StageMoveBodySchema, request.body);
    return moveStage(db, deps, user, id, body);
  });

  api.put('/customers/:id/tags', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseApi(CustomerParamsSchema, request.params, 'path');
    const body = parseApi(ManualTagsBodySchema, request.body);
    return setManualTags(db, deps, id, body.manual);
  });

  // PIPL/GDPR erasure (services/erasure.ts): admins only; the answer is the audit entry.
  api.post('/customers/:id/erase', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin']);
    const { id } = parseApi(CustomerParamsSchema, request.params, 'path');
    return db.transaction((tx) => eraseCustomer(tx, deps, id, user.userId));
  });
}
