import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../shared/intelligence';
import { openScene, personOf, push, type Scene } from '../security/security.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { bearer } from '../routes/routes.test-kit';
import { createFollowUpWorker } from './follow-up-worker';
import { createMailWorker } from './mail-worker';
import { decodedParts, startTestSmtp, subjectOf, type TestSmtp } from './mail-worker.test-kit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const HOUR = 3_600_000;

describe('follow-up mails: routed, SLA reminder, escalation — each once', () => {
  let pool: TestPool;
  let scene: Scene;
  let smtp: TestSmtp;
  let now = Date.parse('2026-12-02T02:00:00Z');
  const clock = () => now;
  const users = {
    sales: { id: newId(), email: `wang-${newId()}@example.com`, name: '王销售' },
    lead: { id: newId(), email: `li-${newId()}@example.com`, name: '李经理' },
  };

  beforeAll(async () => {
    pool = await startTestPool({ clock });
    await pool.listen();
    smtp = await startTestSmtp();
    scene = await openScene(pool);
    for (const [role, user] of [
      ['sales', users.sales],
      ['sales', users.lead],
    ] as const) {
      await pool.db.query(
        'insert into users (id, name, role, email, created_at) values ($1, $2, $3, $4, 0)',
        [user.id, user.name, role, user.email],
      );
    }
    const config: IntelligenceConfig = {
      ...DEFAULT_CONFIG,
      routing: {
        ...DEFAULT_CONFIG.routing,
        // A walk-in with no title or company size is a D: give D a deadline too.
        slaHours: { ...DEFAULT_CONFIG.routing.slaHours, D: 48 },
        rules: [
          {
            id: 'east',
            name: '华东',
            when: {
              regions: [],
              provinces: [],
              industries: [],
              interests: [],
              sizes: [],
              grades: [],
            },
            assign: {
              kind: 'team',
              members: [users.sales.id],
              strategy: 'round_robin',
              lead: users.lead.id,
            },
          },
        ],
      },
    };
    const saved = await pool.app.inject({
      method: 'PUT',
      url: '/api/v1/intelligence/config',
      headers: bearer(scene.marketing),
      payload: { config, baseRevision: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => {
    await smtp.close();
    await pool.close();
  });

  const outbox = () =>
    pool.db.query<{ kind: string; to_address: string }>(
      'select kind, to_address from mail_outbox order by created_at, id',
    );

  it('tells the owner once, reminds them before the deadline, escalates to the team lead after', async () => {
    const person = personOf(scene.eventA.id, {
      name: '郑晓',
      phone: '13100131000',
      company: '远景能源',
    });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    const [link] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [person.id],
    );
    const customerId = link?.customer_id ?? '';
    const moved = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/stage`,
      headers: bearer(scene.marketing),
      payload: { to: 'MQL', why: '现场要求报价' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const [customer] = await pool.db.query<{ owner: string; sla_due_at: number }>(
      'select owner, sla_due_at from customers where id = $1',
      [customerId],
    );
    expect(customer?.owner).toBe(users.sales.id);
    const dueAt = Number(customer?.sla_due_at);
    expect(await outbox()).toEqual([{ kind: 'lead_routed', to_address: users.sales.email }]);

    const watcher = createFollowUpWorker({ db: pool.db, clock, reminderBeforeMs: HOUR });
    // Hours before the deadline: nothing yet.
    now = dueAt - 3 * HOUR;
    expect(await watcher.runOnce()).toBe(0);
    // Within the last hour: one reminder to the owner, however often the watcher looks.
    now = dueAt - 30 * 60_000;
    expect(await watcher.runOnce()).toBe(1);
    expect(await watcher.runOnce()).toBe(0);
    // Past it, still not accepted: one escalation to the team lead.
    now = dueAt + 60_000;
    expect(await watcher.runOnce()).toBe(1);
    now += HOUR;
    expect(await watcher.runOnce()).toBe(0);
    await watcher.stop();
    expect(await outbox()).toEqual([
      { kind: 'lead_routed', to_address: users.sales.email },
      { kind: 'sla_reminder', to_address: users.sales.email },
      { kind: 'sla_escalation', to_address: users.lead.email },
    ]);

    const sender = createMailWorker({
      db: pool.db,
      clock,
      publicUrl: () => pool.url,
      smtpUrl: smtp.url,
      from: 'Leadpond <pool@leadpond.test>',
      tickMs: 60_000,
    });
    expect(await sender.runOnce()).toBe(3);
    await sender.stop();
    const bySubject = (start: string) => smtp.received.find((m) => subjectOf(m).startsWith(start));
    const routed = bySubject('新线索分配给您');
    expect(subjectOf(routed!)).toBe('新线索分配给您：郑晓（远景能源）');
    expect(routed?.to).toEqual([users.sales.email]);
    expect(decodedParts(routed!.raw).join('\n')).toContain(
      `${pool.url}/app/#/customers/${customerId}`,
    );
    expect(bySubject('跟进即将超时')?.to).toEqual([users.sales.email]);
    const escalation = bySubject('跟进已超时');
    expect(subjectOf(escalation!)).toBe('跟进已超时：郑晓（远景能源），负责人 王销售');
    expect(escalation?.to).toEqual([users.lead.email]);
  });
});
