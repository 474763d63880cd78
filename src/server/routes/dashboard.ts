import type { FastifyInstance } from 'fastify';
import {
  DashboardQuerySchema,
  DashboardsQuerySchema,
  type EventDashboard,
  type EventDashboardsResponse,
} from '../../shared/api';
import type { PoolDeps } from '../deps';
import { eventDashboards } from '../services/event-dashboard';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/** Event dashboards (DESIGN.md "The pool's web app"): marketing's and admins' view, like ROI. */
export function registerDashboardRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/events/dashboard', async (request) => {
    await requireEventManager(deps, request);
    const { ids, tz } = parseApi(DashboardsQuerySchema, request.query, 'query');
    const events = [];
    for (const id of ids) events.push(await loadEvent(db, id));
    const response: EventDashboardsResponse = { events: await eventDashboards(db, events, tz) };
    return response;
  });

  api.get('/events/:id/dashboard', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    const { tz } = parseApi(DashboardQuerySchema, request.query, 'query');
    const [dashboard] = await eventDashboards(db, [await loadEvent(db, id)], tz);
    return dashboard satisfies EventDashboard | undefined;
  });
}
