import Papa from 'papaparse';
import { readSheet, type SheetData } from 'read-excel-file/node';
import {
  mapHeader,
  parseConsentCell,
  readableMessage,
  MAX_IMPORT_ROWS,
  type ImportColumn,
  type ImportedTicket,
  type ImportResponse,
  type ImportRowRejection,
} from '../../shared/api';
import type { Language } from '../../shared/i18n';
import { applyProfile, createPerson, validatePersonInput } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  InteractionSchema,
  NO_CONSENT,
  PROFILE_FIELDS,
  PersonSchema,
  type Interaction,
  type LeadEvent,
  type Person,
  type PersonInput,
  type PersonProfile,
} from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { lockCollections } from './identity';
import { ingestDocuments } from './ingest';

/**
 * Pre-registered attendees from a CSV or XLSX file. Three steps, so each can be tested alone:
 * read the file into rows of text, plan (validate every row, fold duplicates) and write (one
 * transaction through ingestDocuments, so imported people meet identity resolution like any other).
 */

/** The file itself is unusable (not the rows in it): answered 422 with this message. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'empty_file' | 'unreadable_file' | 'bad_header' | 'too_many_rows',
    message: string,
  ) {
    super(message);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The file's kind from its first bytes: a client's content type for .csv is often wrong. */
export function sniffKind(bytes: Uint8Array): 'csv' | 'xlsx' {
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new ImportFileError(
      'unreadable_file',
      'this is an old Excel .xls file; save it as .xlsx or CSV (UTF-8) and import again',
    );
  }
  return startsWith(bytes, ZIP_MAGIC) ? 'xlsx' : 'csv';
}

/**
 * Reads uploaded bytes into rows of trimmed text, or throws ImportFileError. The bytes decide
 * the format (a CSV label on an XLSX is forgiven); a file labelled XLSX must be one.
 */
export async function readAttendeeFile(
  bytes: Uint8Array,
  declared: 'csv' | 'xlsx' | 'any' = 'any',
): Promise<string[][]> {
  if (bytes.length === 0) throw new ImportFileError('empty_file', 'the file is empty');
  const kind = sniffKind(bytes);
  if (declared === 'xlsx' && kind !== 'xlsx') {
    throw new ImportFileError(
      'unreadable_file',
      'the body is labelled XLSX but is not an XLSX file',
    );
  }
  const rows = kind === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  const nonBlank = rows
    .map((row) => row.map((cell) => cell.trim()))
    .filter((row) => row.some((cell) => cell !== ''));
  if (nonBlank.length === 0) throw new ImportFileError('empty_file', 'the file has no rows');
  return nonBlank;
}

/**
 * Excel on Chinese Windows saves "CSV" in GB18030/GBK, everything else in UTF-8: try UTF-8
 * strictly, then GB18030 strictly; binary junk fails both (and NUL bytes never occur in text).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new ImportFileError('unreadable_file', 'this looks like a binary file, not CSV text');
  }
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      // ignoreBOM: false strips a UTF-8 BOM, which Excel writes.
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // try the next encoding
    }
  }
  throw new ImportFileError('unreadable_file', 'the CSV is neither UTF-8 nor GB18030 text');
}

function readCsv(bytes: Uint8Array): string[][] {
  const text = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  // A one-column file has no delimiter to detect; that is fine. Broken quoting is not.
  const fatal = parsed.errors.find((error) => error.type !== 'Delimiter');
  if (fatal) {
    const where = fatal.row !== undefined ? ` near row ${fatal.row + 1}` : '';
    throw new ImportFileError('unreadable_file', `broken CSV${where}: ${fatal.message}`);
  }
  return parsed.data;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  let sheet: SheetData;
  try {
    sheet = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportFileError('unreadable_file', `not a readable XLSX file: ${reason}`);
  }
  return sheet.map((row) => row.map(cellText));
}

/** XLSX cells are typed; a phone typed as a number must come back as its digits. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return Number.isSafeInteger(cell) ? cell.toFixed(0) : String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/** One person to import: one or more rows of the file with the same identity. */
export interface ImportCandidate {
  rows: number[];
  profile: PersonProfile;
  consentGranted: boolean;
  badgeCode: string;
}

