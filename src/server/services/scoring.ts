import type { IdGenerator } from '../../shared/ids';
import {
  assessLead,
  DAY_MS,
  engagementLevel,
  type IntelligenceConfig,
  type LeadAssessment,
} from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';
import { loadConfig, type ConfigRevision } from './intelligence-config';
import { assignNewMqls, recordChanges, type CustomerChange } from './routing';
import { loadScoringCustomers, type ScoringCustomer } from './scoring-inputs';

/**
 * Keeps customers' lead-intelligence columns (grade, score, stage, tags, explanation …) equal to
 * what the shared engine says about their current data, so lists filter and sort on columns and
 * the booth and the pool show the same numbers. Called in the transaction that changed the data
 * (ingest, merges) and by the decay pass (scoring-worker.ts).
 */

export interface RescoreOptions {
  revision: ConfigRevision;
  now: number;
  newId: IdGenerator;
}

export interface RescoreResult {
  /** Customers whose columns were written (merged-away ones are skipped). */
  scored: string[];
  /** Customers the MQL rule promoted in this pass (and routed). */
  promoted: string[];
}

/** Bounded so one statement's parameters and one batch's facts stay a sensible size. */
const BATCH = 1000;

/** NOTIFY channel that wakes the decay pass: a saved config made every customer due. */
export const SCORING_CHANNEL = 'leadpond_scoring';

/**
 * When the score can next change by age alone: tomorrow while any decaying fact still adds a
 * point (its line's age also moves on), never once only non-decaying lines remain. Scores only
 * fall with age (the config refuses decaying penalties), so waiting never misses a promotion.
 */
export function nextRescoreAt(assessment: LeadAssessment, now: number): number | null {
  const decaying = assessment.engagement.lines.some(
    (line) => line.halfLifeDays !== null && line.points > 0,
  );
  return decaying ? now + DAY_MS : null;
}

export async function rescoreCustomers(
  tx: SqlExecutor,
  customerIds: readonly string[],
  options: RescoreOptions,
): Promise<RescoreResult> {
  return rescorePeopleAndCustomers(tx, customerIds, [], options);
}

async function rescorePeopleAndCustomers(
  tx: SqlExecutor,
  customerIds: readonly string[],
  personIds: readonly string[],
  options: RescoreOptions,
): Promise<RescoreResult> {
  const result: RescoreResult = { scored: [], promoted: [] };
  const customers = [...new Set(customerIds)];
  const people = [...new Set(personIds)];
  for (let start = 0; start < Math.max(customers.length, people.length); start += BATCH) {
    const batch = await rescoreBatch(
      tx,
      customers.slice(start, start + BATCH),
      people.slice(start, start + BATCH),
      options,
    );
    result.scored.push(...batch.scored);
    result.promoted.push(...batch.promoted);
  }
  return result;
}

async function rescoreBatch(
  tx: SqlExecutor,
  customerIds: readonly string[],
  personIds: readonly string[],
  { revision, now, newId }: RescoreOptions,
): Promise<RescoreResult> {
  const customers = await loadScoringCustomers(tx, customerIds, personIds);
  if (customers.length === 0) return { scored: [], promoted: [] };
  const assessed = customers.map((customer) => ({
    customer,
    assessment: assessLead(customer.input, revision.config, now),
  }));
  await writeAssessments(tx, assessed, revision, now);

  const promoted = assessed.filter(({ assessment }) => assessment.transition !== null);
  await recordChanges(
    tx,
    promoted.map(({ customer, assessment }): CustomerChange => {
      const move = assessment.transition!;
      return {
        id: newId(),
        customerId: customer.id,
        kind: 'stage',
        from: move.from,
        to: move.to,
        who: move.who,
        at: move.at,
        why: move.why,
      };
    }),
  );
  await assignNewMqls(
    tx,
    promoted.map(({ customer, assessment }) => ({
      customerId: customer.id,
      previousOwner: customer.current.owner,
      profile: customer.input.profile,
      grade: assessment.fit.grade,
      interests: customer.input.qualifications.flatMap((q) => q.interests),
      nextSteps: customer.input.qualifications.map((q) => q.nextStep),
    })),
    revision.config,
    now,
    newId,
  );
  return {
    scored: customers.map((c) => c.id),
    promoted: promoted.map(({ customer }) => customer.id),
  };
}

async function writeAssessments(
  tx: SqlExecutor,
  assessed: readonly { customer: ScoringCustomer; assessment: LeadAssessment }[],
  { revision, config }: { revision: number; config: IntelligenceConfig },
  now: number,
): Promise<void> {
  const rows = assessed.map(({ customer, assessment }) => ({
    id: customer.id,
    grade: assessment.fit.grade,
    fit_points: assessment.fit.points,
    score: assessment.engagement.score,
    engagement_level: engagementLevel(assessment.engagement.score, config),
    stage: assessment.stage.stage,
    moved_at: assessment.transition?.at ?? null,
    tags: assessment.tags,
    explanation: {
      fit: assessment.fit.lines,
      // Only the lines that count: a fact capped or decayed to nothing adds 0 and would make the
      // stored row grow with every badge scan (the facts themselves stay listed on the detail).
      engagement: assessment.engagement.lines.filter((line) => line.points !== 0),
    },
    rescore_at: nextRescoreAt(assessment, now),
  }));
  await tx.query(
    `update customers c set grade = u.grade, fit_points = u.fit_points, score = u.score,
            engagement_level = u.engagement_level, stage = u.stage,
            stage_changed_at = coalesce(u.moved_at, c.stage_changed_at),
            tags = u.tags, explanation = u.explanation,
            scored_at = $2, scored_revision = $3, rescore_at = u.rescore_at
       from jsonb_to_recordset($1::jsonb) as u(id text, grade text, fit_points integer,
         score integer, engagement_level smallint, stage text, moved_at bigint, tags text[],
         explanation jsonb, rescore_at bigint)
      where c.id = u.id`,
    [JSON.stringify(rows), now, revision],
  );
}

/**
 * Rescores, in the caller's transaction, the customers whose people, facts or qualifications it
 * just changed (the customers of these people, directly or through a folded person), with the
 * config in force.
 */
export async function rescoreTouched(
  tx: SqlExecutor,
  touched: { personIds?: readonly string[]; customerIds?: readonly string[] },
  deps: { clock: () => number; newId: IdGenerator },
): Promise<RescoreResult> {
  const customerIds = touched.customerIds ?? [];
  const personIds = touched.personIds ?? [];
  if (customerIds.length === 0 && personIds.length === 0) return { scored: [], promoted: [] };
  return rescorePeopleAndCustomers(tx, customerIds, personIds, {
    revision: await loadConfig(tx),
    now: deps.clock(),
    newId: deps.newId,
  });
}

/** A new config makes every customer due; the pass picks them up in batches. */
export async function markAllDue(tx: SqlExecutor): Promise<void> {
  await tx.query('update customers set rescore_at = 0 where merged_into is null');
  await tx.query('select pg_notify($1, $2)', [SCORING_CHANNEL, '']);
}
