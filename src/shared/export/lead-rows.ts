import { displayName } from '../person-ops';
import type { Interaction, LeadEvent, Person, Qualification } from '../schemas';

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

export interface LeadTableInput {
  event: LeadEvent;
  people: Person[];
  qualifications: Qualification[];
  interactions: Interaction[];
  /** The translator: column and value labels come from the i18n catalog. */
  labels(key: string): string;
}

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '');

/** One row per person captured at the event, every cell neutralized. */
export function buildLeadTable({
  event,
  people,
  qualifications,
  interactions,
  labels,
}: LeadTableInput): LeadTable {
  const qualificationOf = new Map(
    qualifications.filter((q) => q.eventId === event.id).map((q) => [q.personId, q]),
  );
  const factsOf = new Map<string, Interaction[]>();
  for (const fact of interactions) {
    if (fact.eventId !== event.id) continue;
    const list = factsOf.get(fact.personId) ?? [];
    list.push(fact);
    factsOf.set(fact.personId, list);
  }
  const columns: [
    string,
    (p: Person, q: Qualification | undefined, facts: Interaction[]) => string,
  ][] = [
    ['fields.name', (p) => displayName(p)],
    ['fields.phone', (p) => p.phone],
    ['fields.email', (p) => p.email],
    ['fields.wechatId', (p) => p.wechatId],
    ['fields.company', (p) => p.company],
    ['fields.title', (p) => p.title],
    ['fields.department', (p) => p.department],
    ['fields.industry', (p) => p.industry],
    ['fields.companySize', (p) => p.companySize],
    ['fields.province', (p) => p.province],
    ['fields.city', (p) => p.city],
    ['export.columns.consent', (p) => labels(p.consent.granted ? 'export.yes' : 'export.no')],
    ['export.columns.consentVersion', (p) => p.consent.textVersion],
    [
      'qualification.rating',
      (_p, q) => (q?.rating ? labels(`qualification.ratings.${q.rating}`) : ''),
    ],
    ['qualification.budget', (_p, q) => (q ? labels(`qualification.budgets.${q.budget}`) : '')],
    [
      'qualification.authority',
      (_p, q) => (q ? labels(`qualification.authorities.${q.authority}`) : ''),
    ],
    ['qualification.need', (_p, q) => q?.need ?? ''],
    [
      'qualification.timeline',
      (_p, q) => (q ? labels(`qualification.timelines.${q.timeline}`) : ''),
    ],
    ['qualification.competition', (_p, q) => q?.competition ?? ''],
    ['qualification.interests', (_p, q) => q?.interests.join('; ') ?? ''],
    [
      'qualification.nextStep',
      (_p, q) => (q ? labels(`qualification.nextSteps.${q.nextStep}`) : ''),
    ],
    ['qualification.owner', (_p, q) => q?.owner ?? ''],
    [
      'qualification.notes',
      (_p, q) => q?.notes.map((n) => `[${iso(n.at)}] ${n.text}`).join('\n') ?? '',
    ],
    [
      'timeline.title',
      (_p, _q, facts) =>
        [...new Set(facts.map((f) => labels(`timeline.types.${f.type}`)))].join('; '),
    ],
    [
      'export.columns.firstSeen',
      (p, _q, facts) => iso(Math.min(p.createdAt, ...facts.map((f) => f.occurredAt))),
    ],
    [
      'export.columns.lastSeen',
      (p, _q, facts) => iso(Math.max(p.updatedAt, ...facts.map((f) => f.occurredAt))),
    ],
  ];
  const rows = people
    .filter((p) => p.eventId === event.id)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((person) => {
      const facts = factsOf.get(person.id) ?? [];
      const q = qualificationOf.get(person.id);
      return columns.map(([, value]) => neutralizeCell(value(person, q, facts)));
    });
  return { header: columns.map(([key]) => neutralizeCell(labels(key))), rows };
}