export type ImportPlan =
  | {
      ok: true;
      rows: number;
      candidates: ImportCandidate[];
      columns: Record<string, ImportColumn>;
      ignoredColumns: string[];
    }
  | { ok: false; rows: number; rejections: ImportRowRejection[] };

const BADGE_MAX = 500;

/**
 * Validates every row (the same validatePersonInput as every form, with the event's required
 * fields) and folds rows that share a phone, email, WeChat id or badge code into one person.
 * Row numbers are the spreadsheet's: the header is row 1.
 */
export function planImport(table: string[][], event: LeadEvent, language: Language): ImportPlan {
  const [header = [], ...body] = table;
  if (body.length > MAX_IMPORT_ROWS) {
    throw new ImportFileError(
      'too_many_rows',
      `the file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`,
    );
  }
  const mapping = mapHeader(header);
  if (!mapping.ok) throw new ImportFileError('bad_header', mapping.message);
  const present = new Set(mapping.columns);
  const missing = event.form.required.filter((field) => !present.has(field));
  if (missing.length > 0) {
    throw new ImportFileError(
      'bad_header',
      `the event requires ${missing.join(', ')}, but the file has no such column`,
    );
  }

  const rejections: ImportRowRejection[] = [];
  const accepted: ImportCandidate[] = [];
  body.forEach((cells, index) => {
    const row = index + 2;
    const input: PersonInput = { ...EMPTY_PERSON_INPUT };
    let consentCell = '';
    let badgeCode = '';
    mapping.columns.forEach((column, i) => {
      const value = cells[i] ?? '';
      if (column === 'consent') consentCell = value;
      else if (column === 'badgeCode') badgeCode = value;
      else if (column !== null) input[column] = value;
    });
    const errors: Record<string, string> = {};
    const validation = validatePersonInput(input, event.form);
    if (!validation.ok) {
      for (const [field, key] of Object.entries(validation.errors)) {
        errors[field] = readableMessage(key, language);
      }
    }
    // A row must name someone: a name or any identity key (else it is a stray note or total).
    const profile = validation.ok ? validation.profile : null;
    if (
      profile &&
      !profile.name &&
      !profile.phone &&
      !profile.email &&
      !profile.wechatId &&
      !badgeCode
    ) {
      errors.name = readableMessage('errors.required', language);
    }
    const consent = parseConsentCell(consentCell);
    if (consent === null) errors.consent = readableMessage('errors.invalid', language);
    if (badgeCode.length > BADGE_MAX)
      errors.badgeCode = readableMessage('errors.tooLong', language);
    if (Object.keys(errors).length > 0 || !profile) {
      rejections.push({ row, errors });
      return;
    }
    accepted.push({
      rows: [row],
      profile,
      consentGranted: consent === true,
      badgeCode,
    });
  });
  if (rejections.length > 0) return { ok: false, rows: body.length, rejections };
  return {
    ok: true,
    rows: body.length,
    candidates: foldDuplicates(accepted),
    columns: mapping.mapped,
    ignoredColumns: mapping.ignored,
  };
}

/** The identity keys of a candidate, prefixed by kind so an email never equals a badge code. */
function keysOf(candidate: Pick<ImportCandidate, 'profile' | 'badgeCode'>): string[] {
  const { phone, email, wechatId } = candidate.profile;
  return [
    phone && `phone:${phone}`,
    email && `email:${email}`,
    wechatId && `wechat:${wechatId}`,
    candidate.badgeCode && `badge:${candidate.badgeCode}`,
  ].filter((key): key is string => key !== '');
}

/**
 * Joins candidates sharing any key (transitively: A~B by phone, B~C by email ⇒ one person).
 * Later rows fill and override earlier values field by field, as a later capture would.
 */
