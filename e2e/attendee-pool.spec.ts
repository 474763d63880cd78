import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { BOOTH_TOKEN_VALID_MS, boothKeyFromSecret, issueBoothToken } from '../src/shared/attendee';
import { newId } from '../src/shared/ids';
import type { LeadEvent } from '../src/shared/schemas';
import { DEFAULT_DRAW_ELIGIBILITY, type Draw } from '../src/shared/draws/schema';
import type { TestPool } from '../src/server/testing';
import {
  createPoolEvent,
  enrollForEvent,
  getCustomer,
  issueEnrollmentCode,
  searchCustomers,
  startPool,
  uploadWhitePaper,
  withInstalledBooth,
} from './pool';
import { expectAccessible } from './axe';

/**
 * The attendee phone page served by the pool: a phone-sized Chromium opens the booth QR's URL,
 * registers and asks for a white paper and a draw, comes back and is asked only what is missing;
 * the booth device pulls the new person. Screenshots in /tmp/shots/mobile/.
 */
const SHOTS = '/tmp/shots/mobile';
const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

let pool: TestPool;
let event: LeadEvent;
let device: { token: string; deviceId: string };
const drawId = newId();

test.beforeAll(async () => {
  pool = await startPool();
  await mkdir(SHOTS, { recursive: true });
  event = await createPoolEvent(pool, '2026 智能制造博览会');
  // The booth device: enrolled with a one-time code like any device; its token keys booth QRs.
  const { code } = await issueEnrollmentCode(pool, event.id);
  const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  device = (await enrolled.json()) as { token: string; deviceId: string };
  // A white paper and an open draw of the event, made by their own features: marketing uploads
  // the paper, the booth device creates the draw (and so owns it).
  await uploadWhitePaper(pool, event.id, '制造业数字化转型白皮书');
  const draw: Draw & { _deleted: boolean } = {
    id: drawId,
    eventId: event.id,
    name: '展位幸运抽奖',
    prizes: [{ id: 'p1', name: '智能手环', quantity: 3 }],
    eligibility: { ...DEFAULT_DRAW_ELIGIBILITY, requiredInteractions: ['draw_entered'] },
    ownerDeviceId: device.deviceId,
    status: 'open',
    audit: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    _deleted: false,
  };
  const pushed = await fetch(`${pool.url}/api/v1/sync/draws/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ newDocumentState: draw }]),
  });
  expect(await pushed.json()).toEqual([]);
});
test.afterAll(async () => {
  await pool?.close();
});

/** The booth QR's URL, with a booth token minted now (or at `at`) from the device token. */
function boothUrl(query = '', at = Date.now()): string {
  const token = issueBoothToken(
    device.deviceId,
    boothKeyFromSecret(device.token),
    at,
    crypto.getRandomValues(new Uint8Array(6)),
  );
  return `${pool.url}/m/${event.id}?b=${encodeURIComponent(token)}${query}`;
}

async function phone(browser: Browser, locale: string): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, locale });
}

/** Nothing is wider than the phone: no horizontal scrolling at 360 px. */
async function expectNoOverflow(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

/** Each state worth a screenshot is a screen an attendee meets: axe-core checks it too. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await expectAccessible(page);
}

test('a phone registers at the booth, is recognized next time, and the booth pulls it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const context = await phone(browser, 'zh-CN');
  const page = await context.newPage();
  await page.goto(boothUrl());

  await expect(page.getByRole('heading', { name: '2026 智能制造博览会' })).toBeVisible();
  await expect(page.getByText('欢迎来到 2026 智能制造博览会')).toBeVisible();
  const form = page.getByRole('form', { name: '展位登记' });
  // Someone new: three fields, the event's required ones first.
  await expect(form.getByRole('textbox')).toHaveCount(3);
  const phoneInput = form.getByLabel(/手机号/);
  await expect(phoneInput).toHaveAttribute('type', 'tel');
  await expect(phoneInput).toHaveAttribute('inputmode', 'tel');
  await expect(form.getByLabel(/邮箱/)).toHaveAttribute('inputmode', 'email');
  const fontSize = await phoneInput.evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).toBe('16px');
  await shot(page, '01-zh-new-visitor');
  await expectNoOverflow(page);

  // Submitting without consent: an inline error, nothing stored.
  await form.getByLabel(/姓名/).fill('陈静');
  await phoneInput.fill('139 0013 9000');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(form.getByText('请勾选同意个人信息授权')).toBeVisible();

  await form.getByRole('checkbox', { name: '制造业数字化转型白皮书' }).check();
  await form.getByRole('checkbox', { name: '展位幸运抽奖' }).check();
  await form.getByRole('checkbox', { name: '预约产品演示' }).check();
  await form.getByLabel(/邮箱/).fill('chen.jing@example.cn');
  await form.getByRole('checkbox', { name: '我已阅读并同意上述个人信息处理说明' }).check();
  await shot(page, '02-zh-filled');
  await expectNoOverflow(page);

  // The venue network drops at the moment of submitting: everything typed stays, retry offered.
  await context.setOffline(true);
  await form.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '网络连接失败' })).toBeVisible();
  await expect(form.getByLabel(/姓名/)).toHaveValue('陈静');
  await expect(form.getByLabel(/邮箱/)).toHaveValue('chen.jing@example.cn');
  await expect(form.getByRole('checkbox', { name: '展位幸运抽奖' })).toBeChecked();
  await shot(page, '03-zh-offline-retry');
  await context.setOffline(false);
  await form.getByRole('button', { name: '重试提交' }).click();

  await expect(page.getByRole('heading', { name: '谢谢！' })).toBeVisible();
  const done = page.getByRole('list');
  await expect(done.getByRole('listitem')).toHaveText([
    '已登记',
    '已索取白皮书：制造业数字化转型白皮书',
    '已参加抽奖：展位幸运抽奖',
    '已预约产品演示',
  ]);
  // Served by the pool (online), the link is shown at once; it is mailed as well.
  await expect(page.getByRole('link', { name: /制造业数字化转型白皮书/ })).toHaveAttribute(
    'href',
    /\/d\/[\w-]{43}$/,
  );
  await shot(page, '04-zh-thanks');
  await expectNoOverflow(page);

  // The pool has one customer with the facts.
  const [customer] = await searchCustomers(pool, '+8613900139000');
  expect(customer).toBeDefined();
  const detail = await getCustomer(pool, String(customer?.id));
  expect(detail.interactions.map((fact) => fact.type).sort()).toEqual([
    'content_requested',
    'demo_requested',
    'draw_entered',
    'registered',
  ]);

  // Back again (a new QR scan on the same phone): asked only for what is still missing.
  await page.goto(boothUrl());
  await expect(page.getByText('欢迎回来！只需补充以下信息。')).toBeVisible();
  await expect(form.getByRole('textbox')).toHaveCount(2);
  await expect(form.getByLabel(/公司/)).toBeVisible();
  await expect(form.getByLabel(/职位/)).toBeVisible();
  await expect(form.getByLabel(/姓名/)).toHaveCount(0);
  // What was done is not offered again.
  await expect(form.getByRole('checkbox', { name: '展位幸运抽奖' })).toHaveCount(0);
  await shot(page, '05-zh-returning');
  await form.getByLabel(/公司/).fill('星海精密制造有限公司');
  await form.getByRole('checkbox', { name: '申请免费试用' }).check();
  await form.getByRole('checkbox', { name: '我已阅读并同意上述个人信息处理说明' }).check();
  await form.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: '已申请免费试用' })).toBeVisible();
  await context.close();

  // The booth device of the event pulls the person the phone created.
  await withInstalledBooth(baseURL, async (launch) => {
    const { page: booth } = await launch({ poolUrl: pool.url });
    await enrollForEvent(booth, pool, event);
    await expect(booth.locator('.person-row').filter({ hasText: '陈静' })).toBeVisible({
      timeout: 30_000,
    });
  });
});

test('in English, with server-side field errors inline and a stale QR refused', async ({
  browser,
}) => {
  const context = await phone(browser, 'zh-CN');
  const page = await context.newPage();
  await page.goto(boothUrl('&lang=en'));
  await expect(page.getByRole('heading', { name: '2026 智能制造博览会' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const form = page.getByRole('form', { name: 'Booth registration' });
  await form.getByLabel(/Name/).fill('Alex Chen');
  await form.getByLabel(/Mobile phone/).fill('12345');
  await form.getByLabel(/Email/).fill('alex@example');
  // Consent not ticked yet: the mistyped phone and email are shown with it, in one go.
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByText('Please agree to the privacy notice')).toBeVisible();
  await expect(form.getByText(/Not a valid phone number/)).toBeVisible();
  await expect(form.getByText('Not a valid email address')).toBeVisible();
  await form.getByRole('checkbox', { name: /I have read and agree/ }).check();
  await expect(form.getByText('Please agree to the privacy notice')).toHaveCount(0);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByText(/Not a valid phone number/)).toBeVisible();
  await expect(form.getByText('Not a valid email address')).toBeVisible();
  await expect(form.getByLabel(/Mobile phone/)).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '06-en-errors');
  await expectNoOverflow(page);
  await form.getByLabel(/Mobile phone/).fill('+1 415 555 0100');
  await form.getByLabel(/Email/).fill('alex@example.com');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveText(['Registered']);
  await shot(page, '07-en-thanks');

  // A QR shown too long ago: the phone is told to scan again.
  await page.goto(boothUrl('&lang=en', Date.now() - BOOTH_TOKEN_VALID_MS - 60_000));
  await expect(
    page.getByRole('heading', { name: 'Please scan the booth QR code again' }),
  ).toBeVisible();
  await shot(page, '08-en-rescan');
  await page.goto(`${pool.url}/m/${event.id}?b=garbage`);
  await expect(page.getByRole('heading', { name: '请重新扫描展位二维码' })).toBeVisible();
  await shot(page, '09-zh-rescan');
  await context.close();
});
