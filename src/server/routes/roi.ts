import type { FastifyInstance } from 'fastify';
import type { EventRoiResponse, EventsRoiResponse } from '../../shared/api';
import type { PoolDeps } from '../deps';
import { eventsRoi } from '../services/event-roi';
import { EventParamsSchema, listEvents, loadEvent, parseApi, requireEventManager } from './events';

/** What each event cost and gave (DESIGN.md "ROI per event"): marketing's and admins' view. */
export function registerRoiRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/events/roi', async (request) => {
    await requireEventManager(deps, request);
    const events = await listEvents(db);
    const response: EventsRoiResponse = { events: await eventsRoi(db, events) };
    return response;
  });

  api.get('/events/:id/roi', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const [roi] = await eventsRoi(db, [await loadEvent(db, id)]);
    return roi satisfies EventRoiResponse | undefined;
  });
}
