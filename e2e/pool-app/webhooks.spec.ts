import { expect, test } from '@playwright/test';
import { newId } from '../../src/shared/ids';
import { webhooks } from '../../src/shared/i18n/pool/webhooks';
import { shell } from '../../src/shared/i18n/pool/shell';
import { createPerson } from '../../src/shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT } from '../../src/shared/schemas';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/server/services/webhook-receiver.test-kit';
import { createWebhookWorker, type WebhookWorker } from '../../src/server/services/webhook-worker';
import type { TestPool } from '../../src/server/testing';
import { createPoolEvent, issueEnrollmentCode } from '../pool';
import { appUrl, checkScreen, createUserSession, DESKTOP, say, signIn, startPoolApp } from './kit';

/**
 * Settings · Webhooks, as an admin wires Leadpond to a CRM: add a receiver, keep the secret shown
 * once, see a booth capture delivered (signed, verified by the receiver with the standardwebhooks
 * library), a failed attempt in the log, send it again, rotate the secret, delete.
 */
let pool: TestPool;
let receiver: WebhookReceiver;
let worker: WebhookWorker;
let deviceToken: string;
let eventId: string;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
  pool = await startPoolApp({ webhookTargets: receiver.policy });
  eventId = (await createPoolEvent(pool, '2026 华南工业展')).id;
  const { code } = await issueEnrollmentCode(pool, eventId);
  const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  deviceToken = ((await enrolled.json()) as { token: string }).token;
  // The pool's own sender, as `npm run pool` runs it; retries come after 1 s here.
  worker = createWebhookWorker({
    db: pool.db,
    clock: Date.now,
    newId,
    policy: receiver.policy,
    retryScheduleMs: [1_000, 1_000],
    tickMs: 500,
  });
  await worker.start();
});
test.afterAll(async () => {
  await worker?.stop();
  await pool?.close();
  await receiver?.close();
});

/** A booth capture reaching the pool: what makes a `customer.created`. */
async function capture(name: string, phone: string): Promise<void> {
  const person = createPerson(
    newId(),
    eventId,
    { ...EMPTY_PERSON_INPUT, name, phone },
    NO_CONSENT,
    {
      source: 'staff',
      deviceId: 'booth',
      at: Date.now(),
    },
  );
  const pushed = await fetch(`${pool.url}/api/v1/sync/people/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ newDocumentState: { ...person, _deleted: false } }]),
  });
  expect(pushed.status).toBe(200);
}

for (const lang of ['zh-CN', 'en'] as const) {
  const w = (path: string, values?: Record<string, string>) => say(webhooks, lang, path, values);

  test(`${lang}: an admin adds a CRM receiver, keeps the secret, sees deliveries, replays, rotates and deletes`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const admin = await createUserSession(pool, 'admin');
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(appUrl(pool, '/settings/webhooks', lang));
    await signIn(page, admin.email, admin.password);
    await expect(page.getByRole('heading', { name: w('title'), level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: say(shell, lang, 'nav.webhooks') })).toBeVisible();
    await checkScreen(page, `webhooks-empty-${lang}`);

    // A bad address is said at the field; a loopback one the pool refuses, with its reason.
    await page.getByLabel(w('create.url')).fill('crm.example.com');
    await page.getByRole('button', { name: w('create.submit'), exact: true }).click();
    await expect(page.getByText(w('create.urlInvalid'))).toBeVisible();
    await page.getByLabel(w('create.url')).fill('https://127.0.0.1:9/hooks');
    await page.getByRole('button', { name: w('create.submit'), exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: /127|loopback|private/ })).toBeVisible();
    await checkScreen(page, `webhooks-refused-${lang}`);

    await page.getByLabel(w('create.url')).fill(receiver.url);
    await page.getByLabel(w('create.description')).fill(lang === 'en' ? 'Our CRM' : '销售易 CRM');
    await page.getByRole('button', { name: w('create.submit'), exact: true }).click();
    const secretBox = page.getByRole('textbox', { name: w('secret.title') });
    await expect(secretBox).toHaveValue(/^whsec_/);
    receiver.secrets.splice(0, receiver.secrets.length, await secretBox.inputValue());
    await checkScreen(page, `webhooks-secret-${lang}`);
    await page.getByRole('button', { name: w('secret.done') }).click();
    await expect(secretBox).toHaveCount(0);
    const row = page.getByRole('row').filter({ hasText: receiver.url });
    await expect(row).toBeVisible();

    // A capture at the booth: the receiver first answers 500, then takes the retry.
    receiver.received.length = 0;
    receiver.failNext(500);
    await capture(
      lang === 'en' ? 'Alex Chen' : '陈思远',
      lang === 'en' ? '+14155550100' : '13812345678',
    );
    await expect.poll(() => receiver.processed().size, { timeout: 20_000 }).toBe(1);
    expect(receiver.received.map((entry) => entry.answered)).toEqual([500, 200]);
    expect(receiver.received.every((entry) => entry.verifiedWith.length === 1)).toBe(true);

    await page.reload();
    await row
      .getByRole('button', { name: w('actions.deliveriesLabel', { url: receiver.url }) })
      .click();
    const log = page.getByRole('region', { name: w('deliveries.title', { url: receiver.url }) });
    await expect(
      log.getByRole('cell', { name: w('deliveries.ok', { status: '200' }) }),
    ).toBeVisible();
    await expect(
      log.getByRole('cell', { name: w('deliveries.failed', { status: '500' }) }),
    ).toBeVisible();
    await expect(log.getByText('answer 500')).toBeVisible();
    await checkScreen(page, `webhooks-deliveries-${lang}`);

    // Sent again: the same webhook-id, which the receiver has processed already.
    const messageId = receiver.received[0]?.id ?? '';
    await log.getByRole('button', { name: w('deliveries.replayLabel', { id: messageId }) }).click();
    await expect(log.getByText(w('deliveries.replayed', { id: messageId }))).toBeVisible();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(3);
    expect(receiver.received[2]?.id).toBe(messageId);
    expect(receiver.processed().size).toBe(1);

    await row.getByRole('button', { name: w('actions.rotate') }).click();
    const rotate = page.getByRole('dialog', { name: w('rotate.title', { url: receiver.url }) });
    await expect(rotate).toBeVisible();
    await checkScreen(page, `webhooks-rotate-${lang}`);
    await rotate.getByRole('button', { name: w('rotate.confirm') }).click();
    await expect(page.getByRole('textbox', { name: w('secret.title') })).toHaveValue(/^whsec_/);
    await page.getByRole('button', { name: w('secret.done') }).click();

    await row
      .getByRole('button', { name: w('actions.deleteLabel', { url: receiver.url }) })
      .click();
    const remove = page.getByRole('dialog', { name: w('remove.title', { url: receiver.url }) });
    await remove.getByRole('button', { name: w('remove.confirm') }).click();
    await expect(page.getByText(w('list.none'))).toBeVisible();
    await context.close();
  });
}

test('a marketing user cannot open webhooks, and the API refuses them', async ({ browser }) => {
  const marketing = await createUserSession(pool, 'marketing');
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(appUrl(pool, '/settings/webhooks', 'zh-CN'));
  await signIn(page, marketing.email, marketing.password);
  await expect(
    page.getByRole('heading', { name: say(shell, 'zh-CN', 'state.forbidden') }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: say(shell, 'zh-CN', 'nav.webhooks') })).toHaveCount(
    0,
  );
  const answer = await page.evaluate(async () => (await fetch('/api/v1/webhooks')).status);
  expect(answer).toBe(403);
  await context.close();
});
