import { afterAll, describe, expect, it, vi } from 'vitest';
import type { EnrollmentCodesResponse, EventResponse, WebhookCreatedResponse } from '../shared/api';
import { newId } from '../shared/ids';
import { personOf } from './security/security.test-kit';
import { freePort, isolatedPoolEnv, PoolProcess, sleep } from './pool-process.test-kit';
import { startWebhookReceiver } from './services/webhook-receiver.test-kit';

/**
 * The pool killed (SIGKILL) while a receiver holds a webhook delivery open, then started again on
 * the same data: the message is delivered by the new process with the same webhook-id and body,
 * so a receiver that deduplicates by id processes the event once. The real pool binary, a real
 * receiver verifying with the standardwebhooks library, PGlite on disk or PostgreSQL.
 */

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const ADMIN_TOKEN = `lpu_webhook-fault-admin-${newId()}`;

describe('pool killed in the middle of a webhook delivery', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('delivers the event again after the restart, under the same webhook-id, processed once', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const env = await isolatedPoolEnv(ADMIN_TOKEN, cleanups);
    const port = await freePort();
    const pool = new PoolProcess(port, {
      ...env,
      LEADPOND_POOL_PORT: String(port),
      LEADPOND_WEBHOOK_ALLOW_HOSTS: new URL(receiver.url).host,
      // A short timeout makes a short lease: the restarted pool takes the claim over in seconds.
      LEADPOND_WEBHOOK_TIMEOUT_SECONDS: '2',
    });
    cleanups.push(() => pool.kill());
    await pool.start();

    const { secret } = await pool.admin<WebhookCreatedResponse>('POST', '/webhooks', {
      url: receiver.url,
      events: ['customer.created'],
    });
    receiver.secrets.push(secret);
    const { event } = await pool.admin<EventResponse>('POST', '/events', {
      name: 'Webhook Expo',
      startsOn: '2026-06-01',
      endsOn: '2026-06-02',
    });
    const issued = await pool.admin<EnrollmentCodesResponse>(
      'POST',
      `/events/${event.id}/enrollment-codes`,
      { count: 1 },
    );
    const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: issued.codes[0]?.code }),
    });
    const { token } = (await enrolled.json()) as { token: string };

    const held = receiver.holdNext();
    const person = personOf(event.id, { name: '吴刚', phone: '13200132000' });
    const pushed = await fetch(`${pool.url}/api/v1/sync/people/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ newDocumentState: { ...person, _deleted: false } }]),
    });
    expect(pushed.status).toBe(200);
    // The delivery is on the wire, unanswered: the pool dies now.
    await held;
    await pool.kill();
    receiver.release();
    await pool.start();

    for (let waited = 0; receiver.processed().size === 0 && waited < 60_000; waited += 250) {
      await sleep(250);
    }
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(receiver.received.map((entry) => entry.id)).size).toBe(1);
    expect(new Set(receiver.received.map((entry) => JSON.stringify(entry.body))).size).toBe(1);
    expect(receiver.received.every((entry) => entry.verifiedWith.length === 1)).toBe(true);
    const processed = [...receiver.processed().values()];
    expect(processed).toHaveLength(1);
    expect(processed[0]?.type).toBe('customer.created');
    expect(processed[0]?.body.data.customer).toMatchObject({ profile: { name: '吴刚' } });
  });
});
