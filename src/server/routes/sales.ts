import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ReassignBodySchema,
  ReturnBodySchema,
  TaskCreateBodySchema,
  TaskUpdateBodySchema,
  type AssigneesResponse,
  type InboxResponse,
  type TaskListResponse,
  type TaskResponse,
} from '../../shared/api';
import { leadsATeam, ownersInScopeOf } from '../../shared/intelligence';
import { authenticate, requireUser, type Principal } from '../auth';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { forbidden, notFound } from '../http-errors';
import { returnLead } from '../services/customer-moves';
import { addTask, lockTask, tasksOfCustomer, updateTask } from '../services/follow-up-tasks';
import { loadConfig } from '../services/intelligence-config';
import { reassignLead } from '../services/reassignment';
import { loadInbox } from '../services/sales-inbox';
import { ownerInScope, ownersInScope } from '../services/sales-scope';
import { parseApi } from './events';

type User = Extract<Principal, { kind: 'user' }>;

const IdParamsSchema = z.object({ id: z.string().max(64) });

/** The lead's owner, when the user may work it; anyone else's lead answers 404, as if absent. */
async function ownerOfLeadInScope(
  tx: SqlExecutor,
  user: User,
  customerId: string,
): Promise<string | null> {
  const [row] = await tx.query<{ owner: string | null }>(
    'select owner from customers where id = $1 and merged_into is null',
    [customerId],
  );
  if (!row || !ownerInScope(await ownersInScope(tx, user), row.owner)) {
    throw notFound(`no customer ${customerId}`);
  }
  return row.owner;
}

/**
 * Sales follow-up (DESIGN.md "Follow-up and hand-off"): the inbox, returning a lead with a
 * reason, tasks, reassignment. Every route decides on the server whose leads the caller may
 * touch (services/sales-scope): a sales user their own and their team's if they lead one.
 */
export function registerSalesRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;
  const signedIn = async (request: Parameters<typeof authenticate>[1]) =>
    requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);

  // Anyone's inbox is the leads routed to them (and their team's): marketing may own leads too.
  api.get('/sales/inbox', async (request): Promise<InboxResponse> => {
    const user = await signedIn(request);
    const { config } = await loadConfig(db);
    return loadInbox(db, ownersInScopeOf(config, user.userId), deps.clock());
  });

  api.get('/sales/assignees', async (request): Promise<AssigneesResponse> => {
    const user = await signedIn(request);
    if (user.role === 'sales') {
      const { config } = await loadConfig(db);
      if (!leadsATeam(config, user.userId)) throw forbidden('only team leads reassign leads');
      const team = ownersInScopeOf(config, user.userId);
      const rows = await db.query<{ id: string; name: string }>(
        'select id, name from users where id = any($1::text[]) and revoked_at is null order by name, id',
        [team],
      );
      return { assignees: rows };
    }
    const rows = await db.query<{ id: string; name: string }>(
      `select id, name from users where role = 'sales' and revoked_at is null order by name, id`,
    );
    return { assignees: rows };
  });

  api.post('/customers/:id/return', async (request) => {
    const user = await signedIn(request);
    const { id } = parseApi(IdParamsSchema, request.params, 'path');
    const body = parseApi(ReturnBodySchema, request.body);
    return returnLead(db, deps, user, id, body);
  });

  api.post('/customers/:id/owner', async (request) => {
    const user = await signedIn(request);
    const { id } = parseApi(IdParamsSchema, request.params, 'path');
    const body = parseApi(ReassignBodySchema, request.body);
    return reassignLead(db, deps, user, id, body);
  });

  api.get('/customers/:id/tasks', async (request): Promise<TaskListResponse> => {
    const user = await signedIn(request);
    const { id } = parseApi(IdParamsSchema, request.params, 'path');
    await ownerOfLeadInScope(db, user, id);
    return { tasks: await tasksOfCustomer(db, id) };
  });

  // A task belongs to the lead's owner; a lead in a queue has nobody to do it yet.
  api.post('/customers/:id/tasks', async (request, reply): Promise<TaskResponse> => {
    const user = await signedIn(request);
    const { id } = parseApi(IdParamsSchema, request.params, 'path');
    const body = parseApi(TaskCreateBodySchema, request.body);
    const task = await db.transaction(async (tx) => {
      const owner = await ownerOfLeadInScope(tx, user, id);
      if (owner === null) throw forbidden('the lead has no owner to give a task to');
      return addTask(
        tx,
        { id: deps.newId(), customerId: id, owner, createdBy: user.userId, now: deps.clock() },
        body,
      );
    });
    reply.code(201);
    return { task };
  });

  api.patch('/tasks/:id', async (request): Promise<TaskResponse> => {
    const user = await signedIn(request);
    const { id } = parseApi(IdParamsSchema, request.params, 'path');
    const body = parseApi(TaskUpdateBodySchema, request.body);
    const task = await db.transaction(async (tx) => {
      const found = await lockTask(tx, id);
      if (!found || !ownerInScope(await ownersInScope(tx, user), found.leadOwner)) {
        throw notFound(`no task ${id}`);
      }
      return updateTask(tx, id, body, user.userId, deps.clock());
    });
    return { task };
  });
}
