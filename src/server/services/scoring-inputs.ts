import { z } from 'zod';
import {
  STAGES,
  type Fact,
  type IntelligenceProfile,
  type LeadInput,
  type Stage,
  type StageState,
} from '../../shared/intelligence';
import { QualificationSchema } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import { loadPoolFacts } from './pool-facts';

/**
 * Reads what the engine needs for many customers at once, in a fixed number of queries whatever
 * the batch size: the customer rows, their people (and the people folded into those, who still
 * own their history, as customers-query.getCustomer reads them), the facts and qualifications of
 * all those people. Facts are read as a narrow projection (no full documents): at 1M facts the
 * jsonb detoasting and parsing of whole documents would cost more than the scoring itself.
 */

export interface ScoringCustomer {
  id: string;
  input: LeadInput;
  /** As stored, to tell what the rescore changed. */
  current: { stage: Stage; owner: string | null; queue: string | null };
}

const profileText = (profile: Record<string, unknown>, key: keyof IntelligenceProfile) => {
  const value = profile[key];
  return typeof value === 'string' ? value : '';
};

export function intelligenceProfileOf(profile: Record<string, unknown>): IntelligenceProfile {
  return {
    title: profileText(profile, 'title'),
    department: profileText(profile, 'department'),
    industry: profileText(profile, 'industry'),
    companySize: profileText(profile, 'companySize'),
    province: profileText(profile, 'province'),
    city: profileText(profile, 'city'),
  };
}

const ScoredQualificationSchema = QualificationSchema.pick({
  rating: true,
  budget: true,
  authority: true,
  timeline: true,
  need: true,
  interests: true,
  nextStep: true,
  fieldUpdatedAt: true,
  updatedAt: true,
});
type ScoredQualification = z.infer<typeof ScoredQualificationSchema>;

const StageSchema = z.enum(STAGES);

/** A customer as the first query aggregates it (one JSON text for the whole batch). */
interface CustomerRow {
  id: string;
  profile: Record<string, unknown> | null;
  manual_tags: string[] | null;
  stage: string;
  stage_changed_at: number | null;
  owner: string | null;
  queue: string | null;
  last_from: string | null;
  last_to: string | null;
  last_who: string | null;
  last_at: number | null;
  last_why: string | null;
}

/** [personId, id, eventId, type, occurredAt, assetId] as the second query aggregates them. */
type FactRow = [string, string, string, unknown, unknown, unknown];

/**
 * Both queries answer one JSON text: decoding rows and values one by one in the driver costs
 * more than the queries themselves at 10k facts a batch, and one JSON.parse is cheap.
 */
function parseAggregate<T>(rows: { json: string }[]): Partial<T> {
  const text = rows[0]?.json;
  if (text === undefined) return {};
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' ? (value as Partial<T>) : {};
}

/**
 * The engine's StageState from the stored stage and its last recorded change: the MQL rule only
 * looks back for when a lead entered nurture, and that is the last change of a nurtured lead.
 */
function stageStateOf(row: CustomerRow): StageState {
  const stage = StageSchema.safeParse(row.stage);
  const current: Stage = stage.success ? stage.data : 'RL';
  const from = StageSchema.safeParse(row.last_from);
  const to = StageSchema.safeParse(row.last_to);
  if (to.success && to.data === current && row.last_at !== null) {
    return {
      stage: current,
      history: [
        {
          from: from.success ? from.data : 'RL',
          to: to.data,
          who: row.last_who ?? 'system',
          at: Number(row.last_at),
          why: row.last_why ?? '',
        },
      ],
    };
  }
  // Moved without a record (data from before the change log): the column still says when.
  if (row.stage_changed_at !== null && current !== 'RL')
    return {
      stage: current,
      history: [
        { from: 'RL', to: current, who: 'system', at: Number(row.stage_changed_at), why: '' },
      ],
    };
  return { stage: current, history: [] };
}

/**
 * The customers named, and the customers of the people named (directly or through a person
 * folded into one of theirs), ready for assessLead. Merged-away customers are left out. Their
 * rows are locked for the caller's transaction unless `lock` is false (a preview only reads).
 */
