import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestPool } from '../src/server/testing';
import {
  createPoolEvent,
  deviceIdOf,
  enrollForEvent,
  getCustomer,
  poolDocuments,
  searchCustomers,
  startPool,
  syncBadge,
  withInstalledBooth,
} from './pool';
import { scannerBurst } from './scanner';

const SHOTS = '/tmp/shots';
/** Sync between two devices and a pool on a shared, loaded machine: generous, never a sleep. */
const CONVERGE = { timeout: 30_000 };
// Not 13800138000: the pool treats that placeholder as nobody's key (DESIGN.md "Trust").
const PHONE_E164 = '+8613912345678';

let pool: TestPool;

test.beforeAll(async () => {
  pool = await startPool();
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await pool?.close();
});

interface Device {
  context: BrowserContext;
  page: Page;
  deviceId: string;
}

/** A booth enrolled for the pool's event with a fresh one-time code, on its console. */
async function enrollDevice(
  launch: (options?: { poolUrl?: string }) => Promise<{ context: BrowserContext; page: Page }>,
  event: { id: string; name: string },
): Promise<Device> {
  const { context, page } = await launch({ poolUrl: pool.url });
  await enrollForEvent(page, pool, event, CONVERGE.timeout);
  return { context, page, deviceId: await deviceIdOf(page) };
}

/**
 * The people this device holds (live ones), read straight from its IndexedDB store: the console
 * never shows a person's id, and "the same person" means the same document on every device.
 */
async function localPeople(page: Page): Promise<{ id: string; name: string; company: string }[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases())
      .map((info) => info.name ?? '')
      .filter((name) => /^rxdb-dexie-leadpond--\d+--people$/.test(name));
    const rows: { id: string; name: string; company: string }[] = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const docs = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction('docs', 'readonly').objectStore('docs').getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      for (const doc of docs) {
        // Dexie storage keeps indexed booleans as '0' / '1'.
        if (doc._deleted === true || doc._deleted === '1') continue;
        rows.push({ id: String(doc.id), name: String(doc.name), company: String(doc.company) });
      }
    }
    return rows;
  });
}

async function shoot(page: Page, file: string, testInfo: { outputPath(name: string): string }) {
  const path = testInfo.outputPath(file);
  await page.screenshot({ path, fullPage: true });
  await copyFile(path, join(SHOTS, file));
}

