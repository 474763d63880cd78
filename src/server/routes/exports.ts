import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import writeXlsxFile from 'write-excel-file/node';
import { ExportQuerySchema, XLSX_MIME, translate } from '../../shared/api';
import { buildLeadTable, type LeadTable } from '../../shared/export/lead-rows';
import type { PoolDeps } from '../deps';
import { loadEventLeads } from '../services/customers-query';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/**
 * The event's leads as a spreadsheet, built by the same buildLeadTable as the app's own export
 * (so both neutralize formula cells the same way), from what the pool holds for the event.
 */
const BOM = '\uFEFF';

/** CSV as Excel opens it correctly: UTF-8 with a BOM (else Chinese is garbled), CRLF, all quoted. */
export function leadTableCsv(table: LeadTable): string {
  return (
    BOM +
    Papa.unparse({ fields: table.header, data: table.rows }, { quotes: true, newline: '\r\n' })
  );
}

/** XLSX with every cell typed as text, so nothing in it is ever evaluated. */
export async function leadTableXlsx(table: LeadTable): Promise<Buffer> {
  const header = table.header.map((value) => ({
    value,
    type: String,
    fontWeight: 'bold' as const,
  }));
  const rows = table.rows.map((row) => row.map((value) => ({ value, type: String })));
  const columns = table.header.map((title, i) => ({
    width: Math.min(
      40,
      Math.max(
        10,
        ...[title, ...table.rows.slice(0, 200).map((r) => r[i] ?? '')].map((v) => v.length + 2),
      ),
    ),
  }));
  return writeXlsxFile([header, ...rows], { columns, stickyRowsCount: 1 }).toBuffer();
}

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<full name>`: old clients get a plain name,
 * current ones the event's own (often Chinese) name (RFC 6266 / 5987).
 */
export function attachmentHeader(eventName: string, extension: string, now: Date): string {
  const base =
    eventName
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'leadpond';
  const name = `${base}-leads-${now.toISOString().slice(0, 10)}.${extension}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerExportRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock } = deps;

  const tableOf = async (params: unknown, query: unknown) => {
    const { id } = parseApi(EventParamsSchema, params, 'path');
    const { lang } = parseApi(ExportQuerySchema, query, 'query');
    const event = await loadEvent(db, id);
    const leads = await loadEventLeads(db, id);
    const table = buildLeadTable({ event, ...leads, labels: (key) => translate(lang, key) });
    return { event, table };
  };

  api.get('/events/:id/export.csv', async (request, reply) => {
    await requireEventManager(deps, request);
    const { event, table } = await tableOf(request.params, request.query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentHeader(event.name, 'csv', new Date(clock())))
      .send(leadTableCsv(table));
  });

  api.get('/events/:id/export.xlsx', async (request, reply) => {
    await requireEventManager(deps, request);
    const { event, table } = await tableOf(request.params, request.query);
    const bytes = await leadTableXlsx(table);
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', attachmentHeader(event.name, 'xlsx', new Date(clock())))
      .send(bytes);
  });
}
