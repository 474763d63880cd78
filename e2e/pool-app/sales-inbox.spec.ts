import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import type { LeadEvent } from '../../src/shared/schemas';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../src/shared/intelligence';
import { customer as customerCatalog } from '../../src/shared/i18n/pool/customer';
import { customers as customersCatalog } from '../../src/shared/i18n/pool/customers';
import { sales as salesCatalog } from '../../src/shared/i18n/pool/sales';
import { createMailWorker, type MailWorker } from '../../src/server/services/mail-worker';
import {
  decodedParts,
  startTestSmtp,
  type TestSmtp,
} from '../../src/server/services/mail-worker.test-kit';
import { saveConfig } from '../../src/server/services/intelligence-config';
import { startTestPool, type TestPool } from '../../src/server/testing';
import { systemClock } from '../../src/shared/ids';
import { enrollForEvent, syncBadge, withInstalledBooth } from '../pool';
import {
  appUrl,
  checkScreen,
  createUserSession,
  DESKTOP,
  POOL_APP_SHOTS,
  say,
  signIn,
} from './kit';

/**
 * Issue 14's sales half, end to end: walk-ins qualified hot at a booth sync, are routed by
 * province to the sales user for 江苏, who gets one mail per lead over a real SMTP server, signs
 * in on a phone, sees them in the inbox by deadline, accepts one and returns the other with a
 * reason; marketing sees that reason in the 360 and the customers list.
 */

const PHONE = { width: 360, height: 740 } as const;
const SLOW = { timeout: 60_000 };

let pool: TestPool;
let smtp: TestSmtp;
let mail: MailWorker;

test.beforeAll(async () => {
  await mkdir(POOL_APP_SHOTS, { recursive: true });
  pool = await startTestPool({ poolAppDir: 'dist-pool-app', mailDelivery: 'smtp' });
  await pool.listen();
  smtp = await startTestSmtp();
  mail = createMailWorker({
    db: pool.db,
    clock: systemClock,
    publicUrl: () => pool.url,
    smtpUrl: smtp.url,
    from: 'Leadpond <sales@leadpond.test>',
  });
  await mail.start();
});
test.afterAll(async () => {
  await mail?.stop();
  await smtp?.close();
  await pool?.close();
});

/** 江苏's leads go to this sales user (a routing rule by region, saved as marketing would). */
async function routeJiangsuTo(ownerId: string): Promise<void> {
  const config: IntelligenceConfig = {
    ...DEFAULT_CONFIG,
    routing: {
      ...DEFAULT_CONFIG.routing,
      rules: [
        {
          id: 'jiangsu',
          name: '江苏销售',
          when: {
            regions: [],
            provinces: ['江苏'],
            industries: [],
            interests: [],
            sizes: [],
            grades: [],
          },
          assign: { kind: 'owner', owner: ownerId },
        },
      ],
    },
  };
  const saved = await pool.db.transaction((tx) =>
    saveConfig(tx, config, 0, 'marketing', Date.now()),
  );
  expect(saved.ok).toBe(true);
}

