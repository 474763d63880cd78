import type { FastifyInstance } from 'fastify';
import type { IntelligenceSyncResponse } from '../../shared/sync';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { loadConfig } from '../services/intelligence-config';

/**
 * `GET /sync/intelligence` → {revision, config}: what booths score with offline. Any enrolled
 * device may read it (the config is the pool's, not an event's); of users, those who may sync an
 * event — a sales user has the customers API, which carries the pool's own numbers.
 */
export function registerSyncIntelligenceRoute(api: FastifyInstance, deps: PoolDeps): void {
  api.get('/sync/intelligence', async (request): Promise<IntelligenceSyncResponse> => {
    const principal = await authenticate(deps.db, request);
    if (principal.kind === 'user') requireUser(principal, ['admin', 'marketing']);
    const { revision, config } = await loadConfig(deps.db);
    return { revision, config };
  });
}
