import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebhookCreatedResponse, WebhookDeliveriesResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { openScene, personOf, push, type Scene } from '../security/security.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { startWebhookReceiver, type WebhookReceiver } from '../services/webhook-receiver.test-kit';
import { deliveryRefusal, parseAllowHosts, targetRefusal } from '../services/webhook-targets';
import { createWebhookWorker, type WebhookWorkerOptions } from '../services/webhook-worker';
import { bearer } from './routes.test-kit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

describe('webhook targets', () => {
  const none = parseAllowHosts(undefined);

  it('refuses plain http, loopback, private networks and credentials unless allowed by host:port', () => {
    for (const url of [
      'http://crm.example.com/hook',
      'https://localhost/hook',
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://192.168.0.10:8443/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://user:pw@crm.example.com/hook',
    ]) {
      expect(targetRefusal(url, none), url).not.toBeNull();
    }
    expect(targetRefusal('https://crm.example.com/hook', none)).toBeNull();
    const allowed = parseAllowHosts('127.0.0.1:9000, crm.intranet:80');
    expect(targetRefusal('http://127.0.0.1:9000/hook', allowed)).toBeNull();
    expect(targetRefusal('http://crm.intranet/hook', allowed)).toBeNull();
    expect(targetRefusal('http://127.0.0.1:9001/hook', allowed)).not.toBeNull();
  });

  it('refuses at delivery a public name that resolves to a private address', async () => {
    const dns = (address: string) => async () => [address];
    expect(await deliveryRefusal('https://crm.example.com/h', none, dns('10.0.0.5'))).toMatch(
      /private/,
    );
    expect(await deliveryRefusal('https://crm.example.com/h', none, dns('::1'))).toMatch(/private/);
    expect(
      await deliveryRefusal('https://crm.example.com/h', none, dns('93.184.216.34')),
    ).toBeNull();
  });
});

