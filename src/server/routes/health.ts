import type { FastifyInstance } from 'fastify';
import type { PoolDeps } from '../deps';

export function registerHealthRoutes(api: FastifyInstance, deps: PoolDeps): void {
  api.get('/health', async () => {
    await deps.db.query('select 1');
    return { ok: true, database: deps.db.kind, time: deps.clock() };
  });
}
