import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { linksIn, type TestSmtp } from '../src/server/services/mail-worker.test-kit';
import type { TestPool } from '../src/server/testing';
import type { MailOutboxResponse } from '../src/shared/api/assets';
import { openApp } from './booth';
import {
  createPoolEvent,
  enrollForEvent,
  getCustomer,
  searchCustomers,
  syncBadge,
  withInstalledBooth,
  uploadWhitePaper,
  startPoolWithMail,
  type PoolWithMail,
} from './pool';

const SHOTS = '/tmp/shots/lan';
/** Sync and a Node process starting on a shared, loaded machine: generous, never a sleep. */
const SLOW = { timeout: 45_000 };
const VISITOR = { name: '陈静', phone: '139 1234 5678', email: 'chen.jing@example.cn' };
const PAPER = '智能制造白皮书';
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let pool: TestPool;
let smtp: TestSmtp;
let withMail: PoolWithMail;
const HOUR = 60 * 60 * 1000;
let lanProcess: ChildProcess | null = null;
let bridge: { bridgeUrl: string; secret: string };

/**
 * The booth LAN server as `npm run booth-lan` runs it (src/main/lan/standalone.ts, the same
 * modules as in Electron's main process): a Node process with its loopback bridge; loopback may
 * be chosen as the interface so the phones of this test (on the same machine) reach it.
 */