export function foldDuplicates(candidates: readonly ImportCandidate[]): ImportCandidate[] {
  const parent = candidates.map((_, i) => i);
  // Union-find with path compression: near-linear even for 20k rows chained by shared keys.
  const find = (start: number): number => {
    let root = start;
    while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
    for (let node = start; node !== root;) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  const owner = new Map<string, number>();
  candidates.forEach((candidate, i) => {
    for (const key of keysOf(candidate)) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const groups = new Map<number, ImportCandidate>();
  candidates.forEach((candidate, i) => {
    const root = find(i);
    const group = groups.get(root);
    groups.set(root, group ? mergeCandidates(group, candidate) : candidate);
  });
  return [...groups.values()];
}

function mergeCandidates(a: ImportCandidate, b: ImportCandidate): ImportCandidate {
  const profile = { ...a.profile };
  for (const field of PROFILE_FIELDS)
    if (b.profile[field] !== '') profile[field] = b.profile[field];
  return {
    rows: [...a.rows, ...b.rows],
    profile,
    consentGranted: a.consentGranted || b.consentGranted,
    badgeCode: b.badgeCode || a.badgeCode,
  };
}

export interface ImportWriteContext {
  deps: Pick<PoolDeps, 'clock' | 'newId'>;
  event: LeadEvent;
  /** The user importing: recorded as the staff of the `registered` facts. */
  staffId: string;
  signTicket: (personId: string, issuedAt: number) => string;
}

const POOL_DEVICE = 'pool';

/**
 * Writes a valid plan in the caller's transaction: people matched to those already at the event
 * (so a re-import updates instead of duplicating), a `registered` fact for each person who has
 * none yet, and a freshly signed ticket per person.
 */
export async function writeImport(
  tx: SqlExecutor,
  context: ImportWriteContext,
  plan: Extract<ImportPlan, { ok: true }>,
): Promise<ImportResponse> {
  const { deps, event } = context;
  const now = deps.clock();
  const write = { source: 'import' as const, deviceId: POOL_DEVICE, at: now };
  // Hold both sequence locks (in the pool's lock order) before reading: no push can add the same
  // person or fact between what this import reads and what it writes.
  await lockCollections(tx, ['people', 'interactions']);
  const existing = await findExistingPeople(tx, event.id, plan.candidates);

  // Two file groups matching one known person (one by phone, one by email) are that person.
  const byTarget = new Map<string, { person: Person | null; candidate: ImportCandidate }>();
  for (const candidate of plan.candidates) {
    const known = keysOf(candidate)
      .map((key) => existing.get(key))
      .find(Boolean);
    const target = known?.id ?? deps.newId();
    const entry = byTarget.get(target);
    byTarget.set(target, {
      person: known ?? null,
      candidate: entry ? mergeCandidates(entry.candidate, candidate) : candidate,
    });
  }

  const people: Person[] = [];
  let created = 0;
  for (const [id, { person, candidate }] of byTarget) {
    const consent = candidate.consentGranted
      ? { granted: true, textVersion: event.consent.version, grantedAt: now }
      : NO_CONSENT;
    let next = person
      ? applyProfile(person, candidate.profile, 'fill', write, consent)
      : createPerson(id, event.id, candidate.profile, consent, write);
    if (candidate.badgeCode !== '') next = { ...next, badgeCode: candidate.badgeCode };
    if (!person) created += 1;
    people.push(PersonSchema.parse(next));
  }

  const alreadyRegistered = await registeredPeople(
    tx,
    event.id,
    people.map((p) => p.id),
  );
  const facts: Interaction[] = people
    .filter((person) => !alreadyRegistered.has(person.id))
    .map((person) =>
      InteractionSchema.parse({
        id: deps.newId(),
        eventId: event.id,
        personId: person.id,
        type: 'registered',
        deviceId: POOL_DEVICE,
        staffId: context.staffId,
        occurredAt: now,
        data: { channel: 'import', consentVersion: person.consent.textVersion },
        updatedAt: now,
      }),
    );

  const asDocument = (doc: Person | Interaction) => ({
    id: doc.id,
    eventId: event.id,
    deleted: false,
    data: { ...doc },
  });
  await ingestDocuments(tx, deps, 'people', people.map(asDocument));
  await ingestDocuments(tx, deps, 'interactions', facts.map(asDocument));

  // Identity resolution may have folded an imported person into another person of the event:
  // the ticket must name the survivor, the id devices will hold.
  const survivor = await survivorsOf(tx, event.id);
  const tickets = new Map<string, ImportedTicket>();
  for (const person of people) {
    const personId = survivor(person.id);
    const rows = byTarget.get(person.id)?.candidate.rows ?? [];
    const earlier = tickets.get(personId);
    if (earlier) earlier.rows = [...earlier.rows, ...rows].sort((a, b) => a - b);
    else {
      tickets.set(personId, {
        personId,
        name: person.name,
        rows,
        ticket: context.signTicket(personId, now),
      });
    }
  }
  return {
    eventId: event.id,
    rows: plan.rows,
    created,
    updated: people.length - created,
    duplicateRows: plan.rows - people.length,
    registered: facts.length,
    columns: plan.columns,
    ignoredColumns: plan.ignoredColumns,
    tickets: [...tickets.values()],
  };
}

/** People already at the event, indexed by every identity key they hold (same prefixes as keysOf). */
async function findExistingPeople(
  tx: SqlExecutor,
  eventId: string,
  candidates: readonly ImportCandidate[],
): Promise<Map<string, Person>> {
  const wanted = (pick: (c: ImportCandidate) => string) => [
    ...new Set(candidates.map(pick).filter((value) => value !== '')),
  ];
  const rows = await tx.query<{ data: unknown }>(
    `select data from documents
      where collection = 'people' and event_id = $1 and not deleted
        and id not in (select from_id from person_redirects where event_id = $1)
        and (data->>'phone' = any($2::text[]) or data->>'email' = any($3::text[])
          or data->>'wechatId' = any($4::text[]) or data->>'badgeCode' = any($5::text[]))
      order by seq`,
    [
      eventId,
      wanted((c) => c.profile.phone),
      wanted((c) => c.profile.email),
      wanted((c) => c.profile.wechatId),
      wanted((c) => c.badgeCode),
    ],
  );
  const index = new Map<string, Person>();
  for (const row of rows) {
    const parsed = PersonSchema.safeParse(row.data);
    // A stored person that no longer fits the schema is left alone: the import makes a new one.
    if (!parsed.success) continue;
    for (const key of keysOf({ profile: parsed.data, badgeCode: parsed.data.badgeCode })) {
      if (!index.has(key)) index.set(key, parsed.data);
    }
  }
  return index;
}

/** Follows person_redirects of the event (bounded: a cycle would be a bug, not a hang). */
async function survivorsOf(tx: SqlExecutor, eventId: string): Promise<(id: string) => string> {
  const rows = await tx.query<{ from_id: string; to_id: string }>(
    'select from_id, to_id from person_redirects where event_id = $1',
    [eventId],
  );
  const next = new Map(rows.map((row) => [row.from_id, row.to_id]));
  return (id) => {
    let current = id;
    for (let hops = 0; hops < 20; hops++) {
      const to = next.get(current);
      if (to === undefined) break;
      current = to;
    }
    return current;
  };
}

async function registeredPeople(
  tx: SqlExecutor,
  eventId: string,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await tx.query<{ person_id: string }>(
    `select distinct data->>'personId' as person_id from documents
      where collection = 'interactions' and event_id = $1 and not deleted
        and data->>'type' = 'registered' and data->>'personId' = any($2::text[])`,
    [eventId, [...personIds]],
  );
  return new Set(rows.map((row) => row.person_id));
}
