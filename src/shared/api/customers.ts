import { z } from 'zod';
import {
  CONSENT_FILTERS,
  CUSTOMER_BEHAVIOURS,
  CUSTOMER_FILTER_KEYS,
  type ConsentFilter,
  type CustomerBehaviour,
  type CustomerFilterKey,
} from './customer-filters';
import { storableString } from '../schemas/common';
import type { Interaction, Person, Qualification } from '../schemas';
import { LANGUAGES, type Language } from '../i18n';
import { GRADES, STAGES, type Grade, type Stage } from '../intelligence';
import type { SalesReturn } from './sales';

export const CUSTOMER_PAGE_MAX = 200;

/** How `GET /customers` can be ordered; every sort is keyset-paged on (value, id). */
export const CUSTOMER_SORTS = ['score', 'created', 'updated', 'slaDue', 'grade'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** `owner=none`: the leads nobody owns yet (waiting in a queue or never routed). */
export const NO_OWNER = 'none';

/**
 * A query value given once, as a comma list ("A,B"), or repeated (`?grade=A&grade=B`): one list
 * either way. Fastify hands a repeated key over as an array.
 */
function listParam<T extends z.ZodType<string>>(item: T, max: number, splitCommas: boolean) {
  // An enum takes only its literals as input; what reaches it here is any string, checked by it.
  const items = z.array(item).max(max) as unknown as z.ZodType<z.output<T>[], string[]>;
  return z
    .union([storableString(), z.array(storableString()).max(max)])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => (splitCommas ? part.split(',') : [part]))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(items)
    .optional();
}

const scoreParam = z.coerce.number().int().min(-100_000).max(100_000).optional();

export { CONSENT_FILTERS, CUSTOMER_BEHAVIOURS, CUSTOMER_FILTER_KEYS };
export type { ConsentFilter, CustomerBehaviour, CustomerFilterKey };
const BEHAVIOUR_PATTERN = new RegExp(`^(${CUSTOMER_BEHAVIOURS.join('|')})(:[^:,\\s]{1,64})?$`);

/**
 * The filters of the customers list, shared by `GET /customers`, `GET /customers/count`, the
 * exports and saved segments (which store exactly these keys).
 */
export const CustomerFilterShape = {
  /**
   * Words that must all appear in the customer's search key: name, its pinyin in full and its
   * initials ("zs" for 张三), Latin initials ("js" for John Smith), company, phone digits, email,
   * WeChat id; or any identity key (case-insensitive substring).
   */
  q: storableString().trim().max(200).optional(),
  eventId: storableString().trim().max(64).optional(),
  /**
   * Computed or manual tags the customer has, all of them (`tag=a&tag=b`). Tags are free text
   * after their family (`industry:汽车, 零部件`), so a comma inside one is kept, not split.
   */
  tag: listParam(storableString().max(120), 20, false),
  grade: listParam(z.enum(GRADES), GRADES.length, true),
  stage: listParam(z.enum(STAGES), STAGES.length, true),
  /** The profile's province as stored (one or several). */
  province: listParam(storableString().max(100), 50, true),
  /** The profile's city as stored (one or several); with `province`, both must match. */
  city: listParam(storableString().max(100), 50, true),
  /** The profile's industry as stored (one or several). */
  industry: listParam(storableString().max(100), 50, false),
  consent: z.enum(CONSENT_FILTERS).optional(),
  /** Behaviours the customer has all of, e.g. `did=downloaded:<assetId>&did=checked_in:<eventId>`. */
  did: listParam(
    storableString().regex(BEHAVIOUR_PATTERN, {
      message: `one of ${CUSTOMER_BEHAVIOURS.join(', ')}, optionally followed by :<id>`,
    }),
    10,
    false,
  ),
  /** A user id, or `none` for unassigned leads. */
  owner: storableString().trim().min(1).max(64).optional(),
  queue: storableString().trim().min(1).max(100).optional(),
  minScore: scoreParam,
  maxScore: scoreParam,
  /** The digit of the A1 … D4 matrix: 1 (most engaged) … 4. */
  engagementLevel: listParam(z.enum(['1', '2', '3', '4']), 4, true),
};
// The shape has exactly the zod-free list's keys, no more and no fewer.
type ShapeKeysMatch = [keyof typeof CustomerFilterShape] extends [CustomerFilterKey]
  ? [CustomerFilterKey] extends [keyof typeof CustomerFilterShape]
    ? true
    : false
  : false;
const _shapeMatchesKeys: ShapeKeysMatch = true;

const scoreRangeIsOrdered = (query: {
  minScore?: number | undefined;
  maxScore?: number | undefined;
}) =>
  query.minScore === undefined || query.maxScore === undefined || query.minScore <= query.maxScore;
const SCORE_RANGE_ISSUE = { message: 'minScore must not be above maxScore', path: ['minScore'] };

/** Just the filters (a count, a segment, an export). */
export const CustomerFilterSchema = z
  .object(CustomerFilterShape)
  .refine(scoreRangeIsOrdered, SCORE_RANGE_ISSUE);
export type CustomerFilterQuery = z.input<typeof CustomerFilterSchema>;
export type CustomerFilterValues = z.output<typeof CustomerFilterSchema>;

export const CustomersQuerySchema = z
  .object({
    ...CustomerFilterShape,
    sort: z.enum(CUSTOMER_SORTS).default('created'),
    /** Desc by default; `slaDue` ascending by default (the most urgent first). */
    order: z.enum(SORT_ORDERS).optional(),
    limit: z.coerce.number().int().min(1).max(CUSTOMER_PAGE_MAX).default(50),
    /** `nextCursor` of the previous page, with the same sort and order; absent for the first. */
    cursor: storableString().max(300).optional(),
  })
  .refine(scoreRangeIsOrdered, SCORE_RANGE_ISSUE);
