import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CrmMappingBodySchema, type CrmMappingListResponse } from '../../shared/api';
import { authenticate, requireUser, type UserRole } from '../auth';
import type { PoolDeps } from '../deps';
import {
  createCrmMapping,
  deleteCrmMapping,
  listCrmMappings,
  updateCrmMapping,
} from '../services/crm-mappings';
import { parseApi } from './events';

const MappingParamsSchema = z.object({ id: z.string().max(64) });

/** CRM export mappings: marketing and admins, who are the ones exporting (sales do not). */
export function registerCrmMappingRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;
  const managers: UserRole[] = ['admin', 'marketing'];

  api.get('/crm-mappings', async (request): Promise<CrmMappingListResponse> => {
    requireUser(await authenticate(db, request), managers);
    return { mappings: await listCrmMappings(db) };
  });

  api.post('/crm-mappings', async (request, reply) => {
    const user = requireUser(await authenticate(db, request), managers);
    const body = parseApi(CrmMappingBodySchema, request.body);
    const mapping = await createCrmMapping(db, {
      id: newId(),
      userId: user.userId,
      name: body.name,
      columns: body.columns,
      now: clock(),
    });
    return reply.status(201).send(mapping);
  });

  api.put('/crm-mappings/:id', async (request) => {
    requireUser(await authenticate(db, request), managers);
    const { id } = parseApi(MappingParamsSchema, request.params, 'path');
    const body = parseApi(CrmMappingBodySchema, request.body);
    return updateCrmMapping(db, id, { name: body.name, columns: body.columns, now: clock() });
  });

  api.delete('/crm-mappings/:id', async (request, reply) => {
    requireUser(await authenticate(db, request), managers);
    const { id } = parseApi(MappingParamsSchema, request.params, 'path');
    await deleteCrmMapping(db, id);
    return reply.status(204).send();
  });
}
