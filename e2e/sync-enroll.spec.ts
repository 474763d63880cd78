import { expect, test, type Page } from '@playwright/test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestPool } from '../src/server/testing';
import { makeQrVideo } from '../scripts/qr-video.mjs';
import { openApp } from './booth';
import {
  createPoolEvent,
  enrollByCode,
  issueEnrollmentCode,
  poolDocuments,
  revokeDevice,
  startPool,
  syncBadge,
  withInstalledBooth,
} from './pool';

const SHOTS = '/tmp/shots';
let pool: TestPool;

test.beforeAll(async () => {
  pool = await startPool();
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await pool?.close();
});

/** Staff type in a lead at the console (zh-CN). */
async function addLead(page: Page, lead: { name: string; phone: string; company: string }) {
  await page.getByRole('button', { name: '新增线索' }).click();
  const form = page.getByRole('form', { name: '新增线索' });
  await form.getByLabel('姓名').fill(lead.name);
  await form.getByLabel('手机号').fill(lead.phone);
  await form.getByLabel('公司', { exact: true }).fill(lead.company);
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('.person-row').filter({ hasText: lead.name })).toBeVisible();
}

async function expectCurrentEvent(page: Page, name: string) {
  await expect(page.locator('.event-picker select option:checked')).toHaveText(name, {
    timeout: 20_000,
  });
}

test('a web-mode booth enrolls with a code, pulls its event, and a lead captured offline reaches the pool', async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const event = await createPoolEvent(pool, '2026 上海工业博览会');
  const { code } = await issueEnrollmentCode(pool, event.id);

  await withInstalledBooth(baseURL, async (launch) => {
    let { context, page } = await launch({ poolUrl: pool.url });
    await openApp(page);
    const badge = syncBadge(page);
    await expect(badge).toHaveAttribute('data-state', 'not_enrolled');
    await expect(badge).toContainText('未连接客户池');
    await page.screenshot({ path: join(SHOTS, 'console-not-enrolled-zh-CN.png') });

    await badge.click();
    await expect(page.getByRole('heading', { name: '登记此设备' })).toBeVisible();
    // The address comes from the web server's /config.json (LEADPOND_POOL_URL).
    await expect(page.getByLabel('客户池地址')).toHaveValue(pool.url);
    // A wrong code first: the pool's answer is told in the UI language.
    await enrollByCode(page, pool.url, 'WRONG-CODE-1');
    await expect(page.getByRole('alert')).toHaveText('登记码无效，请核对后重试');
    await enrollByCode(page, pool.url, code.toLowerCase());
    await expectCurrentEvent(page, event.name);
    await expect(badge).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
    // The pool owns this event: it is not edited on the device.
    await expect(page.getByRole('button', { name: '编辑活动' })).toHaveCount(0);
    await expect(badge).toHaveAccessibleName(/^同步状态：已同步 · 待上传 0 条 · 上次成功 /);

    // The code was for one device only.
    await page.goto('/?lang=zh-CN#/enroll');
    await enrollByCode(page, pool.url, code);
    await expect(page.getByRole('alert')).toHaveText('此登记码已被使用，请向管理员索取新的登记码');
    await expect(page.getByRole('region', { name: '当前登记' })).toContainText(pool.url);
    await page.getByRole('button', { name: '返回工作台' }).click();

    // The venue network dies; staff keep capturing leads.
    await context.setOffline(true);
    await expect(badge).toHaveAttribute('data-state', 'offline');
    await addLead(page, { name: '张三', phone: '13800138000', company: '华为技术' });
    // The person and their `registered` fact wait to be uploaded.
    await expect(badge).toHaveAttribute('data-pending', '2');
    await expect(badge).toContainText('离线');
    await expect(badge).toHaveAccessibleName(/^同步状态：离线 · 待上传 2 条/);
    await badge.click();
    await expect(page.getByRole('region', { name: '同步详情' })).toContainText('上次错误');
    await page.screenshot({ path: join(SHOTS, 'badge-offline-zh-CN.png') });
    await badge.click();
    expect(await poolDocuments(pool, 'people', event.id)).toEqual([]);

    await context.setOffline(false);
    await expect(badge).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
    await expect(badge).toHaveAttribute('data-pending', '0');
    const people = await poolDocuments(pool, 'people', event.id);
    expect(people).toEqual([
      expect.objectContaining({ name: '张三', phone: '+8613800138000', company: '华为技术' }),
    ]);
    const facts = await poolDocuments(pool, 'interactions', event.id);
    expect(facts).toEqual([
      expect.objectContaining({ type: 'registered', personId: people[0]?.id }),
    ]);
    await page.screenshot({ path: join(SHOTS, 'badge-synced-zh-CN.png') });

    // A restart resumes: still enrolled, the token and checkpoints are kept, nothing re-sent.
    await context.close();
    ({ context, page } = await launch());
    await context.setOffline(true);
    await openApp(page);
    await expectCurrentEvent(page, event.name);
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'offline');
    await expect(syncBadge(page)).toHaveAttribute('data-pending', '0');
    await addLead(page, { name: '李雷', phone: '13900139000', company: '腾讯' });
    await expect(syncBadge(page)).toHaveAttribute('data-pending', '2');
    await context.setOffline(false);
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
    expect((await poolDocuments(pool, 'people', event.id)).map((p) => p.name).sort()).toEqual(
      ['张三', '李雷'].sort(),
    );
    expect(await poolDocuments(pool, 'interactions', event.id)).toHaveLength(2);

    // The check-in desk shows the same badge.
    await page.getByRole('button', { name: '签到' }).click();
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced');
    await page.screenshot({ path: join(SHOTS, 'checkin-badge-zh-CN.png') });
    await context.close();
  });
});

