import { z } from 'zod';
import type { ImportColumn } from './attendee-columns';
import { ApiLanguageSchema } from './messages';

/** Largest attendee file the pool accepts (CSV or XLSX, sent as the raw request body). */
export const IMPORT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Rows per import: all of them are written in one transaction. */
export const MAX_IMPORT_ROWS = 20_000;

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `?lang=` chooses the language of the rejection reasons (English by default). */
export const ImportQuerySchema = z.object({ lang: ApiLanguageSchema.default('en') });

/** A rejected row: its row number as the spreadsheet shows it (header = row 1), field → reason. */
export interface ImportRowRejection {
  row: number;
  errors: Record<string, string>;
}

/** The 422 body when any row is rejected; nothing was imported. */
export interface ImportRejectedBody {
  error: { code: 'rows_rejected'; message: string; rows: ImportRowRejection[] };
}

export interface ImportedTicket {
  personId: string;
  name: string;
  /** Spreadsheet rows that became this person (duplicates by phone/email/WeChat/badge merge). */
  rows: number[];
  /** Signed LP1 ticket text: render it as a QR code. */
  ticket: string;
}

export interface ImportResponse {
  eventId: string;
  /** Data rows read (blank rows skipped). */
  rows: number;
  /** People new to this event / already known at this event (matched by phone, email, …). */
  created: number;
  updated: number;
  /** Rows folded into another row of the same file (same phone, email, WeChat id or badge). */
  duplicateRows: number;
  /** `registered` interactions written (people already registered at the event get none). */
  registered: number;
  /** Header → profile field, for the columns that were understood. */
  columns: Record<string, string>;
  /** Headers that match no field and were ignored. */
  ignoredColumns: string[];
  tickets: ImportedTicket[];
}

export const TicketsQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  /** The CSV's header language; without it the request's Accept-Language decides. */
  lang: ApiLanguageSchema.optional(),
});

export interface TicketRow {
  personId: string;
  name: string;
  phone: string;
  email: string;
  company: string;
  ticket: string;
}

export interface TicketsResponse {
  eventId: string;
  /** Verifies every ticket (Ed25519, base64url). */
  publicKey: string;
  tickets: TicketRow[];
}

/** Data rows a preview shows (the file's first rows, as read). */
export const IMPORT_PREVIEW_ROWS = 10;

/**
 * `POST /events/:id/attendees/preview`: the same body and checks as the import, nothing written.
 * Row rejections are part of the answer (200), so the screen shows them beside the preview; a file
 * the pool cannot read at all is the import's 422.
 */
export interface ImportPreviewResponse {
  eventId: string;
  /** Data rows read (blank rows skipped). */
  rows: number;
  header: string[];
  /** Per column of the file: the field the pool guessed it fills, or null when ignored. */
  columns: (ImportColumn | null)[];
  /** The first IMPORT_PREVIEW_ROWS data rows, cell by cell. */
  sample: string[][];
  /** People the import would make or update (rows sharing a phone, email … fold): 0 if any row is rejected. */
  people: number;
  duplicateRows: number;
  /** Rejected rows (the first 1000); `rejectedRows` counts them all. */
  rejections: ImportRowRejection[];
  rejectedRows: number;
}
