import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import {
  assessLead,
  DAY_MS,
  DEFAULT_CONFIG,
  type Fact,
  type LeadInput,
  type StageState,
} from '../../shared/intelligence';
import { EMPTY_QUALIFICATION_FIELDS } from '../../shared/schemas';
import { bearer, createUser } from '../routes/routes.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { loadPoolFacts, recordPoolFact } from './pool-facts';

/**
 * A sales return is a fact of the pool (customer_facts), recorded by the stage route. Scored with
 * the customer's interactions it keeps a returned lead from bouncing straight back to MQL on the
 * grade-and-score clause, which looks at no dates (shared/intelligence/stage.ts).
 */
describe('pool facts', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  it("a sales return is stored as the customer's fact, merged customers' too, and the score carries it", async () => {
    const sales = await createUser(pool, 'sales');
    const survivor = newId();
    const mergedAway = newId();
    const now = Date.now();
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, stage, owner, merged_into)
       values ($1, '{}', $3, $3, 'SAL', $4, null), ($2, '{}', $3, $3, 'RL', null, $1)`,
      [survivor, mergedAway, now, sales.id],
    );
    const earlier = { id: newId(), type: 'sales_returned', occurredAt: now - 400 * DAY_MS };
    await recordPoolFact(pool.db, {
      ...earlier,
      customerId: mergedAway,
      data: { from: 'SAL', why: '去年退回' },
      who: sales.id,
    });
    const response = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${survivor}/stage`,
      headers: bearer(sales.token),
      payload: { to: 'nurture', why: '不是决策人' },
    });
    expect(response.statusCode, response.body).toBe(200);

    const facts = (await loadPoolFacts(pool.db, [survivor, newId()])).get(survivor) ?? [];
    expect(facts.map((f) => [f.type, f.data?.['why']])).toEqual([
      ['sales_returned', '去年退回'],
      ['sales_returned', '不是决策人'],
    ]);

    // The lead as the scorer sees it: an A who asked for trials and read papers before the return.
    const engaged: Fact[] = [
      { id: newId(), type: 'trial_requested', occurredAt: now - 2 * DAY_MS },
      { id: newId(), type: 'trial_requested', occurredAt: now - 2 * DAY_MS },
      ...[1, 2, 3].map((n) => ({
        id: newId(),
        type: 'content_downloaded',
        occurredAt: now - n * DAY_MS,
      })),
    ];
    const returned = facts.at(-1);
    const nurtured: StageState = {
      stage: 'nurture',
      history: [
        {
          from: 'SAL',
          to: 'nurture',
          who: sales.id,
          at: returned?.occurredAt ?? now,
          why: '不是决策人',
        },
      ],
    };
    const lead = (withPoolFacts: boolean): LeadInput => ({
      profile: {
        title: '总监',
        department: '',
        industry: '',
        companySize: '1000+',
        province: '',
        city: '',
      },
      facts: withPoolFacts ? [...engaged, ...facts] : engaged,
      qualifications: [
        {
          ...EMPTY_QUALIFICATION_FIELDS,
          budget: 'over_1m',
          fieldUpdatedAt: {},
          updatedAt: now - 2 * DAY_MS,
        },
      ],
      stage: nurtured,
    });
    const without = assessLead(lead(false), DEFAULT_CONFIG, now);
    const withReturn = assessLead(lead(true), DEFAULT_CONFIG, now);
    expect(without.fit.grade).toBe('A');
    expect(without.engagement.score).toBeGreaterThanOrEqual(60);
    expect(without.stage.stage).toBe('MQL');
    // Both returns count against the type's cap once: −30 in all, and the lead stays nurtured.
    expect(withReturn.engagement.score).toBe(without.engagement.score - 30);
    expect(withReturn.stage.stage).toBe('nurture');
  });
});