export type CustomersQuery = z.input<typeof CustomersQuerySchema>;

/** Facts per page of a customer's detail: their newest first. */
export const CUSTOMER_FACTS_PAGE_DEFAULT = 200;
export const CUSTOMER_FACTS_PAGE_MAX = 1000;

export const CustomerDetailQuerySchema = z.object({
  /** `nextFactsBefore` of the previous answer: the facts older than those already shown. */
  factsBefore: storableString().max(200).optional(),
  factsLimit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CUSTOMER_FACTS_PAGE_MAX)
    .default(CUSTOMER_FACTS_PAGE_DEFAULT),
  /** The explanation's and tags' language; without it Accept-Language decides, else zh-CN. */
  lang: z.enum(LANGUAGES).optional(),
});
export type CustomerDetailQuery = z.input<typeof CustomerDetailQuerySchema>;

export interface CustomerSummary {
  id: string;
  profile: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** Events at which this customer was captured. */
  eventIds: string[];
  /** What the lead-intelligence columns hold (DESIGN.md "Lead intelligence"). */
  grade: Grade;
  score: number;
  engagementLevel: number;
  /** The matrix cell, e.g. 'A1'. */
  cell: string;
  stage: Stage;
  /** The user id the lead is routed to; null while it waits in a queue or was never routed. */
  owner: string | null;
  queue: string | null;
  slaDueAt: number | null;
  tags: string[];
  /** The owner's display name (null when unowned or the user is gone). */
  ownerName: string | null;
  /** The newest fact of any of the customer's people; null when they have none. */
  lastActivityAt: number | null;
  /** The newest return by sales (reason, note, who, when); null when never returned. */
  returned: SalesReturn | null;
}

export interface CustomerCountResponse {
  count: number;
}

export interface CustomerListResponse {
  customers: CustomerSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CustomerDetailResponse {
  customer: {
    id: string;
    profile: Record<string, unknown>;
    createdAt: number;
    updatedAt: number;
    /** Customers merged into this one. */
    mergedFrom: string[];
  };
  /** The id asked for when it had been merged into `customer.id`; else null. */
  redirectedFrom: string | null;
  identityKeys: { kind: string; value: string }[];
  events: { id: string; name: string }[];
  /** The customer's people, one or more per event. */
  people: Person[];
  /**
   * One page of the customer's facts, newest first (by occurredAt, then id): at most
   * `factsLimit`. A person may have any number of facts; the rest come page by page.
   */
  interactions: Interaction[];
  /** Pass as `factsBefore` for the next (older) page of facts; null when there are no more. */
  nextFactsBefore: string | null;
  qualifications: Qualification[];
  grade: Grade;
  /** The fit points the grade comes from: the fit lines of `explanation` add up to it. */
  fitPoints: number;
  /** The engagement lines of `explanation` add up to it. */
  score: number;
  engagementLevel: number;
  cell: string;
  stage: Stage;
  stageChangedAt: number | null;
  owner: string | null;
  queue: string | null;
  slaDueAt: number | null;
  /** Computed and manual tags with their labels in both languages. */
  tags: CustomerTag[];
  /** The manual tags as marketing typed them (without the `manual:` prefix). */
  manualTags: string[];
  /** When the columns were last computed (the engagement points are as of then); null: never. */
  scoredAt: number | null;
  /** Why the grade and score are what they are, line by line, in the asked language. */
  explanation: ExplanationLine[];
  /** Stage changes and assignments, oldest first. */
  history: CustomerChange[];
  /** The newest return by sales; null when never returned. */
  returned: SalesReturn | null;
  /** User id → name for the owner, the history's people and the return. */
  userNames: Record<string, string>;
}

export interface CustomerTag {
  tag: string;
  labels: Record<Language, string>;
}

export interface ExplanationLine {
  axis: 'fit' | 'engagement';
  points: number;
  label: string;
}

export interface CustomerChange {
  kind: 'stage' | 'owner';
  from: string | null;
  to: string | null;
  /** A user id, or 'system' (the MQL rule, routing). */
  who: string;
  at: number;
  why: string;
}

export const STAGE_REASON_MAX = 1000;

/** `POST /customers/:id/stage`: a manual move; moves that take a lead away need a reason. */
export const StageMoveBodySchema = z.strictObject({
  to: z.enum(STAGES),
  why: storableString().trim().max(STAGE_REASON_MAX).default(''),
});
export type StageMoveBody = z.input<typeof StageMoveBodySchema>;

export interface StageMoveResponse {
  stage: Stage;
  change: CustomerChange;
}

export const MANUAL_TAGS_MAX = 50;

/**
 * `PUT /customers/:id/tags`: the whole list of manual tags (they replace the previous ones). A
 * tag holds no comma, so `?tag=` lists and CSV exports never split one.
 */
export const ManualTagsBodySchema = z.strictObject({
  manual: z
    .array(
      storableString()
        .trim()
        .min(1)
        .max(100)
        .refine((tag) => !tag.includes(','), { message: 'a tag holds no comma' }),
    )
    .max(MANUAL_TAGS_MAX),
});
export type ManualTagsBody = z.input<typeof ManualTagsBodySchema>;

export interface ManualTagsResponse {
  manualTags: string[];
  tags: string[];
}
