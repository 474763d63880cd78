import { DAY_MS } from '../src/shared/intelligence';
import type { SqlDatabase } from '../src/server/db/sql';

export const TITLES = [
  '采购总监',
  '工程师',
  '销售经理',
  '总经理',
  '研发主管',
  '采购专员',
  'IT Director',
];
export const SIZES = ['500+', '100-499人', '50人以下', '1000人以上', '200-499'];
const PROVINCES = ['广东', '江苏', '北京', '四川', '上海', '浙江'];
const FACT_TYPES = [
  'checked_in',
  'badge_scanned',
  'content_downloaded',
  'content_requested',
  'registered',
  'draw_entered',
  'survey_answered',
  'note',
];
const sqlList = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * Customers, one person each, their facts (ages 0–120 days, most types) and a qualification for
 * every fifth, written with set-based SQL in chunks so PGlite's memory stays bounded.
 */
export async function seedCustomers(
  db: SqlDatabase,
  CUSTOMERS: number,
  FACTS_PER_CUSTOMER: number,
  NOW: number,
): Promise<void> {
  const chunk = 20_000;
  for (let from = 0; from < CUSTOMERS; from += chunk) {
    const to = Math.min(CUSTOMERS, from + chunk) - 1;
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into customers (id, profile, created_at, updated_at)
         select 'c' || lpad(g::text, 7, '0'),
                jsonb_build_object('name', '客户' || g, 'phone', '', 'email', '', 'wechatId', '',
                  'company', '公司' || (g % 5000),
                  'title', (${sqlList(TITLES)})[1 + g % ${TITLES.length}],
                  'department', '', 'industry', '',
                  'companySize', (${sqlList(SIZES)})[1 + (g / 7) % ${SIZES.length}],
                  'province', (${sqlList(PROVINCES)})[1 + (g / 3) % ${PROVINCES.length}],
                  'city', ''),
                $3::bigint, $3::bigint
           from generate_series($1::int, $2::int) g`,
        [from, to, NOW],
      );
      await tx.query(
        `insert into customer_people (person_id, customer_id, event_id)
         select 'p' || lpad(g::text, 7, '0'), 'c' || lpad(g::text, 7, '0'), 'bench-event'
           from generate_series($1::int, $2::int) g`,
        [from, to],
      );
      await tx.query(
        `insert into documents (collection, id, event_id, seq, data, deleted, received_at)
         select 'interactions', 'f' || lpad(f::text, 9, '0'), 'bench-event', f,
                jsonb_build_object('id', 'f' || lpad(f::text, 9, '0'), 'eventId', 'bench-event',
                  'personId', 'p' || lpad((f / $3::int)::text, 7, '0'),
                  -- Demo and trial requests are rare (1 fact in 60 each), as at a real booth.
                  'type', case (f * 7 + f / $3::int) % 60
                    when 0 then 'demo_requested' when 1 then 'trial_requested'
                    else (${sqlList(FACT_TYPES)})[1 + (f * 7 + f / $3::int) % ${FACT_TYPES.length}] end,
                  'deviceId', 'bench', 'staffId', 'bench',
                  'occurredAt', $4::bigint - ((f * 13) % 120) * ${DAY_MS}::bigint - (f % 1000),
                  'data', '{}'::jsonb, 'updatedAt', $4::bigint),
                false, $4::bigint
           from generate_series($1::int * $3::int, ($2::int + 1) * $3::int - 1) f`,
        [from, to, FACTS_PER_CUSTOMER, NOW],
      );
      await tx.query(
        `insert into documents (collection, id, event_id, seq, data, deleted, received_at)
         select 'qualifications', 'bench-event|p' || lpad(g::text, 7, '0'), 'bench-event', g,
                jsonb_build_object('id', 'bench-event|p' || lpad(g::text, 7, '0'),
                  'eventId', 'bench-event', 'personId', 'p' || lpad(g::text, 7, '0'),
                  'rating', (array['', 'hot', 'warm', 'cold'])[1 + g % 4],
                  'budget', (array['unknown', 'under_100k', '100k_1m', 'over_1m'])[1 + g % 4],
                  'authority', (array['unknown', 'decision_maker', 'influencer'])[1 + g % 3],
                  'need', '', 'timeline', (array['unknown', 'within_3m', 'now'])[1 + g % 3],
                  'competition', '', 'interests', jsonb_build_array('机器人'),
                  'nextStep', 'none', 'owner', '', 'notes', '[]'::jsonb,
                  'fieldUpdatedAt', '{}'::jsonb, 'updatedAt', $3::bigint),
                false, $3::bigint
           from generate_series($1::int, $2::int) g where g % 5 = 0`,
        [from, to, NOW],
      );
    });
  }
  await db.query('analyze');
}
