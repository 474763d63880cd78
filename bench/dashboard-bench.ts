// Event dashboards (issue 13): `npm run bench -- dashboard`, or `npx tsx bench/dashboard-bench.ts`.
// One JSON line per figure on stdout, each against a baseline of the same run:
// - GET /events/:id/dashboard?tz=Asia/Shanghai for an event with 100k facts (goal < 300 ms p95),
//   against GET /events/:id/roi of the same event (the funnel counts alone);
// - GET /events/dashboard?ids=a,b for that event beside a small one;
// - the pool app's first-load JavaScript gzipped (the entry and its static imports; the charts and
//   screens are lazy chunks, not counted; goal < 250 KB), against the booth web app's first load.
// Facts are seeded with bulk SQL into the documents table as ingest would store them, and the
// per-event summaries ingest keeps are counted from them; requests go through the real routes. Logs go to stderr. LEADPOND_BENCH_FACTS sets the size.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createEvent } from '../src/server/routes/routes.test-kit';
import { rebuildEventSummaries } from '../src/server/services/event-summary';
import { startTestPool, type TestPool } from '../src/server/testing';

const FACTS = Number(process.env.LEADPOND_BENCH_FACTS ?? 100_000);
const PEOPLE = Math.max(1, Math.floor(FACTS / 5));
const RUNS = Number(process.env.LEADPOND_BENCH_DASHBOARD_RUNS ?? 30);
const GOAL_MS = 300;
const FIRST_LOAD_GOAL_BYTES = 250 * 1024;

const log = (...parts: unknown[]) => console.error('[bench:dashboard]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const PROVINCES = ['广东', '江苏', '浙江', '上海', '北京', '山东', '四川', '湖北', '', ''];
const SOURCES = ['staff', 'badge', 'kiosk', 'ticket', 'import', 'mobile'];
// A fair's mix: every lead registered or was scanned; fewer came, downloaded, entered a draw.
const TYPES = [
  'registered',
  'registered',
  'checked_in',
  'checked_in',
  'badge_scanned',
  'badge_scanned',
  'content_downloaded',
  'draw_entered',
  'demo_requested',
  'note',
];

/** 0 … n-1 from the row number (hashint8 is signed: shift before the modulus). Deterministic. */
const spread = (salt: number, n: number) => `((hashint8(g * ${salt})::bigint + 2147483648) % ${n})`;
const pick = (list: readonly string[], salt: number) =>
  `(array[${list.map((v) => `'${v}'`).join(',')}])[1 + ${spread(salt, list.length)}]`;

async function seed(pool: TestPool, eventId: string): Promise<void> {
  const started = performance.now();
  const devices = Array.from({ length: 8 }, (_, i) => `bench-device-${i}`);
  for (const [i, id] of devices.entries()) {
    await pool.db.query(
      `insert into devices (id, event_id, name, token_hash, enrolled_at)
       values ($1, $2, $3, $4, 0)`,
      [id, eventId, `展位平板 ${i + 1}`, `bench-hash-${i}`],
    );
  }
  const assets = ['bench-paper-0', 'bench-paper-1', 'bench-paper-2'];
  for (const [i, id] of assets.entries()) {
    await pool.db.query(
      `insert into documents (collection, id, event_id, seq, data, received_at)
       values ('assets', $1, $2, $3, $4, 0)`,
      [id, eventId, 900_000_000 + i, JSON.stringify({ id, eventId, title: `白皮书 ${i + 1}` })],
    );
  }
  const personId = (expr: string) => `'019c' || lpad(to_hex(${expr}), 28, '0')`;
  // Customers own 1:1 the people of the event; a tenth got past RL, some moved there on record.
  for (let from = 1; from <= PEOPLE; from += 20_000) {
    const to = Math.min(PEOPLE, from + 19_999);
    await pool.db.query(
      `insert into documents (collection, id, event_id, seq, data, received_at)
       select 'people', ${personId('g')}, $3::text, g,
              jsonb_build_object('id', ${personId('g')}, 'eventId', $3::text, 'name', '访客' || g,
                'province', ${pick(PROVINCES, 7)},
                'provenance', jsonb_build_object('name', jsonb_build_object(
                   'source', ${pick(SOURCES, 11)}, 'deviceId', ${pick(devices, 13)},
                   'at', 1764000000000 + g))), 0
         from generate_series($1::int, $2::int) g`,
      [from, to, eventId],
    );
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, stage)
       select 'c' || ${personId('g')}, '{}'::jsonb, 0, 0,
              (array['RL','RL','RL','RL','RL','RL','MQL','SAL','SQL','nurture'])[1 + ${spread(17, 10)}]
         from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await pool.db.query(
      `insert into customer_people (person_id, customer_id, event_id)
       select ${personId('g')}, 'c' || ${personId('g')}, $3::text from generate_series($1::int, $2::int) g`,
      [from, to, eventId],
    );
    await pool.db.query(
      `insert into customer_changes (id, customer_id, kind, from_value, to_value, who, at, why)
       select 'ch' || g, 'c' || ${personId('g')}, 'stage', 'RL', 'MQL', 'system', 0, ''
         from generate_series($1::int, $2::int) g where g % 7 = 0`,
      [from, to],
    );
  }
  for (let from = 1; from <= FACTS; from += 20_000) {
    const to = Math.min(FACTS, from + 19_999);
    await pool.db.query(
      `insert into documents (collection, id, event_id, seq, data, received_at)
       select 'interactions', id, $3::text, g,
              jsonb_build_object('id', id, 'eventId', $3::text, 'personId', person, 'type', type,
                'deviceId', ${pick(devices, 19)}, 'staffId', 'staff-' || ${spread(23, 40)},
                -- Three days of a fair, 08:00–18:00 Beijing time.
                'occurredAt', 1764028800000 + ${spread(29, 3)} * 86400000 + ${spread(31, 36_000_000)},
                'data', case when type = 'content_downloaded'
                          then jsonb_build_object('assetId', ${pick(assets, 37)})
                          else '{}'::jsonb end,
                'updatedAt', 1764028800000), 0
         from (select g, '019d' || lpad(to_hex(g), 28, '0') as id,
                      ${personId(`1 + ${spread(41, PEOPLE)}`)} as person,
                      ${pick(TYPES, 43)} as type
                 from generate_series($1::int, $2::int) g) s`,
      [from, to, eventId],
    );
  }
  // Bulk SQL went around ingest: count the summaries ingest would have kept.
  await rebuildEventSummaries(pool.db);
  for (const table of [
    'documents',
    'customers',
    'customer_people',
    'customer_changes',
    'event_fact_counts',
    'event_person_facts',
    'event_staff_people',
  ]) {
    await pool.db.query(`analyze ${table}`);
  }
  log(
    `seeded ${FACTS} facts of ${PEOPLE} people in ${round((performance.now() - started) / 1000)} s`,
  );
}