export async function loadScoringCustomers(
  tx: SqlExecutor,
  customerIds: readonly string[],
  personIds: readonly string[] = [],
  options: { lock: boolean } = { lock: true },
): Promise<ScoringCustomer[]> {
  if (customerIds.length === 0 && personIds.length === 0) return [];
  const first = parseAggregate<{
    customers: CustomerRow[];
    links: [string, string][];
  }>(
    await tx.query<{ json: string }>(
      `with wanted as (
         select unnest($1::text[]) as id
         union select cp.customer_id from customer_people cp where cp.person_id = any($2::text[])
         union select cp.customer_id from person_redirects r
                 join customer_people cp on cp.person_id = r.to_id
                where r.from_id = any($2::text[])),
       -- Locked (in id order, so two writers cannot deadlock on them) before they are read:
       -- a pool process rescoring the same customer at once waits, then reads its stage, so
       -- one promotion is never recorded twice.
       picked as (
         select c.id, c.profile, c.manual_tags, c.stage, c.stage_changed_at, c.owner, c.queue
           from customers c join wanted w on w.id = c.id
          where c.merged_into is null
          order by c.id
          ${options.lock ? 'for update of c' : ''})
       select json_build_object(
         'customers', (select coalesce(json_agg(json_build_object(
             'id', p.id, 'profile', p.profile, 'manual_tags', p.manual_tags, 'stage', p.stage,
             'stage_changed_at', p.stage_changed_at, 'owner', p.owner, 'queue', p.queue,
             'last_from', last.from_value, 'last_to', last.to_value, 'last_who', last.who,
             'last_at', last.at, 'last_why', last.why)), '[]')
           from picked p
           left join lateral (
             select ch.from_value, ch.to_value, ch.who, ch.at, ch.why from customer_changes ch
              where ch.customer_id = p.id and ch.kind = 'stage'
              order by ch.at desc, ch.id desc limit 1) last on true),
         'links', (select coalesce(json_agg(json_build_array(l.customer_id, l.person_id)), '[]')
           from (select cp.customer_id, cp.person_id from customer_people cp
                  where cp.customer_id in (select id from picked)
                 union all
                 select cp.customer_id, r.from_id from person_redirects r
                   join customer_people cp on cp.person_id = r.to_id
                  where cp.customer_id in (select id from picked)) l)
       )::text as json`,
      [[...new Set(customerIds)], [...new Set(personIds)]],
    ),
  );
  const customers = first.customers ?? [];
  if (customers.length === 0) return [];
  const customerOf = new Map<string, string>();
  for (const [customerId, personId] of first.links ?? []) customerOf.set(personId, customerId);
  const second = parseAggregate<{
    facts: FactRow[];
    qualifications: [string, unknown][];
  }>(
    await tx.query<{ json: string }>(
      `select json_build_object(
         'facts', (select coalesce(json_agg(json_build_array(d.data->>'personId', d.id,
               d.event_id, d.data->>'type', d.data->'occurredAt', d.data->'data'->'assetId')), '[]')
             from documents d
            where d.collection = 'interactions' and not d.deleted
              and d.data->>'personId' = any($1::text[])),
         'qualifications', (select coalesce(json_agg(json_build_array(d.data->>'personId', d.data)
               order by d.seq), '[]')
             from documents d
            where d.collection = 'qualifications' and not d.deleted
              and d.data->>'personId' = any($1::text[]))
       )::text as json`,
      [[...customerOf.keys()]],
    ),
  );
  const factsOf = new Map<string, Fact[]>();
  for (const row of second.facts ?? []) {
    const [personId, id, eventId, type, occurredAt, assetId] = row;
    const customerId = customerOf.get(personId);
    // Stored facts were validated on the way in; a row that no longer fits is left out.
    if (customerId === undefined || typeof type !== 'string' || typeof occurredAt !== 'number')
      continue;
    const fact: Fact = { id, type, occurredAt, eventId };
    if (typeof assetId === 'string') fact.data = { assetId };
    const list = factsOf.get(customerId);
    if (list) list.push(fact);
    else factsOf.set(customerId, [fact]);
  }
  const qualificationsOf = new Map<string, ScoredQualification[]>();
  for (const [personId, data] of second.qualifications ?? []) {
    const customerId = customerOf.get(personId);
    const parsed = ScoredQualificationSchema.safeParse(data);
    if (customerId === undefined || !parsed.success) continue;
    const list = qualificationsOf.get(customerId);
    if (list) list.push(parsed.data);
    else qualificationsOf.set(customerId, [parsed.data]);
  }
  // A sales return, a withdrawn consent, a bounced email: facts only the pool knows.
  const poolFactsOf = await loadPoolFacts(
    tx,
    customers.map((row) => row.id),
  );
  return customers.map((row) => {
    const stage = stageStateOf(row);
    return {
      id: row.id,
      input: {
        profile: intelligenceProfileOf(row.profile ?? {}),
        facts: [...(factsOf.get(row.id) ?? []), ...(poolFactsOf.get(row.id) ?? [])],
        qualifications: qualificationsOf.get(row.id) ?? [],
        manualTags: row.manual_tags ?? [],
        stage,
      },
      current: { stage: stage.stage, owner: row.owner, queue: row.queue },
    };
  });
}
