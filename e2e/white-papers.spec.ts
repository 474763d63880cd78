import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { pdfBytes } from '../src/server/routes/assets.test-kit';
import { linksIn, subjectOf, type TestSmtp } from '../src/server/services/mail-worker.test-kit';
import type { TestPool } from '../src/server/testing';
import {
  createPoolEvent,
  enrollForEvent,
  syncBadge,
  uploadWhitePaper,
  withInstalledBooth,
  startPoolWithMail,
  type PoolWithMail,
} from './pool';

const SHOTS = '/tmp/shots/papers';
/** Sync on a shared, loaded machine: generous, never a sleep. */
const CONVERGE = { timeout: 30_000 };
const HOUR = 60 * 60 * 1000;

let pool: TestPool;
let smtp: TestSmtp;
let withMail: PoolWithMail;

test.beforeAll(async () => {
  withMail = await startPoolWithMail();
  ({ pool, smtp } = withMail);
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await withMail?.close();
});

test('staff send a white paper offline; after sync the pool mails a link that works until it expires', async () => {
  test.setTimeout(180_000);
  const event = await createPoolEvent(pool, '2026 智能制造峰会');
  const title = '智能制造数字化转型白皮书';
  await uploadWhitePaper(pool, event.id, title);
  await uploadWhitePaper(pool, event.id, 'Industrial IoT Security Guide');

  await withInstalledBooth(test.info().project.use.baseURL, async (launch) => {
    const { context, page } = await launch({ poolUrl: pool.url });
    await page.setViewportSize({ width: 1280, height: 1000 });
    await enrollForEvent(page, pool, event, CONVERGE.timeout);

    await page.getByRole('button', { name: '新增线索' }).click();
    const form = page.getByRole('form', { name: '新增线索' });
    await form.getByLabel('姓名').fill('韩梅梅');
    await form.getByLabel('手机号').fill('139 1234 5678');
    await form.getByLabel('邮箱').fill('Han.Meimei@Example.com');
    await form.getByRole('button', { name: '保存', exact: true }).click();

    const papers = page.getByRole('region', { name: '白皮书' });
    const send = papers.getByRole('button', {
      name: `把《${title}》发送到 han.meimei@example.com`,
    });
    await expect(send).toBeEnabled(CONVERGE);

    // The venue network dies; the request is still taken at once, locally.
    await context.setOffline(true);
    await send.click();
    await expect(papers.getByRole('status')).toHaveText(
      `已记录：《${title}》将发送到 han.meimei@example.com（离线时在同步后由客户池发出）`,
    );
    await expect(papers.getByText('已请求，由客户池发送')).toBeVisible();
    // This pool sends mail: no warning that it cannot.
    await expect(papers.getByText(/未配置邮件服务器/)).toHaveCount(0);
    const timeline = page.getByRole('region', { name: '互动记录' });
    await expect(timeline.getByText(`《${title}》→ han.meimei@example.com`)).toBeVisible();
    await papers.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/console-offline-request.png`, fullPage: true });
    expect(smtp.received).toHaveLength(0);

    // Back online: the fact syncs, the pool queues and sends the mail.
    await context.setOffline(false);
    await expect
      .poll(() => smtp.received.filter((m) => m.to.includes('han.meimei@example.com')).length, {
        timeout: 60_000,
      })
      .toBe(1);
    const [received] = smtp.received;
    if (!received) throw new Error('no mail');
    expect(subjectOf(received)).toBe(`您索取的白皮书：${title}`);
    const [link] = linksIn(received);
    expect(link).toMatch(new RegExp(`^${pool.url}/d/[A-Za-z0-9_-]{43}$`));

    // The link downloads the file; the pool records it, and the booth sees it after sync.
    const download = await fetch(link ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`,
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(pdfBytes(title))).toBe(true);
    await expect(papers.getByText('已下载')).toBeVisible(CONVERGE);
    await expect(timeline.getByText('下载资料')).toBeVisible();
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', CONVERGE);
    await page.screenshot({ path: `${SHOTS}/console-downloaded.png`, fullPage: true });

    // 73 hours later the link is refused, on a phone, with a readable page.
    withMail.setSkew(73 * HOUR);
    const phone = await context.browser()?.newContext({
      viewport: { width: 360, height: 740 },
      locale: 'zh-CN',
    });
    if (!phone) throw new Error('no browser');
    const phonePage = await phone.newPage();
    const expired = await phonePage.goto(link ?? '');
    expect(expired?.status()).toBe(410);
    await expect(phonePage.getByRole('heading', { name: '链接已过期' })).toBeVisible();
    await phonePage.screenshot({ path: `${SHOTS}/phone-link-expired.png` });
    const garbage = await phonePage.goto(`${pool.url}/d/not-a-real-token`);
    expect(garbage?.status()).toBe(404);
    await expect(phonePage.getByRole('heading', { name: '链接无效' })).toBeVisible();
    await phonePage.screenshot({ path: `${SHOTS}/phone-link-unknown.png` });
    await phone.close();
    withMail.setSkew(0);
  });
});
