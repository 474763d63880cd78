import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  IntelligenceConfigResponse,
  IntelligencePreviewResponse,
  InvalidConfigBody,
  StaleConfigBody,
} from '../../shared/api';
import { DAY_MS, DEFAULT_CONFIG, type IntelligenceConfig } from '../../shared/intelligence';
import { newId } from '../../shared/ids';
import type { LeadEvent } from '../../shared/schemas';
import { factOf, personOf, push } from '../security/security.test-kit';
import { createScoringWorker } from '../services/scoring-worker';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const now = Date.UTC(2026, 10, 26, 9, 0, 0);
const clock = () => now;

let pool: TestPool;
let event: LeadEvent;
let marketing: string;
const people: { manager: string; engineer: string; director: string } = {
  manager: '',
  engineer: '',
  director: '',
};

beforeAll(async () => {
  pool = await startTestPool({ clock });
  event = await createEvent(pool, { name: 'Config expo' });
  const device = await enrollDevice(pool, event.id);
  marketing = (await createUser(pool, 'marketing')).token;
  const manager = personOf(
    event.id,
    { name: '经理甲', phone: '13800139001', title: '销售经理' },
    now,
  );
  const engineer = personOf(
    event.id,
    { name: '工程师乙', phone: '13800139002', title: '工程师' },
    now,
  );
  const director = personOf(event.id, { name: '总监丙', phone: '13800139003', title: '总监' }, now);
  people.manager = manager.id;
  people.engineer = engineer.id;
  people.director = director.id;
  expect((await push(pool, device, 'people', [manager, engineer, director])).statusCode).toBe(200);
  const visits = [
    factOf(event.id, director.id, 'checked_in', now - DAY_MS),
    factOf(event.id, director.id, 'content_downloaded', now - DAY_MS),
  ];
  expect((await push(pool, device, 'interactions', visits)).statusCode).toBe(200);
});
afterAll(() => pool.close());

const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  pool.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(marketing),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** Everything a config route could change, read straight from the tables. */
async function snapshot() {
  return {
    configs: await pool.db.query('select * from intelligence_configs order by revision'),
    customers: await pool.db.query(
      `select id, grade, fit_points, score, stage, owner, queue, sla_due_at, tags, explanation,
              scored_at, scored_revision, rescore_at from customers order by id`,
    ),
    changes: await pool.db.query('select * from customer_changes order by id'),
  };
}

const gradeOf = async (personId: string) => {
  const [row] = await pool.db.query<{ grade: string; scored_revision: number | null }>(
    `select c.grade, c.scored_revision from customers c
       join customer_people cp on cp.customer_id = c.id where cp.person_id = $1`,
    [personId],
  );
  return row;
};

/** Managers grade A: a config that changes who is a good fit, and who is an MQL. */
const managersFirst: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  grading: { ...DEFAULT_CONFIG.grading, thresholds: { A: 12, B: 8, C: 4 } },
  mql: { anyOf: [{ kind: 'fitAndScore', grade: 'A', minScore: 0 }] },
};

describe('GET/PUT /intelligence/config and POST /intelligence/preview', () => {
  it('starts with the built-in default as revision 0', async () => {
    const response = await call('GET', '/intelligence/config');
    expect(response.statusCode).toBe(200);
    const body = response.json<IntelligenceConfigResponse>();
    expect(body).toEqual({ revision: 0, config: DEFAULT_CONFIG, savedBy: null, savedAt: null });
  });

  it('previews a draft against the config in force and changes nothing', async () => {
    const before = await snapshot();
    const response = await call('POST', '/intelligence/preview', { config: managersFirst });
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json<IntelligencePreviewResponse>();
    // In force: 销售经理 12 (D), 工程师 12 (D), 总监 20 (C); no demo, no hot rating: no MQL.
    expect(preview.current).toMatchObject({
      revision: 0,
      customers: 3,
      grades: { A: 0, B: 0, C: 1, D: 2 },
      mqls: 0,
      promoted: 0,
    });
    // The draft: every one of them is A (≥ 12), and A with any score is an MQL.
    expect(preview.draft).toMatchObject({
      customers: 3,
      grades: { A: 3, B: 0, C: 0, D: 0 },
      stages: { RL: 0, MQL: 3 },
      mqls: 3,
      promoted: 3,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a config that does not validate with the paths at fault, and saves nothing', async () => {
    const before = await snapshot();
    const broken = {
      ...DEFAULT_CONFIG,
      grading: { ...DEFAULT_CONFIG.grading, thresholds: { A: 10, B: 20, C: 30 } },
      engagement: {
        ...DEFAULT_CONFIG.engagement,
        demo_requested: { points: -5, cap: 5, halfLifeDays: 30 },
      },
    };
    const response = await call('PUT', '/intelligence/config', { config: broken, baseRevision: 0 });
    expect(response.statusCode).toBe(400);
    const body = response.json<InvalidConfigBody>();
    expect(body.error.code).toBe('invalid_config');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual([
      'engagement.demo_requested.halfLifeDays',
      'grading.thresholds',
    ]);
    const preview = await call('POST', '/intelligence/preview', { config: broken });
    expect(preview.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('saves a config, and the decay pass rescores every customer with it', async () => {
    const response = await call('PUT', '/intelligence/config', {
      config: managersFirst,
      baseRevision: 0,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<IntelligenceConfigResponse>()).toMatchObject({
      revision: 1,
      savedAt: now,
    });
    const due = await pool.db.query<{ n: number }>(
      'select count(*)::int as n from customers where merged_into is null and rescore_at = 0',
    );
    expect(due[0]?.n).toBe(3);
    expect(await gradeOf(people.manager)).toEqual({ grade: 'D', scored_revision: 0 });

    const worker = createScoringWorker({ db: pool.db, clock, newId });
    await worker.runOnce();
    await worker.stop();
    for (const id of Object.values(people))
      expect(await gradeOf(id)).toEqual({ grade: 'A', scored_revision: 1 });
    const [mqls] = await pool.db.query<{ n: number }>(
      `select count(*)::int as n from customers where stage = 'MQL'`,
    );
    expect(mqls?.n).toBe(3);
    const read = await call('GET', '/intelligence/config');
    expect(read.json<IntelligenceConfigResponse>()).toMatchObject({
      revision: 1,
      config: managersFirst,
    });
  });

  it('answers a save based on an old revision with 409 and the current one, and saves nothing', async () => {
    const before = await snapshot();
    const response = await call('PUT', '/intelligence/config', {
      config: DEFAULT_CONFIG,
      baseRevision: 0,
    });
    expect(response.statusCode).toBe(409);
    const body = response.json<StaleConfigBody>();
    expect(body.error.code).toBe('stale_revision');
    expect(body.current).toMatchObject({ revision: 1, config: managersFirst });
    expect(await snapshot()).toEqual(before);
  });

  it('is refused to sales users', async () => {
    const sales = (await createUser(pool, 'sales')).token;
    const response = await pool.app.inject({
      method: 'PUT',
      url: '/api/v1/intelligence/config',
      headers: bearer(sales),
      payload: { config: DEFAULT_CONFIG, baseRevision: 1 },
    });
    expect(response.statusCode).toBe(403);
    expect((await call('GET', '/intelligence/config')).json()).toMatchObject({ revision: 1 });
  });
});