async function createBoothEvent(): Promise<LeadEvent> {
  const response = await fetch(`${pool.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pool.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: '2026 南京智能装备展',
      venue: '南京国际博览中心',
      startsOn: '2026-11-25',
      endsOn: '2026-11-27',
      form: {
        fields: ['name', 'phone', 'company', 'title', 'province'],
        required: ['name', 'phone'],
      },
      consent: { text: '我们将按《个人信息保护法》处理您的信息，用于活动沟通。', version: 'v1' },
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { event: LeadEvent }).event;
}

/** Staff add a walk-in and qualify them hot, with a demo as the next step. */
async function qualifyWalkIn(page: Page, lead: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: '新增线索' }).click();
  const form = page.getByRole('form', { name: '新增线索' });
  for (const [label, value] of Object.entries(lead))
    await form.getByRole('textbox', { name: label, exact: true }).fill(value);
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('.person-panel h2').first()).toHaveText(lead['姓名'] ?? '');
  const qualification = page.getByRole('form', { name: '线索评估' });
  await qualification.getByLabel('热').check();
  await qualification.getByLabel('下一步').selectOption({ label: '产品演示' });
  await qualification.getByRole('button', { name: '保存评估' }).click();
  await expect(page.getByTestId('person.mql')).toBeVisible();
}

async function customerIdOf(name: string): Promise<string> {
  const [row] = await pool.db.query<{ id: string }>(
    `select id from customers where profile->>'name' = $1 and merged_into is null`,
    [name],
  );
  return row?.id ?? '';
}

async function freshPage(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

test('a hot walk-in is routed to 江苏 sales, mailed once, accepted on a phone; a returned lead shows its reason to marketing', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const seller = await createUserSession(pool, 'sales', 'Wang Qiang');
  const marketer = await createUserSession(pool, 'marketing', 'Li Na');
  const [sellerRow] = await pool.db.query<{ id: string }>('select id from users where email = $1', [
    seller.email,
  ]);
  const sellerId = sellerRow?.id ?? '';
  await routeJiangsuTo(sellerId);
  const event = await createBoothEvent();

  const accepted = '赵志远';
  const returned = '钱晓梅';
  await withInstalledBooth(baseURL, async (launch) => {
    const { page } = await launch({ poolUrl: pool.url });
    await page.setViewportSize(DESKTOP);
    await enrollForEvent(page, pool, event, 60_000);
    await qualifyWalkIn(page, {
      姓名: accepted,
      手机号: '13912345601',
      公司: '苏州精工机械',
      职位: '采购总监',
      省份: '江苏',
    });
    await qualifyWalkIn(page, {
      姓名: returned,
      手机号: '13912345602',
      公司: '无锡新材料',
      职位: '工程师',
      省份: '江苏',
    });
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', SLOW);
  });

  // Synced and scored on ingest: both are MQLs routed to the 江苏 seller, each with a deadline.
  await expect.poll(async () => (await customerIdOf(returned)) !== '', SLOW).toBe(true);
  const acceptedId = await customerIdOf(accepted);
  const returnedId = await customerIdOf(returned);
  await expect
    .poll(async () => {
      const rows = await pool.db.query<{ stage: string; owner: string }>(
        'select stage, owner from customers where id = any($1::text[])',
        [[acceptedId, returnedId]],
      );
      return rows.map((row) => `${row.stage}:${row.owner === sellerId}`);
    }, SLOW)
    .toEqual(['MQL:true', 'MQL:true']);

  // One mail per lead to the owner, linking to the lead's 360.
  const mailsFor = (id: string) =>
    smtp.received.filter(
      (m) =>
        m.to.includes(seller.email) &&
        decodedParts(m.raw).some((part) => part.includes(`${pool.url}/app/#/customers/${id}`)),
    );
  await expect.poll(() => mailsFor(acceptedId).length, SLOW).toBe(1);
  await expect.poll(() => mailsFor(returnedId).length, SLOW).toBe(1);

  // The seller signs in on a phone and lands in the inbox.
  const phone = await freshPage(browser, PHONE);
  await phone.goto(appUrl(pool, '/', 'zh-CN'));
  await signIn(phone, seller.email, seller.password);
  await phone.waitForURL(/#\/inbox/);
  const zh = (path: string, values: Record<string, string | number> = {}) =>
    say(salesCatalog, 'zh-CN', path, values);
  await expect(phone.getByRole('heading', { name: zh('inbox.title') })).toBeVisible();
  const leads = phone.getByRole('list', { name: zh('inbox.listLabel') }).getByRole('listitem');
  await expect(leads).toHaveCount(2);
  const acceptedCard = leads.filter({ hasText: accepted });
  // Its deadline, counted down in words.
  await expect(acceptedCard).toContainText(zh('inbox.due.left', { time: '' }));
  await expect(acceptedCard).toContainText(
    zh('inbox.nextTask', { task: '产品演示', at: '' }).replace(/（）$/, ''),
  );
  await checkScreen(phone, 'sales-inbox-phone-zh-CN');

  await acceptedCard.getByRole('button', { name: zh('inbox.accept') }).click();
  await expect(phone.getByText(zh('inbox.accepted', { name: accepted }))).toBeVisible();
  await expect(acceptedCard.getByRole('button', { name: zh('inbox.qualify') })).toBeVisible();
  await expect(acceptedCard).toContainText(zh('inbox.stages.SAL'));

  // The 360 on the phone: the booth's next step is the seller's task.
  await acceptedCard.getByRole('link', { name: accepted }).click();
  await expect(phone.getByRole('heading', { name: accepted, level: 1 })).toBeVisible();
  const tasks = phone.getByRole('region', { name: zh('tasks.title') });
  await expect(tasks).toContainText(zh('tasks.nextStep', { step: '产品演示' }));
  // Nothing on the 360 is wider than the phone: the page never scrolls sideways.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );
  await tasks.scrollIntoViewIfNeeded();
  await checkScreen(phone, 'sales-360-tasks-phone-zh-CN');
  await phone.evaluate(() => window.scrollTo(0, 0));
  await checkScreen(phone, 'sales-360-top-phone-zh-CN');

  // In English, the other lead goes back with a reason.
  await phone.goto(appUrl(pool, '/inbox', 'en'));
  const en = (path: string, values: Record<string, string | number> = {}) =>
    say(salesCatalog, 'en', path, values);
  await expect(phone.getByRole('heading', { name: en('inbox.title') })).toBeVisible();
  const returnedCard = phone
    .getByRole('list', { name: en('inbox.listLabel') })
    .getByRole('listitem')
    .filter({ hasText: returned });
  await checkScreen(phone, 'sales-inbox-phone-en');
  await returnedCard.getByRole('button', { name: en('inbox.return') }).click();
  const dialog = phone.getByRole('dialog', { name: en('returnDialog.title', { name: returned }) });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: en('returnDialog.submit') })).toBeDisabled();
  await dialog.getByLabel(en('reasons.other')).check();
  await dialog.getByRole('button', { name: en('returnDialog.submit') }).click();
  await expect(dialog.getByText(en('returnDialog.noteRequired'))).toBeVisible();
  await dialog.getByLabel(en('reasons.no_budget')).check();
  await dialog.getByLabel(en('returnDialog.note')).fill('预算要到明年二季度');
  await checkScreen(phone, 'sales-return-dialog-phone-en');
  await dialog.getByRole('button', { name: en('returnDialog.submit') }).click();
  await expect(phone.getByText(en('inbox.returned', { name: returned }))).toBeVisible();
  await expect(
    phone.getByRole('list', { name: en('inbox.listLabel') }).getByRole('listitem'),
  ).toHaveCount(1);

  // Each move is in the history with who and when.
  const history = await pool.db.query<{ from_value: string; to_value: string; who: string }>(
    `select from_value, to_value, who from customer_changes
      where kind = 'stage' and customer_id = any($1::text[]) and who = $2 order by at`,
    [[acceptedId, returnedId], sellerId],
  );
  expect(history.map((h) => `${h.from_value}→${h.to_value}`)).toEqual(['MQL→SAL', 'MQL→nurture']);

  // Marketing, at a desk, sees why in the 360 and in the list, in both languages.
  const desk = await freshPage(browser, DESKTOP);
  await desk.goto(appUrl(pool, `/customers/${returnedId}`, 'zh-CN'));
  await signIn(desk, marketer.email, marketer.password);
  const notice = desk.getByRole('region', { name: zh('returned.title') });
  await expect(notice).toContainText(zh('reasons.no_budget'));
  await expect(notice).toContainText('预算要到明年二季度');
  await expect(notice).toContainText(seller.name);
  await expect(
    desk.getByRole('region', { name: say(customerCatalog, 'zh-CN', 'stage.title') }),
  ).toContainText(`${zh('reasons.no_budget')}: 预算要到明年二季度`);
  // The return counts against the score at once: its negative line is in the explanation.
  await expect(desk.locator('.c360-line-negative')).toContainText('30');
  await checkScreen(desk, 'sales-returned-360-zh-CN');
  await desk.goto(appUrl(pool, `/customers/${returnedId}`, 'en'));
  await expect(desk.getByRole('region', { name: en('returned.title') })).toContainText(
    en('reasons.no_budget'),
  );
  await checkScreen(desk, 'sales-returned-360-en');
  await desk.goto(appUrl(pool, '/customers?stage=nurture', 'zh-CN'));
  const row = desk.getByRole('row').filter({ hasText: returned });
  await expect(row).toContainText(
    say(customersCatalog, 'zh-CN', 'table.returnedNote', {
      reason: zh('reasons.no_budget'),
      note: '预算要到明年二季度',
    }),
  );
  await expect(row.locator('.customer-returned [aria-hidden="true"]')).toHaveText(
    zh('reasons.no_budget'),
  );
  await checkScreen(desk, 'sales-returned-list-zh-CN');

  // Still exactly one mail per lead: the accept and the return sent nobody anything.
  expect(mailsFor(acceptedId)).toHaveLength(1);
  expect(mailsFor(returnedId)).toHaveLength(1);
  await phone.context().close();
  await desk.context().close();
});