test('two offline devices capture the same person differently; the pool keeps one customer with both histories and both devices converge on one person', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const event = await createPoolEvent(pool, '2026 广州智能制造展');

  await withInstalledBooth(baseURL, async (launchA) => {
    await withInstalledBooth(baseURL, async (launchB) => {
      const a = await enrollDevice(launchA, event);
      const b = await enrollDevice(launchB, event);
      expect(a.deviceId).not.toBe(b.deviceId);

      // The venue network dies for both booths.
      await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
      await expect(syncBadge(a.page)).toHaveAttribute('data-state', 'offline');
      await expect(syncBadge(b.page)).toHaveAttribute('data-state', 'offline');

      // Booth A: staff type the lead in at the console, with a company, and qualify them.
      await a.page.getByRole('button', { name: '新增线索' }).click();
      const form = a.page.getByRole('form', { name: '新增线索' });
      await form.getByLabel('姓名').fill('张三');
      await form.getByLabel('手机号').fill('139 1234 5678');
      await form.getByLabel('公司', { exact: true }).fill('华为技术');
      await form.getByRole('button', { name: '保存', exact: true }).click();
      const qualification = a.page.getByRole('form', { name: '线索评估' });
      await qualification.getByRole('radio', { name: '热' }).check();
      await qualification.getByLabel('下一步').selectOption({ label: '产品演示' });
      await qualification.getByLabel('添加备注').fill('想看产线质检方案的演示');
      await qualification.getByRole('button', { name: '保存评估' }).click();
      await expect(qualification.getByRole('status')).toHaveText('评估已保存');
      // The person, the `registered` fact and the qualification wait for the network.
      await expect(syncBadge(a.page)).toHaveAttribute('data-pending', '3');
      await a.page
        .getByRole('form', { name: '线索资料' })
        .getByRole('button', { name: '关闭' })
        .click();

      // Booth B: the same visitor's badge, pinyin name, +86 phone, an e-mail and no company.
      await b.page.getByRole('button', { name: '签到' }).click();
      await expect(b.page.getByRole('heading', { name: /签到 · / })).toBeVisible();
      await scannerBurst(
        b.page,
        'MECARD:N:Zhang San;TEL:+86 13912345678;EMAIL:zhangsan@example.cn;;',
      );
      const feedback = b.page.getByRole('alert');
      await expect(feedback).toHaveAttribute('data-tone', 'badge');
      await expect(feedback).toContainText('新线索：已从胸卡建档');
      await feedback.click();
      await expect(
        b.page.getByRole('dialog').getByRole('heading', { name: 'Zhang San' }),
      ).toBeVisible();
      await b.page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
      await b.page.getByRole('button', { name: '返回工作台' }).click();
      // The person and the `badge_scanned` fact wait for the network.
      await expect(syncBadge(b.page)).toHaveAttribute('data-pending', '2');
      for (const device of [a, b]) {
        expect(await device.page.evaluate(() => navigator.onLine)).toBe(false);
        await expect(syncBadge(device.page)).toHaveAttribute('data-state', 'offline');
      }
      expect(await poolDocuments(pool, 'people', event.id)).toEqual([]);
      expect(await poolDocuments(pool, 'interactions', event.id)).toEqual([]);

      await shoot(a.page, 'two-devices-a-offline-zh-CN.png', testInfo);
      await shoot(b.page, 'two-devices-b-offline-zh-CN.png', testInfo);

      // Offline, each booth has its own copy: two different people.
      const [offlineA] = await localPeople(a.page);
      const [offlineB] = await localPeople(b.page);
      expect(offlineA?.id).toBeTruthy();
      expect(offlineB?.id).toBeTruthy();
      expect(offlineA?.id).not.toBe(offlineB?.id);

      // The network comes back for both at once.
      await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
      for (const device of [a, b]) {
        await expect(syncBadge(device.page)).toHaveAttribute('data-state', 'synced', CONVERGE);
        await expect(syncBadge(device.page)).toHaveAttribute('data-pending', '0', CONVERGE);
      }

      // The pool: one customer for the phone, however it was typed, with both histories.
      await expect
        .poll(async () => (await searchCustomers(pool, '13912345678')).length, CONVERGE)
        .toBe(1);
      expect(await searchCustomers(pool, '139 1234 5678')).toHaveLength(1);
      const [customer] = await searchCustomers(pool, '13912345678');
      const detail = await getCustomer(pool, customer?.id ?? '');
      expect(detail.customer.profile).toMatchObject({
        phone: PHONE_E164,
        // Newest non-empty value per field: B's later name, A's company, B's e-mail.
        name: 'Zhang San',
        company: '华为技术',
        email: 'zhangsan@example.cn',
      });
      expect(detail.people).toHaveLength(1);
      const survivor = detail.people[0];
      // The oldest capture survives (booth A's); booth B's person was folded into it.
      expect(survivor?.id).toBe(offlineA?.id);
      const facts = detail.interactions.map((f) => ({
        type: f.type,
        deviceId: f.deviceId,
        personId: f.personId,
      }));
      expect(facts).toEqual(
        expect.arrayContaining([
          { type: 'registered', deviceId: a.deviceId, personId: survivor?.id },
          { type: 'badge_scanned', deviceId: b.deviceId, personId: survivor?.id },
        ]),
      );
      expect(facts).toHaveLength(2);
      expect(detail.qualifications).toEqual([
        expect.objectContaining({
          personId: survivor?.id,
          rating: 'hot',
          notes: [expect.objectContaining({ text: '想看产线质检方案的演示' })],
        }),
      ]);
      // What the devices replicate: one live person at the event, the folded one a tombstone.
      const poolPeople = await poolDocuments(pool, 'people', event.id);
      expect(poolPeople.filter((p) => !p._deleted).map((p) => p.id)).toEqual([survivor?.id]);
      expect(poolPeople.find((p) => p.id === offlineB?.id)).toMatchObject({ _deleted: true });

      // Both booths converge on that one person, with the merged profile and both facts.
      for (const device of [a, b]) {
        const { page } = device;
        await expect
          .poll(async () => localPeople(page), CONVERGE)
          .toEqual([{ id: survivor?.id, name: 'Zhang San', company: '华为技术' }]);
        await expect(page.getByTestId('stats.total')).toHaveText('1', CONVERGE);
        const search = page.getByRole('searchbox', { name: '搜索线索' });
        await search.fill('139 1234 5678');
        const rows = page.locator('.person-row');
        await expect(rows).toHaveCount(1, CONVERGE);
        await expect(rows).toContainText('Zhang San');
        await expect(rows).toContainText('华为技术');
        await search.fill('zhang');
        await expect(rows).toHaveCount(1);
        await rows.click();
        const timeline = page.getByRole('region', { name: '互动记录' });
        await expect(timeline.getByText('登记', { exact: true })).toBeVisible(CONVERGE);
        await expect(timeline.getByText('扫描胸卡', { exact: true })).toBeVisible(CONVERGE);
        await expect(timeline.locator('li')).toHaveCount(2);
        await expect(
          page.getByRole('form', { name: '线索评估' }).getByText('想看产线质检方案的演示'),
        ).toBeVisible(CONVERGE);
        await expect(page.getByLabel('邮箱')).toHaveValue('zhangsan@example.cn');
        await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced');
        await expect(syncBadge(page)).toHaveAttribute('data-pending', '0');
      }
      await shoot(a.page, 'two-devices-a-converged-zh-CN.png', testInfo);
      await shoot(b.page, 'two-devices-b-converged-zh-CN.png', testInfo);
      await Promise.all([a.context.close(), b.context.close()]);
    });
  });
});
