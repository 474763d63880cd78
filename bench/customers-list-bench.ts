// `GET /customers` at 100k customers (issue 12): `npm run bench -- customers`, or
// `npx tsx bench/customers-list-bench.ts`. One JSON line per figure on stdout, each against the
// same run's baseline — the unfiltered newest-first page, which the primary key alone serves:
// - filtered by grade + stage + tag + province, sorted by score (the issue's figure, goal < 100 ms);
// - the same filter, its second page (through the cursor);
// - a manual tag only a few customers hold, sorted by score;
// - everyone by SLA due time, and one owner's leads by SLA due time (a sales user's inbox).
// Customers are seeded with bulk SQL (their columns as the scorer would leave them). Requests go
// through the real route (auth, zod, JSON). Logs go to stderr. LEADPOND_BENCH_CUSTOMERS sets the
// size (default 100000).
import { startTestPool, type TestPool } from '../src/server/testing';
import type { CustomerListResponse } from '../src/shared/api';
import { createUser } from '../src/server/routes/routes.test-kit';
import { customerListQuery, type CustomerFilter } from '../src/server/services/customers-query';

const CUSTOMERS = Number(process.env.LEADPOND_BENCH_CUSTOMERS ?? 100_000);
const RUNS = Number(process.env.LEADPOND_BENCH_CUSTOMERS_RUNS ?? 200);
const GOAL_MS = 100;

