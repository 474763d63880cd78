import { expect, test } from '@playwright/test';
import { bearer, createEvent } from '../../src/server/routes/routes.test-kit';
import { uploadedAsset } from '../../src/server/routes/assets.test-kit';
import { dashboard } from '../../src/shared/i18n/pool/dashboard';
import { shell } from '../../src/shared/i18n/pool/shell';
import type { LeadEvent } from '../../src/shared/schemas';
import type { TestPool } from '../../src/server/testing';
import { deskPage, factOf, say, seedBooth } from './dash-kit';
import { appUrl, checkScreen, createUserSession, signIn, startPoolApp } from './kit';

/**
 * Event dashboards on a real pool and the built app: a booth device pushes a fair's leads and
 * facts through sync, marketing reads the fair's funnel and charts, compares it with an empty
 * event, and sales is refused. The full flow runs in Chinese; English checks the screens.
 */
const PROVINCES = ['广东', '广东', '广东', '北京', '北京', '上海', '浙江', '江苏', '', ''];
// 2026-11-26 09:10, 09:40, 10:05 and 14:30 Beijing time.
const CHECK_INS = [
  Date.UTC(2026, 10, 26, 1, 10),
  Date.UTC(2026, 10, 26, 1, 40),
  Date.UTC(2026, 10, 26, 2, 5),
  Date.UTC(2026, 10, 26, 6, 30),
];

