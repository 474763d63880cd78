import { CRM_FIELDS, type CrmColumn, type CrmField, type CustomerSummary } from '../../shared/api';
import { neutralizeCell, type SheetStyle } from '../../shared/export/lead-rows';
import { splitName } from '../../shared/export/name-parts';
import { formatPhoneForReading } from '../../shared/identity';
import type { Language } from '../../shared/i18n';
import { customers as customersCatalog } from '../../shared/i18n/pool/customers';
import type { MessageTree } from '../../shared/i18n/pool/catalog';
import { localDateTime, utcOffsetLabel } from '../../shared/time/local-time';
import type { SqlExecutor } from '../db/sql';
import { listCustomers, type CustomerConditions } from './customers-query';

/**
 * Customers as sheet rows (a filter's or a saved segment's export), with the customers screen's
 * own words for headers and values, in the request's language. CSV cells go through the shared
 * neutralizeCell, as the event exports' do; XLSX cells are typed text and kept as they are.
 */

/** A key of the customers catalog ("export.columns.name") in one language; the key if unknown. */
export function customersLabel(language: Language, key: string): string {
  let node: string | MessageTree | undefined = customersCatalog[language];
  for (const part of key.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  return typeof node === 'string' ? node : key;
}

const text = (profile: Record<string, unknown>, key: string) =>
  typeof profile[key] === 'string' ? (profile[key] as string) : '';

type FieldValue = (c: CustomerSummary, style: SheetStyle) => string;

const timeIn = (ms: number | null, style: SheetStyle) =>
  ms !== null && ms > 0 ? localDateTime(ms, style.timeZone) : '';

const nameOf = (c: CustomerSummary) => text(c.profile, 'name');

/** Every field an export can carry, as the customers screen writes it. */
const FIELDS: Record<CrmField, FieldValue> = {
  name: nameOf,
  familyName: (c) => splitName(nameOf(c)).family,
  givenName: (c) => splitName(nameOf(c)).given,
  company: (c) => text(c.profile, 'company'),
  title: (c) => text(c.profile, 'title'),
  department: (c) => text(c.profile, 'department'),
  // Home-country numbers the national way in CSV (no leading '+' for a spreadsheet to misread).
  phone: (c) => formatPhoneForReading(text(c.profile, 'phone')),
  email: (c) => text(c.profile, 'email'),
  wechatId: (c) => text(c.profile, 'wechatId'),
  province: (c) => text(c.profile, 'province'),
  city: (c) => text(c.profile, 'city'),
  industry: (c) => text(c.profile, 'industry'),
  grade: (c) => c.grade,
  score: (c) => String(c.score),
  stage: (c, style) => style.labels(`stages.${c.stage}`),
  // The code, in any language: what a CRM's picklist or a custom property is set up to take.
  stageCode: (c) => c.stage,
  owner: (c) => c.ownerName ?? '',
  consent: (c, style) => {
    const consent = c.profile.consent as { granted?: unknown } | undefined;
    return style.labels(consent?.granted === true ? 'export.yes' : 'export.no');
  },
  tags: (c) => c.tags.join('; '),
  lastActivity: (c, style) => timeIn(c.lastActivityAt, style),
  createdAt: (c, style) => timeIn(c.createdAt, style),
};

/** One column of a sheet: its header in the export's language and clock, and its cells. */
export interface SheetColumn {
  header(style: SheetStyle): string;
  value: FieldValue;
}

/** The customers screen's own columns (every field but those made for CRMs' import files). */
const CRM_ONLY = new Set<CrmField>(['familyName', 'givenName', 'stageCode']);
const SCREEN_FIELDS = CRM_FIELDS.filter((field) => !CRM_ONLY.has(field));
const TIME_FIELDS = new Set<CrmField>(['lastActivity', 'createdAt']);

export const SCREEN_COLUMNS: SheetColumn[] = SCREEN_FIELDS.map((field) => ({
  header: (style) => {
    const label = style.labels(`export.columns.${field}`);
    return TIME_FIELDS.has(field)
      ? `${label} (${utcOffsetLabel(style.at, style.timeZone)})`
      : label;
  },
  value: FIELDS[field],
}));

/** A saved CRM mapping's columns: its headers exactly as the CRM's importer expects them. */
export function mappedColumns(columns: readonly CrmColumn[]): SheetColumn[] {
  return columns.map((column) => ({
    header: () => column.header,
    value: 'field' in column ? FIELDS[column.field] : () => column.constant,
  }));
}

const cellFor = (style: SheetStyle) => (value: string) =>
  style.target === 'csv' ? neutralizeCell(value) : value;

export function customerSheetHeader(style: SheetStyle, columns: SheetColumn[]): string[] {
  const cell = cellFor(style);
  return columns.map((column) => cell(column.header(style)));
}

export function customerSheetRow(
  customer: CustomerSummary,
  style: SheetStyle,
  columns: SheetColumn[],
): string[] {
  const cell = cellFor(style);
  return columns.map((column) => cell(column.value(customer, style)));
}

const EXPORT_PAGE = 500;

/** The matching customers newest first, a page at a time (keyset), as sheet rows. */
export async function* customerRowPages(
  db: SqlExecutor,
  conditions: CustomerConditions,
  style: SheetStyle,
  columns: SheetColumn[],
): AsyncGenerator<string[][]> {
  let cursor: { id: string } | null = null;
  for (;;) {
    const page = await listCustomers(db, {
      ...conditions,
      sort: 'created',
      order: 'desc',
      limit: EXPORT_PAGE,
      ...(cursor ? { after: { sort: 'created', order: 'desc', value: null, id: cursor.id } } : {}),
    });
    if (page.customers.length > 0)
      yield page.customers.map((c) => customerSheetRow(c, style, columns));
    const last = page.customers.at(-1);
    if (!page.nextCursor || !last) return;
    cursor = { id: last.id };
  }
}