const log = (...parts: unknown[]) => console.error('[bench:customers]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const PROVINCES = ['广东', '江苏', '浙江', '上海', '北京', '山东', '四川', '湖北', '河南', '福建'];
const TAGS = [
  'seniority:director',
  'seniority:manager',
  'seniority:engineer',
  'behaviour:checked_in',
  'behaviour:demo_requested',
  'behaviour:content_downloaded',
  'region:south',
  'region:east',
  'interest:MES 系统',
  'size:500-999',
];

/**
 * Spread like a real pool: most leads are raw and ungraded, few are A; tags come 2–5 at a time.
 * Deterministic (hash of the row number), so two runs measure the same table.
 */
async function seed(pool: TestPool, owners: string[]): Promise<void> {
  // 0 … n-1 from the row number; hashint8 is signed, so shift before taking the modulus.
  const spread = (salt: number, n: number) =>
    `((hashint8(g * ${salt})::bigint + 2147483648) % ${n})`;
  const pick = (list: readonly string[], salt: number) =>
    `(array[${list.map((v) => `'${v}'`).join(',')}])[1 + ${spread(salt, list.length)}]`;
  const started = performance.now();
  for (let from = 1; from <= CUSTOMERS; from += 20_000) {
    const to = Math.min(CUSTOMERS, from + 19_999);
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, grade, fit_points, score,
         engagement_level, stage, owner, queue, sla_due_at, tags, rescore_at)
       select id, jsonb_build_object('name', '客户' || g, 'company', '公司' || g,
                'province', ${pick(PROVINCES, 7)}),
              at, at, grade, fit, score,
              case when score >= 80 then 1 when score >= 50 then 2 when score >= 20 then 3 else 4 end,
              stage, owner, case when owner is null then 'default' end,
              case when stage in ('MQL', 'SAL') then at + 86400000 * (g % 5) end,
              tags, null
         from (
           select g, '019b' || lpad(to_hex(g), 28, '0') as id, 1700000000000 + g * 1000 as at,
                  (array['A','B','B','C','C','C','D','D','D','D'])[1 + ${spread(3, 10)}] as grade,
                  ${spread(5, 100)} as fit,
                  ${spread(11, 120)} as score,
                  (array['RL','RL','RL','RL','MQL','MQL','SAL','SQL','nurture','disqualified'])
                    [1 + ${spread(13, 10)}] as stage,
                  (array[${owners.map((o) => `'${o}'`).join(',')}, null, null])
                    [1 + ${spread(17, owners.length + 2)}] as owner,
                  array(select distinct t from unnest(array[${pick(TAGS, 19)}, ${pick(TAGS, 23)},
                          ${pick(TAGS, 29)}, ${pick(TAGS, 31)}]) t order by t) as tags
             from generate_series($1::int, $2::int) g) s`,
      [from, to],
    );
    await pool.db.query(
      `insert into customer_people (person_id, customer_id, event_id)
       select 'p' || id, id, 'event-' || (g % 5)
         from (select g, '019b' || lpad(to_hex(g), 28, '0') as id
                 from generate_series($1::int, $2::int) g) s`,
      [from, to],
    );
  }
  // A manual tag few customers hold: the filter the planner's array estimates get wrong.
  await pool.db.query(
    `update customers set tags = tags || '{manual:VIP}'::text[]
      where id in (select id from customers order by id limit ${Math.max(1, Math.floor(CUSTOMERS / 2000))})`,
  );
  await pool.db.query('analyze customers');
  await pool.db.query('analyze customer_people');
  log(`seeded ${CUSTOMERS} customers in ${round((performance.now() - started) / 1000)} s`);
}

async function timeRequests(pool: TestPool, token: string, url: string): Promise<number[]> {
  const request = async () => {
    const started = performance.now();
    const response = await pool.app.inject({
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return { elapsed, page: response.json() as CustomerListResponse };
  };
  for (let i = 0; i < 10; i++) await request();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const { elapsed, page } = await request();
    times.push(elapsed);
    rows = page.customers.length;
  }
  log(`${url}: ${rows} rows a page`);
  return times;
}

async function main(): Promise<void> {
  const pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
  const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  try {
    const owners = await Promise.all(
      Array.from({ length: 20 }, async () => (await createUser(pool, 'sales')).id),
    );
    await seed(pool, owners);
    const token = pool.adminToken;
    const base = '/api/v1/customers?limit=50';
    const filter =
      `${base}&grade=A,B&stage=MQL,SAL&tag=seniority:director` +
      `&province=${encodeURIComponent('广东')}&sort=score`;
    const firstPage = (
      await pool.app.inject({ url: filter, headers: { authorization: `Bearer ${token}` } })
    ).json() as CustomerListResponse;
    // The plans, so a run shows which indexes answer (LEADPOND_BENCH_EXPLAIN=1).
    if (process.env.LEADPOND_BENCH_EXPLAIN === '1') {
      const plans: [string, CustomerFilter, { gatherFirst?: boolean }?][] = [
        ['unfiltered', { sort: 'created', order: 'desc', limit: 50 }],
        [
          'grade + stage + tag + province by score',
          {
            grades: ['A', 'B'],
            stages: ['MQL', 'SAL'],
            tags: ['seniority:director'],
            provinces: ['广东'],
            sort: 'score',
            order: 'desc',
            limit: 50,
          },
        ],
        ['everyone by SLA due', { sort: 'slaDue', order: 'asc', limit: 50 }],
        [
          'a manual tag by score',
          { tags: ['manual:VIP'], sort: 'score', order: 'desc', limit: 50 },
        ],
        [
          'owner by SLA due',
          { owner: owners[0], stages: ['MQL', 'SAL'], sort: 'slaDue', order: 'asc', limit: 50 },
        ],
      ];
      for (const [name, planned, options] of plans) {
        const { sql, params } = customerListQuery(planned, options);
        const plan = await pool.db.query<{ 'QUERY PLAN': string }>(
          `explain analyze ${sql}`,
          params,
        );
        log(`plan, ${name}:\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
    }
    log(`timing ${RUNS} requests each`);
    const baseline = await timeRequests(pool, token, base);
    const figures: [string, number[]][] = [
      [
        'GET /customers filtered by grade + stage + tag + province, sorted by score',
        await timeRequests(pool, token, filter),
      ],
      [
        `GET /customers by a manual tag ${Math.max(1, Math.floor(CUSTOMERS / 2000))} customers hold, sorted by score`,
        await timeRequests(pool, token, `${base}&tag=manual:VIP&sort=score`),
      ],
      [
        'GET /customers, everyone by SLA due time',
        await timeRequests(pool, token, `${base}&sort=slaDue`),
      ],
      [
        "GET /customers, one sales owner's MQL and SAL leads by SLA due time",
        await timeRequests(pool, token, `${base}&owner=${owners[0]}&stage=MQL,SAL&sort=slaDue`),
      ],
    ];
    if (firstPage.nextCursor) {
      figures.push([
        'GET /customers, same filter, the second page (cursor)',
        await timeRequests(pool, token, `${filter}&cursor=${firstPage.nextCursor}`),
      ]);
    }
    for (const p of [50, 95]) {
      const baseValue = percentile(baseline, p);
      for (const [figure, times] of figures) {
        const value = percentile(times, p);
        emit({
          figure: `${figure}, ${CUSTOMERS} customers, p${p}`,
          unit: 'ms',
          value: round(value),
          ...(p === 95 ? { goal: GOAL_MS } : {}),
          baseline: {
            figure: `GET /customers unfiltered, newest first, p${p}`,
            value: round(baseValue),
          },
          ratio: round(value / baseValue),
          backend,
        });
      }
    }
  } finally {
    await pool.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