let pool: TestPool;
let fair: LeadEvent;
let quiet: LeadEvent;
let marketing: { email: string; password: string };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pool = await startPoolApp();
  quiet = await createEvent(pool, {
    name: '春季小型研讨会',
    startsOn: '2026-03-10',
    endsOn: '2026-03-10',
  });
  fair = await createEvent(pool, {
    name: '2026 工业自动化博览会',
    startsOn: '2026-11-25',
    endsOn: '2026-11-27',
    cost: { amount: 50_000, currency: 'CNY' },
  });
  const paper = await uploadedAsset(pool, fair.id, '智能工厂白皮书');
  await seedBooth(
    pool,
    fair.id,
    PROVINCES.map((province, i) => ({
      name: `访客${i}`,
      phone: `+86138${String(10_000_000 + i).slice(-8)}`,
      province,
    })),
    (person, i) => [
      ...(i < 8 ? [factOf(fair.id, person.id, 'registered')] : []),
      ...(i < 4 ? [factOf(fair.id, person.id, 'checked_in', CHECK_INS[i])] : []),
      ...(i < 3
        ? [factOf(fair.id, person.id, 'content_downloaded', Date.now(), { assetId: paper.id })]
        : []),
      ...(i < 2 ? [factOf(fair.id, person.id, 'demo_requested')] : []),
    ],
  );
  // Two customers reach MQL by asking for a demo (the default rule); one of them goes on to SQL.
  const listed = await pool.app.inject({
    url: `/api/v1/customers?eventId=${fair.id}&stage=MQL`,
    headers: bearer(pool.adminToken),
  });
  const [first] = (listed.json() as { customers: { id: string }[] }).customers;
  for (const to of ['SAL', 'SQL']) {
    const moved = await pool.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${first!.id}/stage`,
      headers: bearer(pool.adminToken),
      payload: { to, why: '' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }
  marketing = await createUserSession(pool, 'marketing', 'Wang Fang');
});
test.afterAll(async () => {
  await pool.close();
});

test('marketing reads a fair: funnel, ROI, check-ins by Beijing hour, breakdowns; compares; sales is refused', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const lang = 'zh-CN';
  const d = (path: string, values?: Record<string, string | number>) =>
    say(dashboard, lang, path, values);
  const page = await deskPage(browser);
  const chartRequests: string[] = [];
  page.on('request', (request) => {
    if (/echarts-setup/.test(request.url())) chartRequests.push(request.url());
  });

  await page.goto(appUrl(pool, '/', lang));
  await signIn(page, marketing.email, marketing.password);
  // The first screen needs no chart code.
  expect(chartRequests).toEqual([]);

  await page.getByRole('link', { name: say(shell, lang, 'nav.dashboard') }).click();
  await expect(page.getByRole('heading', { name: d('title'), level: 1 })).toBeVisible();
  // The newest event is shown by default.
  await expect(page.getByRole('checkbox', { name: fair.name })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: quiet.name })).not.toBeChecked();
  const tiles = page.locator('.dash-tile');
  await expect(tiles.filter({ hasText: d('roi.costPerLead') })).toContainText('5,000');
  await expect(tiles.filter({ hasText: d('roi.costPerMql') })).toContainText('25,000');
  await expect(tiles.filter({ hasText: d('roi.costPerSql') })).toContainText('50,000');
  await expect(tiles.filter({ hasText: d('roi.checkInRate') })).toContainText('50%');

  // Each chart is drawn (SVG) and named by its numbers.
  const funnel = page.getByRole('figure', { name: d('funnel.title') });
  await expect(funnel.locator('svg')).toBeVisible();
  await expect(funnel.locator('.chart-host')).toHaveAttribute(
    'aria-label',
    `${d('funnel.title')}：已报名 8; 已签到 4; 线索 10; MQL 2; SAL 1; SQL 1`,
  );
  expect(chartRequests.length).toBeGreaterThan(0);

  // Check-ins per hour in Beijing time, read as a table.
  const checkIns = page.getByRole('figure', { name: d('charts.checkIns') });
  await checkIns.getByText(d('charts.showTable')).click();
  const rows = checkIns.locator('tbody tr');
  await expect(rows).toHaveText([
    /2026-11-26 09:00\s*2/,
    /2026-11-26 10:00\s*1/,
    /2026-11-26 14:00\s*1/,
  ]);
  const downloads = page.getByRole('figure', { name: d('charts.downloads') });
  await expect(downloads.locator('.chart-host')).toHaveAttribute('aria-label', /智能工厂白皮书 3/);
  const provinces = page.getByRole('figure', { name: d('charts.provinces') });
  await expect(provinces.locator('.chart-host')).toHaveAttribute(
    'aria-label',
    `${d('charts.provinces')}：广东 3; 未填写 2; 北京 2; 上海 1; 江苏 1; 浙江 1`,
  );
  const sources = page.getByRole('figure', { name: d('charts.sources') });
  await expect(sources.locator('.chart-host')).toHaveAttribute('aria-label', /工作人员录入 10/);
  await checkScreen(page, `dashboard-event-${lang}`);

  // Side by side with the quiet event: the comparison is a link.
  await page.getByRole('checkbox', { name: quiet.name }).check();
  await expect(page.getByRole('heading', { name: d('compare.title') })).toBeVisible();
  expect(page.url()).toContain(`ids=${fair.id}%2C${quiet.id}`);
  const table = page.getByRole('table', { name: d('compare.caption') });
  await expect(table.getByRole('row', { name: new RegExp(`^${d('funnel.leads')}`) })).toHaveText(
    /10\s*0/,
  );
  await expect(
    table.getByRole('row', { name: new RegExp(`^${d('roi.costPerLead')}`) }),
  ).toContainText('—');
  await expect(
    page.getByRole('figure', { name: d('charts.compareFunnel') }).locator('svg'),
  ).toBeVisible();
  await checkScreen(page, `dashboard-compare-${lang}`);

  // The quiet event on its own page: its empty state.
  await table.getByRole('link', { name: d('picker.open', { name: quiet.name }) }).click();
  await expect(
    page.getByRole('heading', { name: d('eventTitle', { name: quiet.name }), level: 1 }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: d('empty.title') })).toBeVisible();
  await checkScreen(page, `dashboard-empty-${lang}`);
  await page.context().close();

  // Sales: the screen refuses and so does the API.
  const salesUser = await createUserSession(pool, 'sales', 'Li Lei');
  const sales = await deskPage(browser);
  await sales.goto(appUrl(pool, `/dashboard/${fair.id}`, lang));
  await signIn(sales, salesUser.email, salesUser.password);
  await expect(
    sales.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
  ).toBeVisible();
  const refused = await sales.request.get(`${pool.url}/api/v1/events/${fair.id}/dashboard`);
  expect(refused.status()).toBe(403);
  await sales.context().close();
});

test('the dashboards in English: one event, the comparison, an empty event', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const lang = 'en';
  const d = (path: string, values?: Record<string, string | number>) =>
    say(dashboard, lang, path, values);
  const page = await deskPage(browser);
  await page.goto(appUrl(pool, `/dashboard/${fair.id}`, lang));
  await signIn(page, marketing.email, marketing.password);
  await expect(
    page.getByRole('heading', { name: d('eventTitle', { name: fair.name }), level: 1 }),
  ).toBeVisible();
  await expect(page.locator('.dash-tile').filter({ hasText: d('roi.costPerLead') })).toContainText(
    'CN¥5,000',
  );
  await expect(
    page.getByRole('figure', { name: d('charts.provinces') }).locator('svg'),
  ).toBeVisible();
  await checkScreen(page, `dashboard-event-${lang}`);

  await page.goto(appUrl(pool, `/dashboard?ids=${fair.id},${quiet.id}`, lang));
  await expect(page.getByRole('heading', { name: d('compare.title') })).toBeVisible();
  await expect(
    page.getByRole('figure', { name: d('charts.compareFunnel') }).locator('svg'),
  ).toBeVisible();
  await checkScreen(page, `dashboard-compare-${lang}`);

  await page.goto(appUrl(pool, `/dashboard/${quiet.id}`, lang));
  await expect(page.getByRole('heading', { name: d('empty.title') })).toBeVisible();
  await checkScreen(page, `dashboard-empty-${lang}`);
  await page.context().close();
});
