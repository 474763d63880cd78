import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readSheet } from 'read-excel-file/node';
import { CSV_MIME } from '../../src/shared/api';
import type { Language } from '../../src/shared/i18n';
import type { MessageTree } from '../../src/shared/i18n/pool/catalog';
import { customers } from '../../src/shared/i18n/pool/customers';
import type { TestPool } from '../../src/server/testing';
import { appUrl, checkScreen, createUserSession, DESKTOP, signIn, startPoolApp } from './kit';

/** A message of the customers catalog, `{{placeholders}}` filled in. */
function say(lang: Language, path: string, values: Record<string, string> = {}): string {
  let node: string | MessageTree | undefined = customers[lang];
  for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
  if (typeof node !== 'string') throw new Error(`no message ${path}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

/** Attendees as marketing would import them: Chinese headers, consent given by most. */
const ATTENDEES = [
  '姓名,手机,公司,职位,行业,省份,城市,是否同意',
  '张三,13800138001,华为技术,采购经理,通信,广东,深圳,是',
  '李四,13800138002,=cmd|/c calc,工程师,汽车,广东,广州,是',
  '王五,13800138003,比亚迪,总监,汽车,广东,深圳,是',
  'John Smith,13800138004,Acme,CTO,汽车,上海,上海,否',
  '赵六,13800138005,联想,经理,电子,北京,北京,是',
  '钱七,13800138006,小米,工程师,电子,北京,北京,是',
].join('\n');

const rows = (page: Page) => page.locator('.customer-table tbody tr:not(.spacer)');

async function signedInPage(
  browser: Browser,
  pool: TestPool,
  lang: Language,
  role: 'marketing' | 'sales',
) {
  const user = await createUserSession(pool, role);
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(appUrl(pool, '/customers', lang));
  await signIn(page, user.email, user.password);
  await page.goto(appUrl(pool, '/customers', lang));
  return { page, user };
}

test.describe('customers list', () => {
  let pool: TestPool;
  let salesEmail = '';
  test.beforeAll(async () => {
    pool = await startPoolApp();
    const headers = { authorization: `Bearer ${pool.adminToken}` };
    const created = await fetch(`${pool.url}/api/v1/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '智造展 2026',
        startsOn: '2026-11-25',
        endsOn: '2026-11-27',
        venue: '上海',
        cost: { amount: 50000, currency: 'CNY' },
        form: { fields: ['name', 'phone', 'company'], required: ['name', 'phone'] },
        consent: { text: '我们可能就产品与您联系。', version: 'v1' },
      }),
    });
    expect(created.status).toBe(201);
    const { event } = (await created.json()) as { event: { id: string } };
    const imported = await fetch(`${pool.url}/api/v1/events/${event.id}/attendees/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': CSV_MIME },
      body: ATTENDEES,
    });
    expect(imported.status, await imported.text()).toBe(200);
    // Leads routed to one sales user (routing is its own module; here the owner is set as it would).
    const sales = await createUserSession(pool, 'sales', 'Sales Sun');
    salesEmail = sales.email;
    await pool.db.query(
      `update customers set owner = (select id from users where email = $1)
        where profile->>'name' in ('张三', '王五')`,
      [salesEmail],
    );
  });
  test.afterAll(async () => {
    await pool.close();
  });

  test('marketing filters, searches by initials, saves a segment and exports it (zh-CN)', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const lang = 'zh-CN';
    const t = (path: string, values?: Record<string, string>) => say(lang, path, values);
    const { page } = await signedInPage(browser, pool, lang, 'marketing');
    await expect(page.getByRole('heading', { name: t('title'), level: 1 })).toBeVisible();
    await expect(rows(page)).toHaveCount(6);
    await expect(page.getByText(t('count', { count: '6' }))).toBeVisible();
    await expect(rows(page).filter({ hasText: '张三' })).toContainText('138 0013 8001');
    await checkScreen(page, `customers-list-${lang}`);

    // Pinyin initials, as at the booth: "zs" is 张三.
    await page.getByLabel(t('search.label')).fill('zs');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('张三');
    expect(page.url()).toContain('q=zs');
    await page.getByLabel(t('search.label')).fill('');
    await expect(rows(page)).toHaveCount(6);

    // Server-side filters, in the URL: industry 汽车, province 广东 and marketing consent.
    await page.getByLabel(t('filters.industry')).fill('汽车');
    await expect(rows(page)).toHaveCount(3);
    await expect.poll(() => decodeURIComponent(page.url())).toContain('industry=汽车');
    await page.getByLabel(t('filters.province')).fill('广东');
    // A typed filter applies once typing pauses: wait for it to be in the URL.
    await expect.poll(() => decodeURIComponent(page.url())).toContain('province=广东');
    await page.getByLabel(t('filters.consent')).selectOption('granted');
    await expect(rows(page)).toHaveCount(2);
    await expect(page.getByText(t('count', { count: '2' }))).toBeVisible();
    expect(decodeURIComponent(page.url())).toContain('industry=汽车');

    // Saved as a segment: it shows in the sidebar with its live count.
    await page.getByLabel(t('segments.name')).fill('广东汽车');
    await page.getByRole('button', { name: t('segments.save') }).click();
    const segment = page.getByRole('button', {
      name: t('segments.countOf', { name: '广东汽车', count: '2' }),
    });
    await expect(segment).toBeVisible();
    await expect(segment).toHaveAttribute('aria-current', 'true');
    await checkScreen(page, `customers-segment-${lang}`);

    // Its CSV: BOM, Chinese headers, the formula cell neutralized.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('export.csv') }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^广东汽车-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await csv.path()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^"姓名","公司","职位"/);
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith('"李四"'))).toContain(`"'=cmd|/c calc"`);

    // Its XLSX opens, with the same rows.
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('export.xlsx') }).click(),
    ]);
    const sheet = await readSheet(readFileSync(await xlsx.path()));
    expect(sheet[0]?.[0]).toBe('姓名');
    expect(
      sheet
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(['李四', '王五']);

    // Nothing matches: the empty state says so.
    await page.getByLabel(t('search.label')).fill('xyzxyz');
    await expect(page.getByText(t('empty'))).toBeVisible();
    await checkScreen(page, `customers-empty-${lang}`);

    // Rows link to the customer's 360.
    await page.getByRole('button', { name: t('segments.all') }).click();
    await expect(rows(page)).toHaveCount(6);
    const link = rows(page).filter({ hasText: '赵六' }).getByRole('link', { name: '赵六' });
    await expect(link).toHaveAttribute('href', /^#\/customers\/[0-9a-f-]+$/);
  });

  test('a list opened by its link asks for its first page once, beside the session check', async ({
    browser,
  }) => {
    const user = await createUserSession(pool, 'marketing');
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const link = appUrl(pool, '/customers?province=广东', 'zh-CN');
    // Signed out, the early ask is refused; signed in, the list is asked for again and shown.
    await page.goto(link);
    await signIn(page, user.email, user.password);
    await expect(rows(page)).toHaveCount(3);
    // A fresh document on the same link: one list request and one count, not a second ask.
    const asked: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/v1/customers')) asked.push(pathname);
    });
    await page.goto('about:blank');
    await page.goto(link);
    await expect(rows(page)).toHaveCount(3);
    await page.waitForLoadState('networkidle');
    expect(asked.sort()).toEqual(['/api/v1/customers', '/api/v1/customers/count']);
    await context.close();
  });

  test('the English screen, and a sales user sees only the leads routed to them (en)', async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const lang = 'en';
    const t = (path: string, values?: Record<string, string>) => say(lang, path, values);
    const { page } = await signedInPage(browser, pool, lang, 'marketing');
    await expect(page.getByRole('heading', { name: t('title'), level: 1 })).toBeVisible();
    await expect(rows(page)).toHaveCount(6);
    await page.getByLabel(t('search.label')).fill('js');
    await expect(rows(page).filter({ hasText: 'John Smith' })).toHaveCount(1);
    await checkScreen(page, `customers-list-${lang}`);
    // A link with a filter the pool refuses: the error state says why and offers a retry.
    await page.goto(appUrl(pool, '/customers?did=teleported', lang));
    await expect(page.getByRole('alert')).toContainText('did');
    await expect(page.getByRole('alert').getByRole('button')).toBeVisible();
    await checkScreen(page, `customers-error-${lang}`);
    await page.context().close();

    const context = await browser.newContext({ viewport: DESKTOP });
    const sales = await context.newPage();
    await sales.goto(appUrl(pool, '/customers', lang));
    await signIn(sales, salesEmail, 'kit password 2026');
    await sales.goto(appUrl(pool, '/customers', lang));
    await expect(sales.getByText(t('introSales'))).toBeVisible();
    await expect(rows(sales)).toHaveCount(2);
    await expect(rows(sales).filter({ hasText: '李四' })).toHaveCount(0);
    // No exports and no segment saving for sales; the API refuses them too.
    await expect(sales.getByRole('link', { name: t('export.csv') })).toHaveCount(0);
    const refused = await sales.evaluate(
      async () => (await fetch('/api/v1/customers/export.csv')).status,
    );
    expect(refused).toBe(403);
    await checkScreen(sales, `customers-sales-${lang}`);
  });
});
