import { formatPhoneForReading } from '../identity';
import type { Interaction, LeadEvent, Person, Qualification } from '../schemas';
import { localDateTime, utcOffsetLabel } from '../time/local-time';

export interface LeadTable {
  header: string[];
  rows: string[][];
}

/**
 * OWASP's trigger characters: = + - @ and a leading tab or CR. Spreadsheet apps trim leading
 * whitespace and control characters before deciding, so the trigger counts after any run of
 * those too: `" =1+1"` and `"\n@SUM(…)"` are formulas. \p{Z} covers the Unicode spaces (NBSP,
 * ideographic space) that a paste brings along.
 */
const DANGEROUS_START =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is skipped
  /^(?:[\t\r]|[\p{Z}\s\u0000-\u001f\u007f-\u009f]*[=+\-@])/u;

/**
 * Spreadsheet apps run such a cell as a formula (OWASP "CSV injection"). A leading apostrophe
 * makes it text. E.164 phones start with '+', so they come out as '+86…: Excel shows them as
 * text, which is what a phone number is.
 */
export function neutralizeCell(value: string): string {
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}

/**
 * How a sheet is written. A CSV cell is only text until a spreadsheet app opens it, so CSV cells
 * are neutralized and a home-country phone is written the national way ("138 0013 8000", which
 * no app reads as a formula or a number); an XLSX cell is typed text and can never run, so it
 * keeps its value as is ("+86 138 0013 8000") with no apostrophe to show.
 */
export interface SheetStyle {
  /** The translator: column and value labels come from the i18n catalog. */
  labels(key: string): string;
  /** The IANA zone times are written in (the booth's own, or the one a pool export asks for). */
  timeZone: string;
  target: 'csv' | 'xlsx';
  /** When the export is made: the time headers name the zone's offset at that moment. */
  at: number;
}

export interface LeadTableInput {
  event: LeadEvent;
  people: Person[];
  qualifications: Qualification[];
  interactions: Interaction[];
  style: SheetStyle;
}

/**
 * What a lead row says about a person's facts: their kinds (in the order first seen) and the
 * first and last time. Small whatever the number of facts, so a pool can fold a person's facts
 * into it as they stream by (or have the database do it) instead of holding them all.
 */
export interface FactSummary {
  types: Interaction['type'][];
  firstAt: number | null;
  lastAt: number | null;
}

export const emptyFactSummary = (): FactSummary => ({ types: [], firstAt: null, lastAt: null });

/** Folds one fact (or a group of facts of one type) into a summary, in place. */
export function addToFactSummary(
  summary: FactSummary,
  type: Interaction['type'],
  firstAt: number,
  lastAt = firstAt,
): FactSummary {
  if (!summary.types.includes(type)) summary.types.push(type);
  if (summary.firstAt === null || firstAt < summary.firstAt) summary.firstAt = firstAt;
  if (summary.lastAt === null || lastAt > summary.lastAt) summary.lastAt = lastAt;
  return summary;
}

const timeIn = (ms: number, style: SheetStyle) => (ms > 0 ? localDateTime(ms, style.timeZone) : '');

type Column = [
  string,
  (p: Person, q: Qualification | undefined, facts: FactSummary, style: SheetStyle) => string,
  /** Times: the header names the clock. */
  'time'?,
];

