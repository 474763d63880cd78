import type { FastifyInstance } from 'fastify';
import {
  DrawParamsSchema,
  type DrawSummary,
  type EventDrawsResponse,
} from '../../shared/api/draws';
import { DrawSchema, verifyDrawAudit, type Draw } from '../../shared/draws';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { notFound } from '../http-errors';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/**
 * Draws as the pool holds them after sync (the owning booth device runs each one): a list per
 * event, and each drawn draw's audit record as a file anyone can re-check with verifyDrawAudit.
 */
async function loadDraws(tx: SqlExecutor, eventId: string): Promise<Draw[]> {
  const rows = await tx.query<{ data: unknown }>(
    `select data from documents where collection = 'draws' and event_id = $1 and not deleted
      order by data->>'createdAt', id`,
    [eventId],
  );
  return rows.flatMap((row) => {
    const parsed = DrawSchema.safeParse(row.data);
    return parsed.success ? [parsed.data] : [];
  });
}

function summarize(draw: Draw, deviceNames: Map<string, string>): DrawSummary {
  const audit = draw.audit;
  return {
    id: draw.id,
    name: draw.name,
    status: draw.status,
    prizes: draw.prizes,
    ownerDeviceId: draw.ownerDeviceId,
    ownerDeviceName: deviceNames.get(draw.ownerDeviceId) ?? null,
    drawnAt: audit?.drawnAt ?? null,
    entrants: audit ? audit.entrantIds.length : null,
    winners: audit ? audit.winners.length : null,
    auditVerified: audit ? verifyDrawAudit(audit).ok : null,
    updatedAt: draw.updatedAt,
  };
}

export function registerEventDrawRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db } = deps;

  api.get('/events/:id/draws', async (request) => {
    await requireEventManager(deps, request);
    const { id } = parseApi(EventParamsSchema, request.params, 'path');
    await loadEvent(db, id);
    const draws = await loadDraws(db, id);
    const devices = await db.query<{ id: string; name: string }>(
      'select id, name from devices where event_id = $1',
      [id],
    );
    const names = new Map(devices.map((device) => [device.id, device.name]));
    const response: EventDrawsResponse = {
      eventId: id,
      draws: draws.map((draw) => summarize(draw, names)),
    };
    return response;
  });

  api.get('/events/:id/draws/:drawId/audit', async (request, reply) => {
    await requireEventManager(deps, request);
    const { id, drawId } = parseApi(DrawParamsSchema, request.params, 'path');
    const draw = (await loadDraws(db, id)).find((candidate) => candidate.id === drawId);
    if (!draw) throw notFound(`no draw ${drawId} in event ${id}`);
    if (!draw.audit) throw notFound(`draw ${drawId} has not been drawn yet: it has no audit`);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="draw-audit-${drawId}.json"`)
      .send(JSON.stringify(draw.audit, null, 2));
  });
}