async function startBoothLan(): Promise<{ bridgeUrl: string; secret: string }> {
  const secret = randomBytes(24).toString('base64url');
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'src/main/lan/standalone.ts'],
    {
      env: {
        ...process.env,
        LEADPOND_BOOTH_LAN_SECRET: secret,
        LEADPOND_BOOTH_LAN_BRIDGE_PORT: '0',
        LEADPOND_BOOTH_LAN_PORT: '0',
        LEADPOND_BOOTH_LAN_LOOPBACK: '1',
        LEADPOND_ATTENDEE_ROOT: 'dist-attendee',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  lanProcess = child;
  const bridgeUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`booth-lan exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /bridge listening on (http\S+)/.exec(line);
      if (listening?.[1]) resolve(listening[1]);
    });
  });
  return { bridgeUrl, secret };
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  withMail = await startPoolWithMail();
  ({ pool, smtp } = withMail);
  bridge = await startBoothLan();
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  lanProcess?.kill('SIGTERM');
  await withMail?.close();
});

/** The booth QR panel on the check-in desk, and the URL its code carries. */
async function boothQr(page: Page, via: 'pool' | 'lan') {
  const panel = page.getByRole('region', { name: '展位二维码' });
  const code = panel.locator(`.booth-qr-code[data-via="${via}"]`);
  await expect(code, `QR via ${via}`).toBeVisible(SLOW);
  await expect(panel.getByRole('img', { name: '展位二维码' })).toBeVisible();
  const url = (await code.getAttribute('data-url')) ?? '';
  await expect(panel.locator('code')).toHaveText(url);
  return { panel, url };
}

async function mailOutbox(): Promise<MailOutboxResponse['entries']> {
  const response = await fetch(`${pool.url}/api/v1/mail/outbox`, {
    headers: { authorization: `Bearer ${pool.adminToken}` },
  });
  return ((await response.json()) as MailOutboxResponse).entries;
}

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

test('a phone registers through the booth LAN server while the booth is cut off from the pool; the person shows on the booth at once, reaches the pool once, and the mailed white-paper link works until it expires', async ({
  baseURL,
  browser,
}) => {
  test.setTimeout(240_000);
  const event = await createPoolEvent(pool, '2026 深圳电子展');
  const paperId = (await uploadWhitePaper(pool, event.id, PAPER)).id;

  await withInstalledBooth(baseURL, async (launch) => {
    const { context, page } = await launch({ poolUrl: pool.url });
    // Registered after the launch's own /config.json route, so this one answers: the page learns
    // where `npm run booth-lan`'s bridge is, as scripts/serve-web.mjs tells it in web mode.
    await context.route(`${baseURL}config.json`, (route) =>
      route.fulfill({ json: { poolUrl: pool.url, boothLan: bridge } }),
    );
    await enrollForEvent(page, pool, event, SLOW.timeout);

    // Online: the booth QR sends phones to the pool's page.
    await openApp(page, '/?lang=zh-CN#/checkin');
    const online = await boothQr(page, 'pool');
    expect(online.url.startsWith(`${pool.url}/m/${event.id}?b=`)).toBe(true);
    await expect(online.panel).toContainText('经客户池');
    await online.panel.screenshot({ path: `${SHOTS}/booth-qr-pool.png` });

    // The venue's internet dies: every request to the pool fails. Not context.setOffline(): that
    // would also cut the booth page from the LAN bridge on 127.0.0.1, which is the same machine
    // here and stays reachable in the venue (the booth laptop talking to itself).
    await context.route(`${pool.url}/**`, (route) => route.abort('internetdisconnected'));
    await openApp(page, '/?lang=zh-CN');
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'offline', SLOW);

    // Staff start the booth Wi-Fi server in Settings on the interface the phones can reach.
    await page.getByRole('button', { name: '设置' }).click();
    const settings = page.getByRole('dialog', { name: '设置' });
    const lan = settings.getByRole('region', { name: '展位 Wi-Fi 服务' });
    await expect(lan.getByLabel('网络接口')).toContainText('127.0.0.1');
    await lan.getByLabel('网络接口').selectOption('127.0.0.1');
    await lan.getByRole('button', { name: '开启服务' }).click();
    await expect(lan.locator('.booth-lan-status')).toContainText('运行中：http://127.0.0.1:');
    await expect(lan.getByRole('button', { name: '停止服务' })).toBeVisible();
    await settings.screenshot({ path: `${SHOTS}/booth-lan-settings.png` });
    await settings.getByRole('button', { name: '关闭' }).click();

    // The QR now points to the booth's own server, and says so.
    await openApp(page, '/?lang=zh-CN#/checkin');
    const offline = await boothQr(page, 'lan');
    expect(offline.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/m/${event.id}\\?b=`));
    await expect(offline.panel).toContainText('经展位 Wi-Fi');
    await offline.panel.screenshot({ path: `${SHOTS}/booth-qr-lan.png` });
    await openApp(page, '/?lang=zh-CN');

    // A phone scans the QR: the page comes from the booth, the booth's store answers.
    const first = await phone(browser);
    await first.page.goto(offline.url);
    await expect(first.page.getByText('欢迎来到 2026 深圳电子展')).toBeVisible(SLOW);
    await first.page.getByLabel('姓名').fill(VISITOR.name);
    await first.page.getByLabel('手机号').fill(VISITOR.phone);
    await first.page.getByLabel('邮箱').fill(VISITOR.email);
    // The white paper came to the booth by sync before the internet went; it is offered offline.
    await first.page.getByLabel(PAPER).check();
    await first.page.getByLabel('预约产品演示').check();
    await first.page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
    await first.page.screenshot({ path: `${SHOTS}/phone-form-360.png`, fullPage: true });
    await first.page.getByRole('button', { name: '提交' }).click();
    await expect(first.page.getByText('谢谢！')).toBeVisible(SLOW);
    await expect(first.page.getByText('已预约产品演示')).toBeVisible();
    await expect(first.page.getByText(`已索取白皮书：${PAPER}`)).toBeVisible();
    await expect(first.page.getByText('下载链接将发送到您的邮箱。')).toBeVisible();
    await first.page.screenshot({ path: `${SHOTS}/phone-thanks-360.png`, fullPage: true });

    // The booth's console shows the person at once, from its own store, with no pool.
    await expect(page.locator('.person-row').filter({ hasText: VISITOR.name })).toBeVisible();
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'offline');
    await page.screenshot({ path: `${SHOTS}/booth-console.png` });

    // A second phone sees nothing of the first: a fresh form.
    const second = await phone(browser);
    await second.page.goto(offline.url);
    await expect(second.page.getByText('欢迎来到 2026 深圳电子展')).toBeVisible(SLOW);
    await expect(second.page.getByLabel('姓名')).toHaveValue('');
    const seen = await second.page.locator('body').innerText();
    for (const secret of [VISITOR.name, VISITOR.email, '5678', '已预约产品演示', '已索取白皮书']) {
      expect(seen).not.toContain(secret);
    }
    await second.page.screenshot({ path: `${SHOTS}/phone-second-360.png`, fullPage: true });
    // The first phone, back again, is recognized and asked only for what is missing.
    await first.page.goto(offline.url);
    await expect(first.page.getByText('欢迎回来！只需补充以下信息。')).toBeVisible(SLOW);
    await expect(first.page.getByLabel('姓名')).toHaveCount(0);
    await second.context.close();
    await first.context.close();

    // The internet is back: the person and their facts reach the pool, once.
    await context.unroute(`${pool.url}/**`);
    await openApp(page, '/?lang=zh-CN');
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', SLOW);
    await expect
      .poll(async () => (await searchCustomers(pool, VISITOR.email)).length, SLOW)
      .toBe(1);
    const [customer] = await searchCustomers(pool, VISITOR.email);
    const detail = await getCustomer(pool, customer!.id);
    const types = detail.interactions.map((i) => i.type).sort();
    expect(types).toEqual(['content_requested', 'demo_requested', 'registered']);
    const request = detail.interactions.find((i) => i.type === 'content_requested');
    expect(request?.data).toMatchObject({ assetId: paperId, email: VISITOR.email, via: 'mobile' });
    // The pool mails the white paper's link to the visitor, once.
    await expect
      .poll(() => smtp.received.filter((m) => m.to.includes(VISITOR.email)).length, SLOW)
      .toBe(1);
    expect((await mailOutbox()).filter((m) => m.to === VISITOR.email)).toHaveLength(1);
    const [link] = linksIn(smtp.received.find((m) => m.to.includes(VISITOR.email))!);
    expect(link).toMatch(new RegExp(`^${pool.url}/d/[A-Za-z0-9_-]{43}$`));
    // On the phone the link downloads the paper while it is valid, and not after it expired.
    const later = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const valid = await later.request.get(link!);
    expect(valid.status()).toBe(200);
    expect(valid.headers()['content-type']).toBe('application/pdf');
    withMail.setSkew(73 * HOUR);
    const expiredPage = await later.newPage();
    expect((await expiredPage.goto(link!))?.status()).toBe(410);
    await expect(expiredPage.getByRole('heading', { name: '链接已过期' })).toBeVisible();
    await later.close();
    withMail.setSkew(0);
  });
});