describe('webhooks from the pool to a receiver', () => {
  let pool: TestPool;
  let scene: Scene;
  let receiver: WebhookReceiver;
  let now = Date.now();
  const clock = () => now;
  const workers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    pool = await startTestPool({ clock, webhookTargets: receiver.policy });
    scene = await openScene(pool);
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    await pool.db.query('delete from webhooks');
    receiver.received.length = 0;
    receiver.secrets.length = 0;
  });
  afterAll(async () => {
    await pool.close();
    await receiver.close();
  });

  function worker(options: Partial<WebhookWorkerOptions> = {}) {
    const created = createWebhookWorker({
      db: pool.db,
      clock,
      newId,
      policy: receiver.policy,
      retryScheduleMs: [1_000, 1_000, 1_000],
      ...options,
    });
    workers.push(created);
    return created;
  }

  async function subscribe(events: string[], token = pool.adminToken) {
    const created = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: bearer(token),
      payload: { url: receiver.url, events },
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<WebhookCreatedResponse>();
    receiver.secrets.push(body.secret);
    return body;
  }

  async function deliveries(webhookId: string) {
    const answer = await pool.app.inject({
      url: `/api/v1/webhooks/${webhookId}/deliveries`,
      headers: bearer(pool.adminToken),
    });
    return answer.json<WebhookDeliveriesResponse>().attempts;
  }

  it('a capture, a stage move and a tag edit each reach the receiver once, signed, with the customer', async () => {
    const { webhook, secret } = await subscribe([
      'customer.created',
      'customer.updated',
      'lead.stage_changed',
    ]);
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown at creation only.
    const listed = await pool.app.inject({
      url: '/api/v1/webhooks',
      headers: bearer(pool.adminToken),
    });
    expect(listed.body).not.toContain(secret);
    expect(listed.json().webhooks[0]).toMatchObject({ id: webhook.id, url: receiver.url });

    const person = personOf(scene.eventA.id, { name: '王芳', phone: '13700137000' });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    // The booth retries the same push (its answer was lost): nothing is sent twice.
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    const sender = worker();
    await sender.runOnce();
    const created = [...receiver.processed().values()];
    expect(created.map((entry) => entry.type)).toEqual(['customer.created']);
    expect(created[0]?.verifiedWith).toEqual([0]);
    const customer = created[0]?.body.data.customer as { id: string; profile: { name: string } };
    expect(customer.profile.name).toBe('王芳');

    const moved = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/stage`,
      headers: bearer(scene.marketing),
      payload: { to: 'MQL', why: '展会上要求演示' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const tagged = await pool.app.inject({
      method: 'PUT',
      url: `/api/v1/customers/${customer.id}/tags`,
      headers: bearer(scene.marketing),
      payload: { manual: ['重点客户'] },
    });
    expect(tagged.statusCode, tagged.body).toBe(200);
    await sender.runOnce();
    await sender.runOnce();

    const types = [...receiver.processed().values()].map((entry) => entry.type);
    expect(types.filter((type) => type === 'customer.created')).toHaveLength(1);
    expect(types.filter((type) => type === 'lead.stage_changed')).toHaveLength(1);
    expect(types).toContain('customer.updated');
    const stage = [...receiver.processed().values()].find(
      (entry) => entry.type === 'lead.stage_changed',
    );
    expect(stage?.body.data).toMatchObject({ from: 'RL', to: 'MQL', why: '展会上要求演示' });
    expect(stage?.body.data.customer).toMatchObject({ id: customer.id, stage: 'MQL' });
    expect(receiver.received.every((entry) => entry.verifiedWith.length === 1)).toBe(true);
    // Nothing was delivered twice and nothing waits.
    expect(receiver.received).toHaveLength(receiver.processed().size);
    expect((await deliveries(webhook.id)).every((attempt) => attempt.ok)).toBe(true);
  });

  it('answered 500 twice, the message comes a third time with the same webhook-id and body', async () => {
    const { webhook } = await subscribe(['customer.created']);
    receiver.failNext(500, 500);
    const person = personOf(scene.eventA.id, { name: '赵磊', phone: '13600136000' });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    const sender = worker();
    for (let attempt = 0; attempt < 3; attempt++) {
      await sender.runOnce();
      now += 1_000;
    }
    expect(receiver.received.map((entry) => entry.answered)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((entry) => entry.id)).size).toBe(1);
    expect(new Set(receiver.received.map((entry) => JSON.stringify(entry.body))).size).toBe(1);
    expect(receiver.processed().size).toBe(1);
    const log = await deliveries(webhook.id);
    expect(log.map((attempt) => [attempt.attempt, attempt.statusCode])).toEqual([
      [3, 200],
      [2, 500],
      [1, 500],
    ]);
    expect(log[2]?.excerpt).toBe('answer 500');
  });

  it('a webhook failing too long is disabled and the admins mailed; enabled and replayed, it delivers', async () => {
    const admin = await pool.db.query<{ id: string }>(
      `insert into users (id, name, role, email, created_at)
       values ($1, 'Admin', 'admin', $2, 0) returning id`,
      [newId(), `admin-${newId()}@example.com`],
    );
    expect(admin).toHaveLength(1);
    const { webhook } = await subscribe(['customer.created']);
    receiver.failNext(500, 500, 500, 500);
    const person = personOf(scene.eventA.id, { name: '钱程', phone: '13500135000' });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    const sender = worker({ disableAfterMs: 2_500 });
    for (let attempt = 0; attempt < 4; attempt++) {
      await sender.runOnce();
      now += 1_000;
    }
    // Attempts at +0, +1 s, +2 s fail; the one at +3 s finds it failing for 3 s and disables it.
    const listed = await pool.app.inject({
      url: '/api/v1/webhooks',
      headers: bearer(pool.adminToken),
    });
    const [state] = listed.json().webhooks as {
      disabledAt: number | null;
      disabledReason: string;
    }[];
    expect(state?.disabledAt).not.toBeNull();
    expect(state?.disabledReason).toMatch(/no successful delivery since/);
    const mails = await pool.db.query<{ kind: string; payload: { url: string } }>(
      `select kind, payload from mail_outbox where kind = 'webhook_disabled'`,
    );
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails[0]?.payload.url).toBe(receiver.url);
    // Disabled: no more attempts, however long.
    now += 60_000;
    await sender.runOnce();
    expect(receiver.received).toHaveLength(4);

    const [failed] = await deliveries(webhook.id);
    expect(failed?.messageStatus).toBe('failed');
    const enabled = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/enable`,
      headers: bearer(pool.adminToken),
    });
    expect(enabled.statusCode).toBe(200);
    const replay = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/messages/${failed?.messageId}/replay`,
      headers: bearer(pool.adminToken),
    });
    expect(replay.statusCode).toBe(202);
    await sender.runOnce();
    expect(receiver.received.at(-1)).toMatchObject({ id: failed?.messageId, answered: 200 });
    expect(receiver.processed().size).toBe(1);
  });

  it('after a rotation both secrets sign, so a receiver can switch without losing a delivery', async () => {
    const { webhook } = await subscribe(['customer.created']);
    const rotated = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/rotate`,
      headers: bearer(pool.adminToken),
    });
    expect(rotated.statusCode).toBe(200);
    receiver.secrets.push(rotated.json().secret as string);
    const person = personOf(scene.eventA.id, { name: '孙悦', phone: '13400134000' });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    await worker().runOnce();
    expect(receiver.received.map((entry) => entry.verifiedWith)).toEqual([[0, 1]]);
  });

  it('an erased customer is announced without their profile, and what waited for them is dropped', async () => {
    await subscribe(['customer.updated', 'customer.erased']);
    const person = personOf(scene.eventA.id, { name: '周密', phone: '13300133000' });
    expect((await push(pool, scene.deviceA, 'people', [person])).statusCode).toBe(200);
    const [row] = await pool.db.query<{ customer_id: string }>(
      'select customer_id from customer_people where person_id = $1',
      [person.id],
    );
    const customerId = row?.customer_id ?? '';
    const waiting = await pool.db.query('select id from webhook_messages where customer_id = $1', [
      customerId,
    ]);
    expect(waiting).toHaveLength(1);
    const erased = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/erase`,
      headers: bearer(pool.adminToken),
    });
    expect(erased.statusCode, erased.body).toBe(200);
    await worker().runOnce();
    expect(receiver.received.map((entry) => entry.type)).toEqual(['customer.erased']);
    const [announced] = receiver.received;
    expect(announced?.body.data).toMatchObject({ customerId, customer: null });
    expect(JSON.stringify(announced?.body)).not.toContain('周密');
    expect(JSON.stringify(announced?.body)).not.toContain('13300133000');
  });

  it('refuses a loopback target the pool was not told to allow, and any caller but an admin', async () => {
    const refused = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: bearer(pool.adminToken),
      payload: { url: 'https://127.0.0.1:1/hooks', events: ['customer.created'] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('webhook_target_refused');
    const byMarketing = await pool.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: bearer(scene.marketing),
      payload: { url: receiver.url, events: ['customer.created'] },
    });
    expect(byMarketing.statusCode).toBe(403);
    expect(await pool.db.query('select id from webhooks')).toEqual([]);
  });
});
