import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBin, startThrowawayPostgres } from '../scripts/postgres-cluster.mjs';
import { newId } from '../src/shared/ids';
import { openPostgres } from '../src/server/db/postgres';
import { freePort, PoolProcess } from '../src/server/pool-process.test-kit';
import { openApp } from './booth';
import { enrollByCode, syncBadge, withInstalledBooth } from './pool';

/**
 * Scale-out (DESIGN.md "Testing and CI"): two pool processes on one PostgreSQL, as behind a load
 * balancer, and a web-mode booth on each. A lead captured at one booth is pushed to its pool,
 * and reaches the other booth live through the other pool: its change stream is woken by
 * PostgreSQL's LISTEN/NOTIFY, the only thing the two processes share besides the tables.
 */

const SHOTS = '/tmp/shots';
const CONVERGE = { timeout: 30_000 };
const ADMIN_TOKEN = `lpu_scale-out-admin-${newId()}`;

const hasPostgres = Boolean(process.env.DATABASE_URL) || postgresBin() !== null;
test.skip(
  !hasPostgres,
  'PostgreSQL is not installed (Debian: apt-get install -y postgresql): two pool processes need one PostgreSQL server to share',
);

const cleanups: (() => Promise<void> | void)[] = [];
const pools: PoolProcess[] = [];

/** The shared database: DATABASE_URL with a schema of its own, else a throwaway cluster. */
async function sharedDatabaseUrl(): Promise<string> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const cluster = await startThrowawayPostgres();
    cleanups.push(cluster.stop);
    url = cluster.url;
  }
  const schema = `scale_${newId().replaceAll('-', '')}`;
  const admin = await openPostgres(url);
  await admin.exec(`create schema ${schema}`);
  await admin.close();
  const base = url;
  cleanups.push(async () => {
    const db = await openPostgres(base);
    await db.exec(`drop schema ${schema} cascade`);
    await db.close();
  });
  return `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await mkdir(SHOTS, { recursive: true });
  const databaseUrl = await sharedDatabaseUrl();
  for (let i = 0; i < 2; i++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'leadpond-scale-out-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const pool = new PoolProcess(port, {
      LEADPOND_POOL_PORT: String(port),
      DATABASE_URL: databaseUrl,
      LEADPOND_DATA_DIR: dataDir,
      LEADPOND_ADMIN_TOKEN: ADMIN_TOKEN,
      LEADPOND_LOG_LEVEL: 'warn',
      LEADPOND_POOL_HOST: '127.0.0.1',
    });
    pools.push(pool);
    // One after the other: the first migrates the shared database, the second finds it current.
    await pool.start();
  }
});

test.afterAll(async () => {
  for (const pool of pools) await pool.kill();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function enrollAt(pool: PoolProcess, page: Page, event: { id: string; name: string }) {
  const { codes } = await pool.admin<{ codes: { code: string }[] }>(
    'POST',
    `/events/${event.id}/enrollment-codes`,
    { count: 1 },
  );
  await openApp(page, '/?lang=zh-CN#/enroll');
  await enrollByCode(page, pool.url, codes[0]?.code ?? '');
  await expect(page.locator('.event-picker select option:checked')).toHaveText(
    event.name,
    CONVERGE,
  );
  await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', CONVERGE);
}

/** Staff type a lead in at the console and close its card. */
async function captureLead(page: Page, name: string, phone: string) {
  await page.getByRole('button', { name: '新增线索' }).click();
  const form = page.getByRole('form', { name: '新增线索' });
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('手机号').fill(phone);
  await form.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('form', { name: '线索资料' }).getByRole('button', { name: '关闭' }).click();
}

async function expectLead(page: Page, name: string) {
  const search = page.getByRole('searchbox', { name: '搜索线索' });
  await search.fill(name);
  await expect(page.locator('.person-row')).toContainText([name], CONVERGE);
  await search.fill('');
}

async function shoot(page: Page, file: string, testInfo: { outputPath(name: string): string }) {
  const path = testInfo.outputPath(file);
  await page.screenshot({ path });
  await copyFile(path, join(SHOTS, file));
}

test('two pool processes on one PostgreSQL: each booth sees the other booth’s captures live', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const [first, second] = pools as [PoolProcess, PoolProcess];
  const { event } = await first.admin<{ event: { id: string; name: string } }>('POST', '/events', {
    name: '2026 深圳国际电子展',
    startsOn: '2026-11-25',
    endsOn: '2026-11-27',
  });

  await withInstalledBooth(baseURL, async (launchA) => {
    await withInstalledBooth(baseURL, async (launchB) => {
      const a: { context: BrowserContext; page: Page } = await launchA({ poolUrl: first.url });
      const b: { context: BrowserContext; page: Page } = await launchB({ poolUrl: second.url });
      await a.page.setViewportSize({ width: 1366, height: 768 });
      await b.page.setViewportSize({ width: 1366, height: 768 });
      // Booth A talks to the first pool only, booth B to the second only.
      await enrollAt(first, a.page, event);
      await enrollAt(second, b.page, event);

      await captureLead(a.page, '张三', '139 1234 5678');
      await expect(b.page.getByTestId('stats.total')).toHaveText('1', CONVERGE);
      await expectLead(b.page, '张三');

      await captureLead(b.page, '李四', '139 8765 4321');
      await expect(a.page.getByTestId('stats.total')).toHaveText('2', CONVERGE);
      await expectLead(a.page, '李四');
      await expect(b.page.getByTestId('stats.total')).toHaveText('2', CONVERGE);
      for (const page of [a.page, b.page]) {
        await expect(syncBadge(page)).toHaveAttribute('data-pending', '0', CONVERGE);
      }

      // Both pools answer from the one database: the same two people, each stored once.
      for (const pool of [first, second]) {
        const found = await pool.admin<{ customers: { profile: { name: string } }[] }>(
          'GET',
          `/customers?q=139`,
        );
        expect(found.customers.map((c) => c.profile.name).sort()).toEqual(['张三', '李四'].sort());
      }
      await shoot(a.page, 'scale-out-booth-a-zh-CN.png', testInfo);
      await shoot(b.page, 'scale-out-booth-b-zh-CN.png', testInfo);
    });
  });
});
