import { expect, test, type Page } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestPool } from '../src/server/testing';
import {
  createPoolEvent,
  enrollForEvent,
  importAttendees,
  poolDocuments,
  startPool,
  syncBadge,
  withInstalledBooth,
} from './pool';
import { scannerBurst } from './scanner';

const SHOTS = '/tmp/shots';
/** Sync on a shared, loaded machine: generous timeouts, never a sleep. */
const SYNCED = { timeout: 30_000 };

/** Marketing's spreadsheet from the registration system, Chinese headers, phones typed loosely. */
const ATTENDEES_CSV = [
  '姓名,手机,公司',
  '王芳,139 1234 5678,阿里云',
  '李雷,+86 137-0013-7000,腾讯',
].join('\r\n');

let pool: TestPool;

test.beforeAll(async () => {
  pool = await startPool();
  await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await pool?.close();
});

async function shoot(page: Page, file: string, testInfo: { outputPath(name: string): string }) {
  const path = testInfo.outputPath(file);
  await page.screenshot({ path });
  await copyFile(path, join(SHOTS, file));
}

test('a pre-registered attendee imported in the pool checks in on an offline booth with their signed ticket, and the check-in reaches the pool once', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const event = await createPoolEvent(pool, '2026 杭州云栖大会');
  const imported = await importAttendees(pool, event.id, ATTENDEES_CSV);
  expect(imported).toMatchObject({ rows: 2, created: 2, registered: 2 });
  const wang = imported.tickets.find((t) => t.name === '王芳');
  expect(wang?.ticket).toMatch(/^LP1\./);
  const ticket = wang?.ticket ?? '';
  const personId = wang?.personId ?? '';

  await withInstalledBooth(baseURL, async (launch) => {
    const { context, page } = await launch({ poolUrl: pool.url });
    // Online: the event (with its ticket public key) and its attendees arrive by sync.
    await enrollForEvent(page, pool, event, SYNCED.timeout);
    await expect(page.getByTestId('stats.total')).toHaveText('2', SYNCED);
    await page.getByRole('searchbox', { name: '搜索线索' }).fill('13912345678');
    await expect(page.locator('.person-row')).toHaveCount(1);
    await expect(page.locator('.person-row')).toContainText('王芳');
    await page.getByRole('button', { name: '签到' }).click();
    await expect(page.getByRole('heading', { name: `签到 · ${event.name}` })).toBeVisible();
    const total = page.getByTestId('checkin-total');
    await expect(total).toHaveText('0 / 2 人已签到');

    // The venue network dies.
    await context.setOffline(true);
    const badge = syncBadge(page);
    await expect(badge).toHaveAttribute('data-state', 'offline');
    await expect(badge).toHaveAttribute('data-pending', '0');

    // The scanner reads the ticket: green with the name, decided on the device, while offline.
    await scannerBurst(page, ticket);
    const feedback = page.getByRole('alert');
    await expect(feedback).toHaveAttribute('data-tone', 'green');
    await expect(feedback).toContainText('签到成功');
    await expect(feedback).toContainText('王芳');
    await expect(feedback).toContainText('阿里云');
    await shoot(page, 'ticket-checkin-offline-green-zh-CN.png', testInfo);
    // Nothing reached the pool: the check-in waits for the network, the desk did not.
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await expect(badge).toHaveAttribute('data-state', 'offline');
    await expect(badge).toHaveAttribute('data-pending', '1');
    const checkInsAtPool = async () =>
      (await poolDocuments(pool, 'interactions', event.id)).filter(
        (fact) => fact.type === 'checked_in' && fact.personId === personId,
      );
    expect(await checkInsAtPool()).toEqual([]);
    await expect(total).toHaveText('1 / 2 人已签到');

    // Scanned again: amber, already checked in on this booth, still one check-in.
    await scannerBurst(page, ticket);
    await expect(feedback).toHaveAttribute('data-tone', 'amber');
    await expect(feedback).toContainText('王芳');
    await expect(feedback).toContainText(/已于 \d{2}:\d{2} 在 Booth-\w+ 签到/);
    await shoot(page, 'ticket-checkin-offline-amber-zh-CN.png', testInfo);
    await feedback.click();
    await expect(feedback).toBeHidden();
    await expect(total).toHaveText('1 / 2 人已签到');
    await expect(badge).toHaveAttribute('data-pending', '1');
    await expect(badge).toHaveAttribute('data-state', 'offline');
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await checkInsAtPool()).toEqual([]);
    await shoot(page, 'ticket-checkin-offline-desk-zh-CN.png', testInfo);

    // Online again: the one check-in reaches the pool, for the imported person.
    await context.setOffline(false);
    await expect(badge).toHaveAttribute('data-state', 'synced', SYNCED);
    await expect(badge).toHaveAttribute('data-pending', '0', SYNCED);
    const [checkIn, ...more] = await checkInsAtPool();
    expect(more).toEqual([]);
    expect(checkIn).toMatchObject({
      personId,
      eventId: event.id,
      data: expect.objectContaining({ method: 'hid' }),
    });
    // The booth's count is unchanged after the pull, and the person was never duplicated.
    await expect(total).toHaveText('1 / 2 人已签到');
    const people = await poolDocuments(pool, 'people', event.id);
    expect(people.filter((p) => !p._deleted)).toHaveLength(2);
    await shoot(page, 'ticket-checkin-synced-zh-CN.png', testInfo);
    await context.close();
  });
});
