import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import writeXlsxFile from 'write-excel-file/node';
import { ExportQuerySchema, XLSX_MIME, translate } from '../../shared/api';
import { leadHeader, type LeadTable, type SheetStyle } from '../../shared/export/lead-rows';
import { localDate } from '../../shared/time/local-time';
import type { PoolDeps } from '../deps';
import { eventLeadRowPages } from '../services/lead-export';
import { EventParamsSchema, loadEvent, parseApi, requireEventManager } from './events';

/**
 * The event's leads as a spreadsheet, with the same columns and cells as the app's own export
 * (shared leadHeader/leadRow, so both neutralize formula cells the same way), from what the pool
 * holds for the event. The CSV streams page by page; the XLSX (a zip written whole) holds one
 * row per person in memory, never the facts.
 */
const BOM = '\uFEFF';

const csvLines = (rows: string[][]) => Papa.unparse(rows, { quotes: true, newline: '\r\n' });

/**
 * CSV as Excel opens it correctly: UTF-8 with a BOM (else Chinese is garbled), CRLF, all quoted;
 * written a page of people at a time.
 */
export function leadCsvStream(header: string[], pages: AsyncIterable<string[][]>): Readable {
  return Readable.from(
    (async function* () {
      yield BOM + csvLines([header]);
      for await (const rows of pages) yield `\r\n${csvLines(rows)}`;
    })(),
  );
}

/** XLSX with every cell typed as text: nothing in it is ever evaluated, so nothing needs an apostrophe. */
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
export function attachmentHeader(
  eventName: string,
  extension: string,
  now: Date,
  timeZone: string,
): string {
  const base =
    eventName
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'leadpond';
  const name = `${base}-leads-${localDate(now.getTime(), timeZone)}.${extension}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerExportRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock } = deps;

  const exportOf = async (params: unknown, query: unknown, target: SheetStyle['target']) => {
    const { id } = parseApi(EventParamsSchema, params, 'path');
    const { lang, tz } = parseApi(ExportQuerySchema, query, 'query');
    const event = await loadEvent(db, id);
    const style: SheetStyle = {
      labels: (key: string) => translate(lang, key),
      timeZone: tz,
      target,
      at: clock(),
    };
    const disposition = attachmentHeader(event.name, target, new Date(style.at), tz);
    return { disposition, header: leadHeader(style), pages: eventLeadRowPages(db, id, style) };
  };

  api.get('/events/:id/export.csv', async (request, reply) => {
    await requireEventManager(deps, request);
    const { disposition, header, pages } = await exportOf(request.params, request.query, 'csv');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', disposition)
      .send(leadCsvStream(header, pages));
  });

  api.get('/events/:id/export.xlsx', async (request, reply) => {
    await requireEventManager(deps, request);
    const { disposition, header, pages } = await exportOf(request.params, request.query, 'xlsx');
    const rows: string[][] = [];
    for await (const page of pages) rows.push(...page);
    const bytes = await leadTableXlsx({ header, rows });
    return reply
      .header('content-type', XLSX_MIME)
      .header('content-disposition', disposition)
      .send(bytes);
  });
}
