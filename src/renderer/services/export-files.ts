import Papa from 'papaparse';
import writeXlsxFile from 'write-excel-file/universal';
import type { LeadTable, SheetStyle } from '../../shared/export/lead-rows';
import { localDate } from '../../shared/time/local-time';

const BOM = '\uFEFF';

/** CSV as Excel opens it correctly: UTF-8 with a BOM (else Chinese is garbled), CRLF, all quoted. */
export function toCsvBytes(table: LeadTable): Uint8Array {
  const csv = Papa.unparse(
    { fields: table.header, data: table.rows },
    { quotes: true, newline: '\r\n' },
  );
  return new TextEncoder().encode(BOM + csv);
}

/** XLSX with every cell typed as text, so nothing in it is ever evaluated. */
export async function toXlsxBytes(table: LeadTable): Promise<Uint8Array> {
  const header = table.header.map((value) => ({
    value,
    type: String,
    fontWeight: 'bold' as const,
  }));
  const rows = table.rows.map((row) => row.map((value) => ({ value, type: String })));
  const columns = table.header.map((_, i) => ({
    width: Math.min(
      40,
      Math.max(
        10,
        ...[table.header[i] ?? '', ...table.rows.slice(0, 200).map((r) => r[i] ?? '')].map(
          (v) => v.length + 2,
        ),
      ),
    ),
  }));
  const blob = await writeXlsxFile([header, ...rows], { columns, stickyRowsCount: 1 }).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** The laptop's own clock: staff read times as they saw them at the booth. */
export const boothTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function boothSheetStyle(
  target: SheetStyle['target'],
  labels: SheetStyle['labels'],
): SheetStyle {
  return { labels, target, timeZone: boothTimeZone(), at: Date.now() };
}

/** A file name safe on every OS that keeps Chinese: "<event>-leads-2026-11-25.csv". */
export function exportFileName(
  eventName: string,
  extension: 'csv' | 'xlsx' | 'png' | 'json',
  now = new Date(),
  what: 'leads' | 'ticket' | 'winners' | 'draw-audit' = 'leads',
): string {
  const safe =
    eventName
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
      .trim()
      .slice(0, 80) || 'leadpond';
  return `${safe}-${what}-${localDate(now.getTime(), boothTimeZone())}.${extension}`;
}