test('a booth enrolls by scanning the enrollment QR; once revoked it wipes itself at its next contact', async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const event = await createPoolEvent(pool, '2026 深圳电子展');
  const { qrText } = await issueEnrollmentCode(pool, event.id);
  const videos = await mkdtemp(join(tmpdir(), 'leadpond-enroll-qr-'));
  try {
    const camera = await makeQrVideo(videos, 'enroll', [{ text: qrText, seconds: 2 }]);
    await withInstalledBooth(baseURL, async (launch) => {
      let { context, page } = await launch({ camera });
      await openApp(page, '/?lang=zh-CN#/enroll');
      await expect(page.getByRole('heading', { name: '登记此设备' })).toBeVisible();
      await page.screenshot({ path: join(SHOTS, 'enroll-zh-CN.png') });
      await page.getByRole('button', { name: '打开摄像头' }).click();
      await expectCurrentEvent(page, event.name);
      await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', { timeout: 20_000 });
      await addLead(page, { name: '王五', phone: '13600136000', company: '比亚迪' });
      await expect(syncBadge(page)).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
      await context.close();

      // Reported lost: marketing revokes the device while it is switched off.
      const devices = await (
        await fetch(`${pool.url}/api/v1/events/${event.id}/devices`, {
          headers: { authorization: `Bearer ${pool.adminToken}` },
        })
      ).json();
      const deviceId = (devices as { devices: { id: string }[] }).devices[0]?.id ?? '';
      await revokeDevice(pool, deviceId);

      ({ context, page } = await launch());
      await openApp(page);
      await expect(page.getByRole('heading', { name: '登记此设备' })).toBeVisible({
        timeout: 20_000,
      });
      await expect(page.getByText('此设备已被客户池吊销', { exact: false })).toBeVisible();
      await page.screenshot({ path: join(SHOTS, 'enroll-revoked-zh-CN.png') });
      await page.getByRole('button', { name: '返回工作台' }).click();
      // Nothing of the event is left on the device.
      await expect(page.getByRole('heading', { name: '先创建一个活动' })).toBeVisible();
      await expect(syncBadge(page)).toHaveAttribute('data-state', 'not_enrolled');
      expect(await page.evaluate(() => localStorage.getItem('leadpond.deviceToken'))).toBeNull();
      // The pool kept what the device had uploaded.
      expect((await poolDocuments(pool, 'people', event.id)).map((p) => p.name)).toEqual(['王五']);
      await context.close();
    });
  } finally {
    await rm(videos, { recursive: true, force: true });
  }
});
