import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  CUSTOMER_FILTER_KEYS,
  CustomerExportQuerySchema,
  CustomerFilterSchema,
  SegmentBodySchema,
  XLSX_MIME,
  type SegmentFilter,
  type SegmentListResponse,
} from '../../shared/api';
import type { SheetStyle } from '../../shared/export/lead-rows';
import { authenticate, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { forbidden } from '../http-errors';
import {
  customerRowPages,
  customerSheetHeader,
  customersLabel,
  mappedColumns,
  SCREEN_COLUMNS,
} from '../services/customer-export';
import { loadCrmMapping } from '../services/crm-mappings';
import {
  countCustomers,
  customerConditionsOf,
  type CustomerConditions,
} from '../services/customers-query';
import {
  createSegment,
  deleteSegment,
  listSegments,
  loadSegment,
  segmentConditions,
  updateSegment,
} from '../services/segments';
import { parseApi } from './events';
import { attachmentHeader, leadCsvStream, leadTableXlsx } from './exports';

const SegmentParamsSchema = z.object({ id: z.string().max(64) });

/**
 * Saved segments (any user lists them, each counted among what that user may see; marketing and
 * admins save, change and delete them) and the exports of customers — of any filter of the list,
 * or of a segment — for marketing and admins. Exports hold only people with marketing consent,
 * unless an admin gives a reason to include the others, which is recorded (DESIGN.md).
 */
export function registerSegmentRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;

  api.get('/segments', async (request): Promise<SegmentListResponse> => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing', 'sales']);
    return { segments: await listSegments(db, user) };
  });

  api.post('/segments', async (request, reply) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const body = parseApi(SegmentBodySchema, request.body);
    const segment = await createSegment(
      db,
      { id: newId(), name: body.name, filter: body.filter, now: clock() },
      user,
    );
    return reply.status(201).send(segment);
  });

  api.put('/segments/:id', async (request) => {
    const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseApi(SegmentParamsSchema, request.params, 'path');
    const body = parseApi(SegmentBodySchema, request.body);
    return updateSegment(db, id, { name: body.name, filter: body.filter, now: clock() }, user);
  });

  api.delete('/segments/:id', async (request, reply) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { id } = parseApi(SegmentParamsSchema, request.params, 'path');
    await deleteSegment(db, id);
    return reply.status(204).send();
  });

  type Target = SheetStyle['target'];
  const exportCustomers = async (
    query: unknown,
    reply: FastifyReply,
    target: Target,
    what: { name: string; filter: SegmentFilter; conditions: CustomerConditions },
    user: { role: string; userId: string },
  ) => {
    const { lang, tz, withoutConsentReason, mapping } = parseApi(
      CustomerExportQuerySchema,
      query,
      'query',
    );
    if (withoutConsentReason !== undefined && user.role !== 'admin') {
      throw forbidden('only an admin may export people without marketing consent');
    }
    // Before any override is recorded: an unknown mapping exports nothing.
    const columns =
      mapping === undefined
        ? SCREEN_COLUMNS
        : mappedColumns((await loadCrmMapping(db, mapping)).columns);
    const conditions: CustomerConditions =
      withoutConsentReason === undefined
        ? { ...what.conditions, consent: 'granted' }
        : what.conditions;
    const style: SheetStyle = {
      labels: (key) => customersLabel(lang, key),
      timeZone: tz,
      target,
      at: clock(),
    };
    if (withoutConsentReason !== undefined) {
      await db.query(
        `insert into customer_export_overrides (id, user_id, at, reason, filter, rows)
         values ($1, $2, $3, $4, $5::jsonb, $6)`,
        [
          newId(),
          user.userId,
          style.at,
          withoutConsentReason,
          JSON.stringify(what.filter),
          await countCustomers(db, conditions),
        ],
      );
    }
    const disposition = attachmentHeader(what.name, target, new Date(style.at), tz);
    const header = customerSheetHeader(style, columns);
    const pages = customerRowPages(db, conditions, style, columns);
    reply.header('content-disposition', disposition);
    if (target === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .send(leadCsvStream(header, pages));
    }
    const rows: string[][] = [];
    for await (const page of pages) rows.push(...page);
    return reply.header('content-type', XLSX_MIME).send(await leadTableXlsx({ header, rows }));
  };

  for (const target of ['csv', 'xlsx'] as const) {
    api.get(`/customers/export.${target}`, async (request, reply) => {
      const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
      const filter = parseApi(CustomerFilterSchema, request.query, 'query');
      const name = customersLabel(
        parseApi(CustomerExportQuerySchema, request.query, 'query').lang,
        'title',
      );
      return exportCustomers(
        request.query,
        reply,
        target,
        {
          name,
          filter: filterRecordOf(request.query),
          conditions: customerConditionsOf(filter, user),
        },
        user,
      );
    });

    api.get(`/segments/:id/export.${target}`, async (request, reply) => {
      const user = requireUser(await authenticate(db, request), ['admin', 'marketing']);
      const { id } = parseApi(SegmentParamsSchema, request.params, 'path');
      const segment = await loadSegment(db, id);
      return exportCustomers(
        request.query,
        reply,
        target,
        {
          name: segment.name,
          filter: segment.filter,
          conditions: segmentConditions(segment.filter, user),
        },
        user,
      );
    });
  }
}

/** The filter keys of a query as given (what an override record keeps). */
function filterRecordOf(query: unknown): SegmentFilter {
  const out: SegmentFilter = {};
  const keys: readonly string[] = CUSTOMER_FILTER_KEYS;
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!keys.includes(key)) continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}