async function timeRequests(pool: TestPool, url: string): Promise<number[]> {
  const request = async () => {
    const started = performance.now();
    const response = await pool.app.inject({
      url,
      headers: { authorization: `Bearer ${pool.adminToken}` },
    });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return elapsed;
  };
  for (let i = 0; i < 3; i++) await request();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await request());
  return times;
}

async function queryFigures(): Promise<void> {
  const pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
  const backend = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  try {
    const fair = await createEvent(pool, { name: 'Bench fair' });
    const small = await createEvent(pool, { name: 'Small workshop' });
    await seed(pool, fair.id);
    const check = await pool.app.inject({
      url: `/api/v1/events/${fair.id}/dashboard?tz=Asia/Shanghai`,
      headers: { authorization: `Bearer ${pool.adminToken}` },
    });
    const body = check.json() as { funnel: Record<string, number>; checkInsPerHour: unknown[] };
    log('seeded funnel', JSON.stringify(body.funnel), `${body.checkInsPerHour.length} hours`);
    log(`timing ${RUNS} requests each`);
    const baseline = await timeRequests(pool, `/api/v1/events/${fair.id}/roi`);
    const figures: [string, number[]][] = [
      [
        `GET /events/:id/dashboard?tz=Asia/Shanghai, ${FACTS} facts`,
        await timeRequests(pool, `/api/v1/events/${fair.id}/dashboard?tz=Asia%2FShanghai`),
      ],
      [
        `GET /events/dashboard?ids= (that event beside a small one), ${FACTS} facts`,
        await timeRequests(pool, `/api/v1/events/dashboard?ids=${fair.id},${small.id}`),
      ],
    ];
    for (const p of [50, 95]) {
      const baseValue = percentile(baseline, p);
      for (const [figure, times] of figures) {
        const value = percentile(times, p);
        emit({
          figure: `${figure}, p${p}`,
          unit: 'ms',
          value: round(value),
          ...(p === 95 ? { goal: GOAL_MS } : {}),
          baseline: { figure: `GET /events/:id/roi, same event, p${p}`, value: round(baseValue) },
          ratio: round(value / baseValue),
          backend,
        });
      }
    }
  } finally {
    await pool.close();
  }
}

/**
 * The JavaScript a first visit loads: the entry script of index.html and every chunk it imports
 * statically (`import … from "./x.js"`, followed through), never a dynamic `import("./x.js")`.
 */
function firstLoadBytes(dir: string): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const base = (src: string) => src.replace(/^.*\/assets\//, 'assets/');
  const seen = new Set<string>();
  const queue = entries.map(base);
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`assets/${m[1]}`);
    }
  }
  const files = [...seen].sort();
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { files, raw, gzip };
}

function ensureBuilt(dir: string, config: string): void {
  if (existsSync(join(dir, 'index.html')) && process.env.LEADPOND_BENCH_REBUILD !== '1') return;
  log(`building ${dir}`);
  const result = spawnSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`build of ${dir} failed`);
}

function bundleFigures(): void {
  ensureBuilt('dist-pool-app', 'vite.pool-app.config.ts');
  ensureBuilt('dist-web', 'vite.web.config.ts');
  const poolApp = firstLoadBytes('dist-pool-app');
  const booth = firstLoadBytes('dist-web');
  log(`pool app first load: ${poolApp.files.join(', ')}`);
  log(`booth app first load: ${booth.files.join(', ')}`);
  emit({
    figure: 'pool app first-load JavaScript, gzipped (entry + static imports; charts lazy)',
    unit: 'bytes',
    value: poolApp.gzip,
    raw: poolApp.raw,
    goal: FIRST_LOAD_GOAL_BYTES,
    baseline: { figure: 'booth web app first-load JavaScript, gzipped', value: booth.gzip },
    ratio: round(poolApp.gzip / booth.gzip),
  });
}

async function main(): Promise<void> {
  bundleFigures();
  if (process.env.LEADPOND_BENCH_SKIP_DASHBOARD_QUERIES !== '1') await queryFigures();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
