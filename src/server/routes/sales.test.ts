import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  CustomerDetailResponse,
  CustomerListResponse,
  FollowUpTask,
  InboxResponse,
  TaskListResponse,
  TaskResponse,
} from '../../shared/api';
import { newId } from '../../shared/ids';
import { DEFAULT_CONFIG, type IntelligenceConfig, type Stage } from '../../shared/intelligence';
import { EMPTY_QUALIFICATION_FIELDS, qualificationId } from '../../shared/schemas';
import { personOf, push } from '../security/security.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const HOUR = 3_600_000;

/**
 * The sales inbox, returns with a reason, follow-up tasks and reassignment through the real
 * routes on real PGlite. Attacks are judged by the victim's lead: its stage, owner, tasks and
 * history are the same after a refused call as before.
 */
describe('sales follow-up: inbox, return, tasks, reassignment', () => {
  let pool: TestPool;
  let sales: { id: string; token: string };
  let otherSales: { id: string; token: string };
  let teamLead: { id: string; token: string };
  let marketing: { id: string; token: string };

  beforeAll(async () => {
    pool = await startTestPool();
    sales = await createUser(pool, 'sales');
    otherSales = await createUser(pool, 'sales');
    teamLead = await createUser(pool, 'sales');
    marketing = await createUser(pool, 'marketing');
    for (const [user, email] of [
      [sales, 'wang@example.com'],
      [otherSales, 'zhao@example.com'],
      [teamLead, 'li@example.com'],
    ] as const) {
      await pool.db.query('update users set email = $2 where id = $1', [user.id, email]);
    }
    // Team 东区: sales and otherSales, led by teamLead; 上海 leads go to sales.
    const config: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      routing: {
        ...DEFAULT_CONFIG.routing,
        slaHours: { ...DEFAULT_CONFIG.routing.slaHours, D: 48 },
        rules: [
          {
            id: 'shanghai',
            name: '上海',
            when: {
              regions: [],
              provinces: ['上海'],
              industries: [],
              interests: [],
              sizes: [],
              grades: [],
            },
            assign: { kind: 'owner', owner: sales.id },
          },
          {
            id: 'east-team',
            name: '东区团队',
            when: {
              regions: [],
              provinces: ['浙江'],
              industries: [],
              interests: [],
              sizes: [],
              grades: [],
            },
            assign: {
              kind: 'team',
              members: [sales.id, otherSales.id],
              strategy: 'round_robin',
              lead: teamLead.id,
            },
          },
        ],
      },
    };
    const current = await call('GET', '/intelligence/config');
    const saved = await call('PUT', '/intelligence/config', {
      payload: { config, baseRevision: (current.body as { revision: number }).revision },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
  afterAll(async () => {
    await pool.close();
  });

  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    options: { token?: string; payload?: unknown } = {},
  ) {
    const response = await pool.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(options.token ?? pool.adminToken),
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    });
    return { status: response.statusCode, body: response.json() as unknown };
  }

  async function seed(row: {
    owner: string | null;
    stage?: Stage;
    slaDueAt?: number | null;
    name?: string;
  }): Promise<string> {
    const id = newId();
    const at = Date.now();
    await pool.db.query(
      `insert into customers (id, profile, created_at, updated_at, stage, owner, sla_due_at)
       values ($1, $2, $3, $3, $4, $5, $6)`,
      [
        id,
        JSON.stringify({ name: row.name ?? `客户 ${id.slice(-4)}`, company: '华东机电' }),
        at,
        row.stage ?? 'MQL',
        row.owner,
        row.slaDueAt ?? null,
      ],
    );
    return id;
  }

  /** Everything a refused call must leave as it was. */
  async function leadState(id: string) {
    const [row] = await pool.db.query<{
      stage: string;
      owner: string | null;
      return_reason: string | null;
    }>('select stage, owner, return_reason from customers where id = $1', [id]);
    const changes = await pool.db.query(
      'select kind, from_value, to_value, who from customer_changes where customer_id = $1 order by at, id',
      [id],
    );
    const tasks = await pool.db.query(
      'select id, owner, title, due_at, done_at from follow_up_tasks where customer_id = $1 order by id',
      [id],
    );
    const facts = await pool.db.query('select type from customer_facts where customer_id = $1', [
      id,
    ]);
    return { row, changes, tasks, facts };
  }

  const inbox = async (token: string) => {
    const { status, body } = await call('GET', '/sales/inbox', { token });
    expect(status, JSON.stringify(body)).toBe(200);
    return body as InboxResponse;
  };

  it("lists a user's open leads, MQLs by SLA with overdue on top, then accepted ones by their task", async () => {
    const now = Date.now();
    const later = await seed({ owner: sales.id, slaDueAt: now + 5 * HOUR });
    const overdue = await seed({ owner: sales.id, slaDueAt: now - 2 * HOUR });
    const noDeadline = await seed({ owner: sales.id, slaDueAt: null });
    const accepted = await seed({ owner: sales.id, stage: 'SAL', slaDueAt: now - 9 * HOUR });
    await seed({ owner: sales.id, stage: 'nurture', slaDueAt: now - 9 * HOUR });
    const theirs = await seed({ owner: otherSales.id, slaDueAt: now - 3 * HOUR });
    await call('POST', `/customers/${accepted}/tasks`, {
      token: sales.token,
      payload: { title: '发报价', dueAt: now + 2 * HOUR },
    });

    const mine = (await inbox(sales.token)).leads.filter((lead) =>
      [later, overdue, noDeadline, accepted, theirs].includes(lead.id),
    );
    expect(mine.map((lead) => lead.id)).toEqual([overdue, later, noDeadline, accepted]);
    expect(mine[0]?.due).toEqual({ kind: 'sla', at: now - 2 * HOUR });
    expect(mine[3]?.due).toEqual({ kind: 'task', at: now + 2 * HOUR });
    expect(mine[3]?.tasks.map((task) => task.title)).toEqual(['发报价']);

    // The team lead sees the whole team's; the other member only their own.
    const led = (await inbox(teamLead.token)).leads.map((lead) => lead.id);
    expect(led).toEqual(expect.arrayContaining([overdue, theirs]));
    const member = (await inbox(otherSales.token)).leads.map((lead) => lead.id);
    expect(member).toContain(theirs);
    expect(member).not.toContain(overdue);
    // And the team lead may open a member's lead, the member not another's.
    expect((await call('GET', `/customers/${overdue}`, { token: teamLead.token })).status).toBe(
      200,
    );
    expect((await call('GET', `/customers/${overdue}`, { token: otherSales.token })).status).toBe(
      404,
    );
    const list = (await call('GET', '/customers?limit=200', { token: teamLead.token }))
      .body as CustomerListResponse;
    expect(list.customers.map((c) => c.id)).toEqual(expect.arrayContaining([overdue, theirs]));
  });

  it('accepts (→ SAL) and qualifies (→ SQL), each recorded with who and when', async () => {
    const id = await seed({ owner: sales.id });
    const before = Date.now();
    for (const to of ['SAL', 'SQL'] as const) {
      const moved = await call('POST', `/customers/${id}/stage`, {
        token: sales.token,
        payload: { to },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const detail = (await call('GET', `/customers/${id}`)).body as CustomerDetailResponse;
    expect(detail.stage).toBe('SQL');
    expect(detail.history.map(({ from, to, who }) => [from, to, who])).toEqual([
      ['MQL', 'SAL', sales.id],
      ['SAL', 'SQL', sales.id],
    ]);
    for (const change of detail.history) expect(change.at).toBeGreaterThanOrEqual(before);
    expect(detail.userNames[sales.id]).toBe('sales user');
  });

  it('refuses a return without a reason from the list, or "other" without words; the lead stays', async () => {
    const id = await seed({ owner: sales.id });
    const before = await leadState(id);
    for (const payload of [
      {},
      { note: '预算明年才有' },
      { reason: 'not_a_reason', note: 'x' },
      { reason: 'other' },
      { reason: 'other', note: '   ' },
    ]) {
      const answer = await call('POST', `/customers/${id}/return`, {
        token: sales.token,
        payload,
      });
      expect(answer.status, JSON.stringify(payload)).toBe(400);
    }
    expect(await leadState(id)).toEqual(before);
  });

  it('returns a lead with a reason: nurture, shown to marketing in the 360 and list, a negative score line', async () => {
    const id = await seed({ owner: sales.id, stage: 'SAL', name: '退回测试' });
    const returned = await call('POST', `/customers/${id}/return`, {
      token: sales.token,
      payload: { reason: 'no_budget', note: '预算明年才有' },
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);

    const detail = (await call('GET', `/customers/${id}?lang=en`, { token: marketing.token }))
      .body as CustomerDetailResponse;
    expect(detail.stage).toBe('nurture');
    expect(detail.returned).toMatchObject({
      reason: 'no_budget',
      note: '预算明年才有',
      by: sales.id,
      byName: 'sales user',
    });
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'stage',
      from: 'SAL',
      to: 'nurture',
      who: sales.id,
      why: 'no_budget: 预算明年才有',
    });
    const penalty = detail.explanation.find((line) => line.points < 0);
    expect(penalty?.points).toBe(-30);

    const list = (
      await call('GET', `/customers?q=${encodeURIComponent('退回测试')}`, {
        token: marketing.token,
      })
    ).body as CustomerListResponse;
    expect(list.customers[0]?.returned).toMatchObject({
      reason: 'no_budget',
      note: '预算明年才有',
    });
    // It left the inbox.
    expect((await inbox(sales.token)).leads.map((lead) => lead.id)).not.toContain(id);
  });

  it("refuses a sales user every action on another's lead, and the lead is unchanged", async () => {
    const victim = await seed({ owner: otherSales.id });
    const added = await call('POST', `/customers/${victim}/tasks`, {
      token: otherSales.token,
      payload: { title: '回电话', dueAt: Date.now() + HOUR },
    });
    const victimTask = (added.body as TaskResponse).task;
    const before = await leadState(victim);

    const attempts = [
      call('POST', `/customers/${victim}/stage`, { token: sales.token, payload: { to: 'SAL' } }),
      call('POST', `/customers/${victim}/return`, {
        token: sales.token,
        payload: { reason: 'no_need', note: '' },
      }),
      call('POST', `/customers/${victim}/owner`, {
        token: sales.token,
        payload: { to: sales.id, why: '我来跟' },
      }),
      call('POST', `/customers/${victim}/tasks`, {
        token: sales.token,
        payload: { title: '插一条', dueAt: Date.now() },
      }),
      call('GET', `/customers/${victim}/tasks`, { token: sales.token }),
      call('PATCH', `/tasks/${victimTask.id}`, { token: sales.token, payload: { done: true } }),
      call('PATCH', `/tasks/${victimTask.id}`, { token: sales.token, payload: { dueAt: 0 } }),
    ];
    for (const answer of await Promise.all(attempts)) expect(answer.status).toBe(404);
    // A member of the team is no team lead: they may not reassign even their own lead.
    const own = await seed({ owner: sales.id });
    const ownBefore = await leadState(own);
    const grab = await call('POST', `/customers/${own}/owner`, {
      token: sales.token,
      payload: { to: otherSales.id, why: '太忙' },
    });
    expect(grab.status).toBe(403);
    expect(await leadState(victim)).toEqual(before);
    expect(await leadState(own)).toEqual(ownBefore);
  });

  it('adds, completes and re-dates tasks; only the owner side may', async () => {
    const id = await seed({ owner: sales.id });
    const due = Date.now() + 24 * HOUR;
    const added = await call('POST', `/customers/${id}/tasks`, {
      token: sales.token,
      payload: { title: '  约演示  ', dueAt: due },
    });
    expect(added.status).toBe(201);
    const task = (added.body as TaskResponse).task;
    expect(task).toMatchObject({ title: '约演示', dueAt: due, owner: sales.id, doneAt: null });
    expect(
      (await call('POST', `/customers/${id}/tasks`, { token: sales.token, payload: { title: '' } }))
        .status,
    ).toBe(400);

    const redated = await call('PATCH', `/tasks/${task.id}`, {
      token: sales.token,
      payload: { dueAt: due + HOUR },
    });
    expect((redated.body as TaskResponse).task.dueAt).toBe(due + HOUR);
    const done = await call('PATCH', `/tasks/${task.id}`, {
      token: sales.token,
      payload: { done: true },
    });
    expect((done.body as TaskResponse).task).toMatchObject({ doneBy: sales.id });
    expect((done.body as TaskResponse).task.doneAt).not.toBeNull();
    const listed = (await call('GET', `/customers/${id}/tasks`, { token: marketing.token }))
      .body as TaskListResponse;
    expect(listed.tasks.map((t) => [t.title, t.doneAt !== null])).toEqual([['约演示', true]]);
    // A done task is no longer the inbox's.
    const row = (await inbox(sales.token)).leads.find((lead) => lead.id === id);
    expect(row?.tasks).toEqual([]);
  });

  it("makes the booth's next step a task of the owner when the lead is routed, once", async () => {
    const event = await createEvent(pool, { name: '华东工业展' });
    const device = await enrollDevice(pool, event.id);
    const walkIn = personOf(event.id, {
      name: '钱经理',
      phone: '+8613900139123',
      province: '上海',
    });
    expect((await push(pool, device, 'people', [walkIn])).statusCode).toBe(200);
    const at = Date.now();
    const qualification = {
      ...EMPTY_QUALIFICATION_FIELDS,
      id: qualificationId(event.id, walkIn.id),
      eventId: event.id,
      personId: walkIn.id,
      rating: 'hot',
      nextStep: 'demo',
      notes: [],
      fieldUpdatedAt: { rating: at, nextStep: at },
      updatedAt: at,
    };
    expect((await push(pool, device, 'qualifications', [qualification])).statusCode).toBe(200);

    const [customer] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [walkIn.id],
    );
    const id = customer!.customer_id;
    const detail = (await call('GET', `/customers/${id}`, { token: sales.token }))
      .body as CustomerDetailResponse;
    expect(detail).toMatchObject({ stage: 'MQL', owner: sales.id });
    const tasks = (
      (await call('GET', `/customers/${id}/tasks`, { token: sales.token })).body as TaskListResponse
    ).tasks;
    expect(tasks.map((t) => [t.nextStep, t.owner, t.dueAt])).toEqual([
      ['demo', sales.id, detail.slaDueAt],
    ]);
    const fromInbox = (await inbox(sales.token)).leads.find((lead) => lead.id === id);
    expect(fromInbox?.tasks.map((t: FollowUpTask) => t.nextStep)).toEqual(['demo']);

    // Back to nurture and routed again: the step is still one task.
    await call('POST', `/customers/${id}/return`, {
      token: sales.token,
      payload: { reason: 'too_early', note: '' },
    });
    await call('POST', `/customers/${id}/stage`, { payload: { to: 'MQL', why: '重新跟进' } });
    const again = await pool.db.query('select 1 from follow_up_tasks where customer_id = $1', [id]);
    expect(again).toHaveLength(1);
  });

  it('records a reassignment (who, from, to, when, why), mails the new owner once, fires lead.routed', async () => {
    await pool.db.query(
      `insert into webhooks (id, url, events, secret, created_by, created_at)
       values ($1, 'https://crm.example/hook', $2, 'whsec_test', 'admin', 0)`,
      [`wh_${newId()}`, ['lead.routed']],
    );
    const id = await seed({ owner: sales.id });
    const task = (
      (
        await call('POST', `/customers/${id}/tasks`, {
          token: sales.token,
          payload: { title: '回访', dueAt: Date.now() + HOUR },
        })
      ).body as TaskResponse
    ).task;
    const before = Date.now();
    const moved = await call('POST', `/customers/${id}/owner`, {
      token: marketing.token,
      payload: { to: otherSales.id, why: '王休假' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const again = await call('POST', `/customers/${id}/owner`, {
      token: marketing.token,
      payload: { to: otherSales.id, why: '再点一次' },
    });
    expect(again.status).toBe(409);

    const detail = (await call('GET', `/customers/${id}`, { token: otherSales.token }))
      .body as CustomerDetailResponse;
    const record = detail.history.at(-1);
    expect(record).toMatchObject({
      kind: 'owner',
      from: sales.id,
      to: otherSales.id,
      who: marketing.id,
      why: '王休假',
    });
    expect(record!.at).toBeGreaterThanOrEqual(before);
    expect(detail.userNames[marketing.id]).toBe('marketing user');
    const mails = await pool.db.query<{ to_address: string }>(
      `select to_address from mail_outbox where kind = 'lead_routed' and payload->>'customerId' = $1`,
      [id],
    );
    expect(mails.map((m) => m.to_address)).toEqual(['zhao@example.com']);
    const hooks = await pool.db.query<{ data: { to: string; who: string } }>(
      `select data from webhook_messages where event_type = 'lead.routed' and customer_id = $1`,
      [id],
    );
    expect(hooks.map((h) => [h.data.to, h.data.who])).toEqual([[otherSales.id, marketing.id]]);
    // The open task went with the lead; the old owner no longer sees it.
    const [moved_task] = await pool.db.query<{ owner: string }>(
      'select owner from follow_up_tasks where id = $1',
      [task.id],
    );
    expect(moved_task?.owner).toBe(otherSales.id);
    expect((await call('GET', `/customers/${id}`, { token: sales.token })).status).toBe(404);
  });

  it('lets a team lead reassign within the team only', async () => {
    const id = await seed({ owner: otherSales.id });
    const assignees = (await call('GET', '/sales/assignees', { token: teamLead.token })).body as {
      assignees: { id: string }[];
    };
    expect(assignees.assignees.map((a) => a.id).sort()).toEqual(
      [sales.id, otherSales.id, teamLead.id].sort(),
    );
    const outside = await call('POST', `/customers/${id}/owner`, {
      token: teamLead.token,
      payload: { to: marketing.id, why: '给市场' },
    });
    expect(outside.status).toBe(403);
    expect((await leadState(id)).row?.owner).toBe(otherSales.id);
    const inside = await call('POST', `/customers/${id}/owner`, {
      token: teamLead.token,
      payload: { to: sales.id, why: '平衡负载' },
    });
    expect(inside.status).toBe(200);
    expect((await leadState(id)).row?.owner).toBe(sales.id);
    expect((await call('GET', '/sales/assignees', { token: sales.token })).status).toBe(403);
  });
});
