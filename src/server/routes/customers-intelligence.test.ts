import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerDetailResponse,
  CustomerListResponse,
  CustomerSummary,
  ManualTagsResponse,
} from '../../shared/api';
import { newId } from '../../shared/ids';
import {
  assessLead,
  DAY_MS,
  DEFAULT_CONFIG,
  INITIAL_STAGE,
  type Grade,
  type LeadInput,
  type Stage,
} from '../../shared/intelligence';
import { EMPTY_QUALIFICATION_FIELDS } from '../../shared/schemas';
import { customerListQuery } from '../services/customers-query';
import { startTestPool, type TestPool } from '../testing';
import { factOf, personOf, push } from '../security/security.test-kit';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

/**
 * The customers API on the lead-intelligence columns. The scorer writes those columns elsewhere;
 * here they are set with SQL (or from the real engine's assessment) so each test knows its rows,
 * and everything is read and moved through the real routes.
 */
describe('customers by grade, score, stage, owner and tags', () => {
  let pool: TestPool;
  let sales: { id: string; token: string };
  let otherSales: { id: string; token: string };
  let marketing: { id: string; token: string };
  beforeAll(async () => {
    pool = await startTestPool();
    sales = await createUser(pool, 'sales');
    otherSales = await createUser(pool, 'sales');
    marketing = await createUser(pool, 'marketing');
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    options: { token?: string; payload?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await pool.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...bearer(options.token ?? pool.adminToken), ...options.headers },
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    });
    return { status: response.statusCode, body: response.json() as unknown };
  };
  const list = async (query: string, token?: string) => {
    const { status, body } = await call('GET', `/customers?${query}`, { token });
    expect(status, JSON.stringify(body)).toBe(200);
    return body as CustomerListResponse;
  };

  interface Seed {
    grade?: Grade;
    fitPoints?: number;
    score?: number;
    level?: number;
    stage?: Stage;
    owner?: string | null;
    queue?: string | null;
    slaDueAt?: number | null;
    tags?: string[];
    province?: string;
    updatedAt?: number;
  }
  async function seed(row: Seed): Promise<string> {
    const id = newId();
    const at = Date.now();
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, grade, fit_points, score,
         engagement_level, stage, owner, queue, sla_due_at, tags)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        JSON.stringify({ name: `客户 ${id.slice(-4)}`, province: row.province ?? '' }),
        at,
        row.updatedAt ?? at,
        row.grade ?? 'D',
        row.fitPoints ?? 0,
        row.score ?? 0,
        row.level ?? 4,
        row.stage ?? 'RL',
        row.owner ?? null,
        row.queue ?? null,
        row.slaDueAt ?? null,
        row.tags ?? [],
      ],
    );
    return id;
  }
  const stageOf = async (id: string) =>
    (await pool.db.query<{ stage: string }>('select stage from customers where id = $1', [id]))[0]
      ?.stage;

  /** Every page of a query, following nextCursor. */
  async function allPages(query: string, limit: number, token?: string) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: CustomerListResponse = await list(
        `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(page.customers.length).toBeLessThanOrEqual(limit);
      ids.push(...page.customers.map((c) => c.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('paging did not end');
  }

  it('sorts by score across pages that split ties by id, in both orders, and stays put while rows change', async () => {
    const run = `manual:run-${newId()}`;
    const scores = [80, 60, 60, 60, 60, 60, 40, 40, 10, 0, -5];
    const rows = await Promise.all(
      scores.map(async (score) => ({ id: await seed({ score, tags: [run] }), score })),
    );
    const desc = [...rows]
      .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const q = `tag=${encodeURIComponent(run)}&sort=score`;
    expect(await allPages(q, 2)).toEqual(desc);
    expect(await allPages(`${q}&order=asc`, 3)).toEqual([...desc].reverse());

    // A new top scorer and a changed row after page one: page two neither repeats nor skips.
    const first = await list(`${q}&limit=4`);
    expect(first.customers.map((c) => c.id)).toEqual(desc.slice(0, 4));
    await seed({ score: 99, tags: [run] });
    await pool.db.query('update customers set score = 45 where id = $1', [desc[6] ?? '']);
    const second = await list(`${q}&limit=4&cursor=${first.nextCursor}`);
    expect(second.customers.map((c) => c.id)).toEqual(desc.slice(4, 8));

    // A cursor belongs to its sort: another sort's cursor is refused, not misread.
    const wrong = await call('GET', `/customers?${q}&order=asc&cursor=${first.nextCursor}`);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/cursor/);
  });

  it('sorts by SLA due (most urgent first, no due time last), fit points, and update time', async () => {
    const run = `manual:run-${newId()}`;
    const now = Date.now();
    const late = await seed({
      slaDueAt: now + 3 * DAY_MS,
      fitPoints: 10,
      tags: [run],
      updatedAt: 3,
    });
    const none = await seed({ slaDueAt: null, fitPoints: 70, tags: [run], updatedAt: 1 });
    const soon = await seed({ slaDueAt: now + DAY_MS, fitPoints: 40, tags: [run], updatedAt: 2 });
    const q = `tag=${encodeURIComponent(run)}`;
    expect(await allPages(`${q}&sort=slaDue`, 1)).toEqual([soon, late, none]);
    expect(await allPages(`${q}&sort=grade`, 1)).toEqual([none, soon, late]);
    expect(await allPages(`${q}&sort=updated&order=asc`, 2)).toEqual([none, soon, late]);
    expect(await allPages(q, 2)).toEqual([soon, none, late]);
  });

  it('combines grade, stage, tags, province, owner, queue, score range and engagement level', async () => {
    const run = `manual:run-${newId()}`;
    const grades: Grade[] = ['A', 'B', 'C', 'D'];
    const stages: Stage[] = ['RL', 'MQL', 'SAL'];
    const provinces = ['广东', '上海', '四川'];
    const seeded: (Seed & { id: string })[] = [];
    for (let i = 0; i < 48; i++) {
      const row: Seed = {
        grade: grades[i % 4],
        stage: stages[i % 3],
        province: provinces[Math.floor(i / 4) % 3],
        score: (i * 7) % 90,
        level: 1 + (i % 4),
        owner: i % 5 === 0 ? null : i % 5 === 1 ? sales.id : otherSales.id,
        queue: i % 5 === 0 ? 'east-queue' : null,
        tags: i % 2 === 0 ? [run, 'seniority:director'] : [run],
      };
      seeded.push({ ...row, id: await seed(row) });
    }
    const byScore = (rows: typeof seeded) =>
      [...rows]
        .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || (a.id < b.id ? 1 : -1))
        .map((r) => r.id);
    const runTag = `tag=${encodeURIComponent(run)}`;

    const combined = await allPages(
      `${runTag}&tag=seniority:director&grade=A,C&stage=RL&stage=SAL&province=${encodeURIComponent('广东,四川')}&minScore=5&maxScore=80&sort=score`,
      3,
    );
    const expected = byScore(
      seeded.filter(
        (r) =>
          r.tags?.includes('seniority:director') &&
          (r.grade === 'A' || r.grade === 'C') &&
          (r.stage === 'RL' || r.stage === 'SAL') &&
          (r.province === '广东' || r.province === '四川') &&
          (r.score ?? 0) >= 5 &&
          (r.score ?? 0) <= 80,
      ),
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(combined).toEqual(expected);
    // Rare tags gather their matches first (GIN), common ones let the sort's index lead: the
    // same rows either way.
    for (const gatherFirst of [true, false]) {
      const { sql, params } = customerListQuery(
        {
          tags: [run, 'seniority:director'],
          grades: ['A', 'C'],
          sort: 'score',
          order: 'desc',
          limit: 100,
        },
        { gatherFirst },
      );
      const rows = await pool.db.query<{ id: string }>(sql, params);
      expect(rows.map((r) => r.id)).toEqual(
        byScore(
          seeded.filter(
            (r) => r.tags?.includes('seniority:director') && (r.grade === 'A' || r.grade === 'C'),
          ),
        ),
      );
    }

    const unassigned = await allPages(`${runTag}&owner=none&queue=east-queue&sort=score`, 50);
    expect(unassigned).toEqual(byScore(seeded.filter((r) => r.owner === null)));
    const mine = await allPages(`${runTag}&owner=${sales.id}&engagementLevel=2,3&sort=score`, 50);
    expect(mine).toEqual(
      byScore(seeded.filter((r) => r.owner === sales.id && (r.level === 2 || r.level === 3))),
    );

    const [summary] = (await list(`${runTag}&grade=B&stage=MQL&limit=1`)).customers;
    const source = seeded.find((r) => r.id === summary?.id);
    expect(summary).toMatchObject({
      grade: 'B',
      stage: 'MQL',
      score: source?.score,
      engagementLevel: source?.level,
      cell: `B${source?.level}`,
      owner: source?.owner,
      queue: source?.queue,
      slaDueAt: null,
      tags: source?.tags,
    } satisfies Partial<CustomerSummary>);

    // A sales user lists only the leads routed to them, whatever owner they ask for.
    const salesView = await allPages(`${runTag}&sort=score`, 50, sales.token);
    expect(salesView).toEqual(byScore(seeded.filter((r) => r.owner === sales.id)));
    expect(await allPages(`${runTag}&owner=${otherSales.id}`, 50, sales.token)).toEqual([]);
  });

  it('answers 400 with the parameter named for garbage in any query parameter', async () => {
    for (const [query, named] of [
      ['grade=E', 'grade'],
      ['grade=A,,Z', 'grade'],
      ['stage=WON', 'stage'],
      ['sort=name', 'sort'],
      ['order=sideways', 'order'],
      ['minScore=lots', 'minScore'],
      ['minScore=50&maxScore=10', 'minScore'],
      ['engagementLevel=5', 'engagementLevel'],
      ['owner=', 'owner'],
      ['limit=0', 'limit'],
      ['cursor=bm9wZQ', 'cursor'],
      [`tag=${'x'.repeat(200)}`, 'tag'],
      [`province=${encodeURIComponent('\u0000')}`, 'province'],
    ] as const) {
      const { status, body } = await call('GET', `/customers?${query}`);
      expect(status, query).toBe(400);
      expect((body as { error: { message: string } }).error.message, query).toContain(named);
    }
  });

  /** A customer whose columns hold what the real engine computed for them. */
  async function seedAssessed(input: LeadInput, now: number): Promise<string> {
    const assessment = assessLead(input, DEFAULT_CONFIG, now);
    const id = newId();
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, grade, fit_points, score,
         engagement_level, stage, tags, explanation, scored_at)
       values ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $3)`,
      [
        id,
        JSON.stringify({ name: '王总监', title: input.profile.title }),
        now,
        assessment.fit.grade,
        assessment.fit.points,
        assessment.engagement.score,
        Number(assessment.cell.slice(1)),
        assessment.stage.stage,
        assessment.tags,
        JSON.stringify({ fit: assessment.fit.lines, engagement: assessment.engagement.lines }),
      ],
    );
    return id;
  }

  it("explains grade and score line by line in the caller's language; the lines add up", async () => {
    const now = Date.now();
    const id = await seedAssessed(
      {
        profile: {
          title: '总监',
          department: '',
          industry: '汽车',
          companySize: '500+',
          province: '上海',
          city: '',
        },
        facts: [
          { id: newId(), type: 'checked_in', occurredAt: now - 3 * DAY_MS },
          { id: newId(), type: 'demo_requested', occurredAt: now - 3 * DAY_MS },
          { id: newId(), type: 'content_downloaded', occurredAt: now - 40 * DAY_MS },
        ],
        qualifications: [
          {
            ...EMPTY_QUALIFICATION_FIELDS,
            budget: 'over_1m',
            authority: 'decision_maker',
            interests: ['MES 系统'],
            fieldUpdatedAt: {},
            updatedAt: now - 3 * DAY_MS,
          },
        ],
        stage: INITIAL_STAGE,
      },
      now,
    );
    const read = async (query: string, headers: Record<string, string> = {}) => {
      const { status, body } = await call('GET', `/customers/${id}${query}`, { headers });
      expect(status).toBe(200);
      return body as CustomerDetailResponse;
    };
    const zh = await read('');
    const en = await read('?lang=en', { 'accept-language': 'zh-CN' });
    const browserEn = await read('', { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' });
    const sum = (detail: CustomerDetailResponse, axis: 'fit' | 'engagement') =>
      detail.explanation.filter((l) => l.axis === axis).reduce((n, l) => n + l.points, 0);

    for (const detail of [zh, en, browserEn]) {
      expect(detail.score).toBeGreaterThan(0);
      expect(sum(detail, 'fit')).toBe(detail.fitPoints);
      expect(sum(detail, 'engagement')).toBe(detail.score);
      expect(detail.cell).toBe(`${detail.grade}${detail.engagementLevel}`);
    }
    expect(zh.explanation.map((l) => l.label)).toContain('+20 职位: 总监');
    expect(zh.explanation.some((l) => l.label.includes('申请演示 · 3 天前'))).toBe(true);
    expect(en.explanation.map((l) => l.label)).toContain('+20 Title: 总监');
    expect(en.explanation.some((l) => l.label.includes('Requested a demo · 3 days ago'))).toBe(
      true,
    );
    expect(browserEn.explanation).toEqual(en.explanation);
    expect(zh.tags).toContainEqual({
      tag: 'seniority:director',
      labels: { 'zh-CN': '总监', en: 'Director' },
    });
    expect(zh.tags).toContainEqual({
      tag: 'interest:MES 系统',
      labels: { 'zh-CN': '兴趣: MES 系统', en: 'Interest: MES 系统' },
    });
    expect(zh.stage).toBe('MQL');
    expect(zh.owner).toBeNull();
    expect(zh.history).toEqual([]);

    // A stored explanation no parser knows shows no lines instead of failing the page.
    await pool.db.query(`update customers set explanation = '{"fit": 3}' where id = $1`, [id]);
    expect((await read('')).explanation).toEqual([]);
    expect((await call('GET', `/customers/${id}?lang=fr`)).status).toBe(400);
  });

  it('moves stages through the shared state machine and records each move; refusals write nothing', async () => {
    const id = await seed({ stage: 'RL' });
    const move = (to: string, why = '', token = marketing.token) =>
      call('POST', `/customers/${id}/stage`, { token, payload: { to, why } });

    expect((await move('MQL')).status).toBe(200);
    const illegal = await move('SQL');
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ error: { code: 'illegal_move' } });
    const same = await move('MQL');
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ error: { code: 'same_stage' } });
    const unexplained = await move('disqualified', '   ');
    expect(unexplained.status).toBe(400);
    expect(unexplained.body).toMatchObject({ error: { code: 'reason_required' } });
    expect((await move('SAL', '', pool.adminToken)).status).toBe(200);
    expect((await call('POST', `/customers/${id}/stage`, { payload: { to: 'X' } })).status).toBe(
      400,
    );
    expect(
      (await call('POST', `/customers/${id}/stage`, { payload: { to: 'SQL', extra: 1 } })).status,
    ).toBe(400);
    expect(
      (await call('POST', `/customers/${newId()}/stage`, { payload: { to: 'MQL' } })).status,
    ).toBe(404);

    expect(await stageOf(id)).toBe('SAL');
    const detail = (await call('GET', `/customers/${id}`)).body as CustomerDetailResponse;
    expect(detail.stage).toBe('SAL');
    expect(detail.stageChangedAt).toEqual(expect.any(Number));
    expect(detail.history.map(({ kind, from, to, who }) => ({ kind, from, to, who }))).toEqual([
      { kind: 'stage', from: 'RL', to: 'MQL', who: marketing.id },
      // No rule of the default config matches: the manual MQL waits in the default queue.
      { kind: 'owner', from: null, to: null, who: 'system' },
      { kind: 'stage', from: 'MQL', to: 'SAL', who: expect.any(String) },
    ]);
    expect(detail.queue).toBe(DEFAULT_CONFIG.routing.defaultQueue);
    expect(detail.history[2]?.who).not.toBe(marketing.id);

    // Out of the sales funnel, by anyone: the return is a scored fact, so the lead stays nurtured.
    expect((await move('nurture', '客户项目暂停')).status).toBe(200);
    const facts = await pool.db.query<{ type: string; who: string }>(
      'select type, who from customer_facts where customer_id = $1',
      [id],
    );
    expect(facts).toEqual([{ type: 'sales_returned', who: marketing.id }]);
  });

  it("keeps sales to their own leads: another's lead keeps its stage; a return is recorded as a pool fact", async () => {
    const theirs = await seed({ stage: 'MQL', owner: otherSales.id });
    const mine = await seed({ stage: 'MQL', owner: sales.id });
    const unowned = await seed({ stage: 'MQL', owner: null });
    const move = (id: string, to: string, why = '') =>
      call('POST', `/customers/${id}/stage`, { token: sales.token, payload: { to, why } });

    for (const [victim, to] of [
      [theirs, 'SAL'],
      [theirs, 'nurture'],
      [unowned, 'SAL'],
    ] as const) {
      expect((await move(victim, to, 'mine now')).status).toBe(404);
      expect(await stageOf(victim)).toBe('MQL');
    }
    expect((await call('GET', `/customers/${theirs}`, { token: sales.token })).status).toBe(404);
    const changesOfVictims = await pool.db.query(
      'select 1 from customer_changes where customer_id = any($1::text[])',
      [[theirs, unowned]],
    );
    expect(changesOfVictims).toEqual([]);

    // Sales accepts, qualifies or returns; disqualifying is marketing's.
    expect((await move(mine, 'disqualified', 'spam')).status).toBe(403);
    expect(await stageOf(mine)).toBe('MQL');
    expect((await move(mine, 'SAL')).status).toBe(200);
    expect((await move(mine, 'nurture')).status).toBe(400);
    expect(await stageOf(mine)).toBe('SAL');
    expect((await move(mine, 'nurture', '预算明年才有')).status).toBe(200);
    expect(await stageOf(mine)).toBe('nurture');
    const facts = await pool.db.query<{ type: string; who: string; reason: string }>(
      `select type, who, data->>'why' as reason from customer_facts where customer_id = $1`,
      [mine],
    );
    expect(facts).toEqual([{ type: 'sales_returned', who: sales.id, reason: '预算明年才有' }]);
    const detail = (await call('GET', `/customers/${mine}`, { token: sales.token }))
      .body as CustomerDetailResponse;
    // Rescored with the return at once: its negative line is in the explanation.
    expect(detail.explanation.filter((line) => line.points < 0).map((l) => l.points)).toEqual([
      -30,
    ]);
    expect(detail.history.map((h) => [h.from, h.to, h.why])).toEqual([
      ['MQL', 'SAL', ''],
      ['SAL', 'nurture', '预算明年才有'],
    ]);
  });

  it('sets manual tags and the tags column at once, keeping computed tags', async () => {
    const id = await seed({ tags: ['manual:旧标签', 'seniority:director'] });
    const put = (manual: unknown, token = marketing.token) =>
      call('PUT', `/customers/${id}/tags`, { token, payload: { manual } });
    const saved = await put(['展会VIP', '  hot   lead ', '展会VIP']);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      manualTags: ['hot lead', '展会VIP'],
      tags: ['manual:hot lead', 'manual:展会VIP', 'seniority:director'],
    } satisfies ManualTagsResponse);
    const found = await list(`tag=${encodeURIComponent('manual:展会VIP')}&tag=seniority:director`);
    expect(found.customers.map((c) => c.id)).toEqual([id]);
    const detail = (await call('GET', `/customers/${id}`)).body as CustomerDetailResponse;
    expect(detail.manualTags).toEqual(['hot lead', '展会VIP']);

    for (const refused of [
      [put(['a,b']), 400],
      [put('not a list'), 400],
      [put(['x'], sales.token), 403],
    ] as const) {
      expect((await refused[0]).status).toBe(refused[1]);
    }
    const [row] = await pool.db.query<{ tags: string[] }>(
      'select tags from customers where id = $1',
      [id],
    );
    expect(row?.tags).toEqual(['manual:hot lead', 'manual:展会VIP', 'seniority:director']);
    expect((await put([])).body).toEqual({ manualTags: [], tags: ['seniority:director'] });
  });

  it('routes a manual MQL by the config in force: owner, SLA due time and the assignment recorded', async () => {
    const config = {
      ...DEFAULT_CONFIG,
      routing: {
        ...DEFAULT_CONFIG.routing,
        rules: [
          {
            id: 'shanghai',
            name: '上海大客户',
            when: {
              regions: [],
              provinces: ['上海'],
              industries: [],
              interests: [],
              sizes: [],
              grades: ['A'],
            },
            assign: { kind: 'owner', owner: sales.id },
          },
        ],
      },
    };
    const { body: current } = await call('GET', '/intelligence/config');
    const saved = await call('PUT', '/intelligence/config', {
      payload: { config, baseRevision: (current as { revision: number }).revision },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const id = await seed({ grade: 'A', province: '上海', stage: 'RL' });
    const before = Date.now();
    const moved = await call('POST', `/customers/${id}/stage`, {
      token: marketing.token,
      payload: { to: 'MQL', why: '展会上当面确认需求' },
    });
    expect(moved.status).toBe(200);
    const detail = (await call('GET', `/customers/${id}`, { token: sales.token }))
      .body as CustomerDetailResponse;
    expect(detail).toMatchObject({ stage: 'MQL', owner: sales.id, queue: null });
    expect(detail.slaDueAt).toBeGreaterThanOrEqual(before + 8 * 3_600_000);
    expect(detail.slaDueAt).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000);
    expect(detail.history.map(({ kind, from, to, who }) => [kind, from, to, who])).toEqual([
      ['stage', 'RL', 'MQL', marketing.id],
      ['owner', null, sales.id, 'system'],
    ]);
    // Now in the sales user's inbox, and theirs to accept.
    const inbox = await list('sort=slaDue&stage=MQL', sales.token);
    expect(inbox.customers.map((c) => c.id)).toContain(id);
    const accepted = await call('POST', `/customers/${id}/stage`, {
      token: sales.token,
      payload: { to: 'SAL' },
    });
    expect(accepted.status).toBe(200);
    expect(await stageOf(id)).toBe('SAL');
  });

  it('shows what the real scorer made of a pushed lead: filters find it, its lines add up', async () => {
    const event = await createEvent(pool, { name: '工业自动化展' });
    const device = await enrollDevice(pool, event.id);
    const lead = personOf(event.id, {
      name: '赵总监',
      phone: '+8613900139001',
      title: '总监',
      companySize: '500+',
      province: '上海',
    });
    const threeDaysAgo = Date.now() - 3 * DAY_MS;
    expect((await push(pool, device, 'people', [lead])).statusCode).toBe(200);
    const pushed = await push(pool, device, 'interactions', [
      factOf(event.id, lead.id, 'checked_in', threeDaysAgo),
      factOf(event.id, lead.id, 'demo_requested', threeDaysAgo),
    ]);
    expect(pushed.statusCode).toBe(200);

    const found = await list(
      `eventId=${event.id}&stage=MQL&tag=seniority:director&tag=region:east&province=${encodeURIComponent('上海')}&sort=score`,
    );
    expect(found.customers).toHaveLength(1);
    const [summary] = found.customers;
    const { body } = await call('GET', `/customers/${summary?.id}?lang=zh-CN`);
    const detail = body as CustomerDetailResponse;
    expect(detail).toMatchObject({
      grade: summary?.grade,
      score: summary?.score,
      stage: 'MQL',
      queue: DEFAULT_CONFIG.routing.defaultQueue,
    });
    const sum = (axis: 'fit' | 'engagement') =>
      detail.explanation.filter((l) => l.axis === axis).reduce((n, l) => n + l.points, 0);
    expect(detail.score).toBeGreaterThan(0);
    expect(sum('engagement')).toBe(detail.score);
    expect(sum('fit')).toBe(detail.fitPoints);
    expect(detail.explanation.map((l) => l.label)).toContain('+20 职位: 总监');
    expect(detail.explanation.some((l) => l.label.includes('申请演示 · 3 天前'))).toBe(true);
    expect(detail.history.map((h) => [h.kind, h.from, h.to, h.who])).toEqual([
      ['stage', 'RL', 'MQL', 'system'],
      ['owner', null, null, 'system'],
    ]);
  });
});