const COLUMNS: Column[] = [
  ['fields.name', (p) => p.name],
  [
    'fields.phone',
    (p, _q, _f, style) => formatPhoneForReading(p.phone, style.target === 'csv' ? 'CN' : null),
  ],
  ['fields.email', (p) => p.email],
  ['fields.wechatId', (p) => p.wechatId],
  // A lead from a code no parser knew is only this until staff complete it: never lose it.
  ['export.columns.badgeCode', (p) => p.badgeCode],
  ['fields.company', (p) => p.company],
  ['fields.title', (p) => p.title],
  ['fields.department', (p) => p.department],
  ['fields.industry', (p) => p.industry],
  ['fields.companySize', (p) => p.companySize],
  ['fields.province', (p) => p.province],
  ['fields.city', (p) => p.city],
  [
    'export.columns.consent',
    (p, _q, _f, { labels }) => labels(p.consent.granted ? 'export.yes' : 'export.no'),
  ],
  ['export.columns.consentVersion', (p) => p.consent.textVersion],
  [
    'qualification.rating',
    (_p, q, _f, { labels }) => (q?.rating ? labels(`qualification.ratings.${q.rating}`) : ''),
  ],
  [
    'qualification.budget',
    (_p, q, _f, { labels }) => (q ? labels(`qualification.budgets.${q.budget}`) : ''),
  ],
  [
    'qualification.authority',
    (_p, q, _f, { labels }) => (q ? labels(`qualification.authorities.${q.authority}`) : ''),
  ],
  ['qualification.need', (_p, q) => q?.need ?? ''],
  [
    'qualification.timeline',
    (_p, q, _f, { labels }) => (q ? labels(`qualification.timelines.${q.timeline}`) : ''),
  ],
  ['qualification.competition', (_p, q) => q?.competition ?? ''],
  ['qualification.interests', (_p, q) => q?.interests.join('; ') ?? ''],
  [
    'qualification.nextStep',
    (_p, q, _f, { labels }) => (q ? labels(`qualification.nextSteps.${q.nextStep}`) : ''),
  ],
  ['qualification.owner', (_p, q) => q?.owner ?? ''],
  [
    'qualification.notes',
    (_p, q, _f, style) =>
      q?.notes.map((n) => `[${timeIn(n.at, style)}] ${n.text}`).join('\n') ?? '',
  ],
  [
    'timeline.title',
    (_p, _q, facts, { labels }) =>
      facts.types.map((type) => labels(`timeline.types.${type}`)).join('; '),
  ],
  [
    'export.columns.firstSeen',
    (p, _q, facts, style) =>
      timeIn(facts.firstAt === null ? p.createdAt : Math.min(p.createdAt, facts.firstAt), style),
    'time',
  ],
  [
    'export.columns.lastSeen',
    (p, _q, facts, style) =>
      timeIn(facts.lastAt === null ? p.updatedAt : Math.max(p.updatedAt, facts.lastAt), style),
    'time',
  ],
];

const cellFor = (style: SheetStyle) => (value: string) =>
  style.target === 'csv' ? neutralizeCell(value) : value;

/** The header row; time columns say their clock ("首次出现 (UTC+08:00)"). */
export function leadHeader(style: SheetStyle): string[] {
  const cell = cellFor(style);
  const clock = utcOffsetLabel(style.at, style.timeZone);
  return COLUMNS.map(([key, , kind]) =>
    cell(kind === 'time' ? `${style.labels(key)} (${clock})` : style.labels(key)),
  );
}

/** One person's row; every CSV cell neutralized. */
export function leadRow(
  person: Person,
  qualification: Qualification | undefined,
  facts: FactSummary,
  style: SheetStyle,
): string[] {
  const cell = cellFor(style);
  return COLUMNS.map(([, value]) => cell(value(person, qualification, facts, style)));
}

/** The order of the rows: first captured first (ties by id, so every export agrees). */
export const byCapture = (a: Person, b: Person) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One row per person captured at the event. Facts are folded into a
 * summary per person as they are read: memory grows with people, never with facts per person
 * (no spread of an unbounded list into Math.min, which overflows the stack at ~100k).
 */
export function buildLeadTable({
  event,
  people,
  qualifications,
  interactions,
  style,
}: LeadTableInput): LeadTable {
  const qualificationOf = new Map(
    qualifications.filter((q) => q.eventId === event.id).map((q) => [q.personId, q]),
  );
  const factsOf = new Map<string, FactSummary>();
  for (const fact of interactions) {
    if (fact.eventId !== event.id) continue;
    let summary = factsOf.get(fact.personId);
    if (!summary) {
      summary = emptyFactSummary();
      factsOf.set(fact.personId, summary);
    }
    addToFactSummary(summary, fact.type, fact.occurredAt);
  }
  const rows = people
    .filter((p) => p.eventId === event.id)
    .sort(byCapture)
    .map((person) =>
      leadRow(
        person,
        qualificationOf.get(person.id),
        factsOf.get(person.id) ?? emptyFactSummary(),
        style,
      ),
    );
  return { header: leadHeader(style), rows };
}
