import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { CRM_TEMPLATES, CSV_MIME } from '../../src/shared/api';
import type { Language } from '../../src/shared/i18n';
import { crm } from '../../src/shared/i18n/pool/crm';
import { customers } from '../../src/shared/i18n/pool/customers';
import { settings } from '../../src/shared/i18n/pool/settings';
import { shell } from '../../src/shared/i18n/pool/shell';
import { createEvent } from '../../src/server/routes/routes.test-kit';
import type { TestPool } from '../../src/server/testing';
import {
  appUrl,
  checkScreen,
  createUserSession,
  DESKTOP,
  say,
  signedInPage,
  signIn,
  startPoolApp,
} from './kit';

/** Attendees as an organizer's list has them: one with a formula for a company, one without consent. */
const ATTENDEES = [
  '姓名,手机,公司,职位,省份,城市,邮箱,是否同意',
  '欧阳娜娜,13800138001,华为技术,采购经理,广东,深圳,nana@example.com,是',
  '李四,13800138002,=HYPERLINK("http://evil.example"),工程师,广东,广州,li@example.com,是',
  'John Smith,13800138004,Acme,CTO,上海,上海,john@example.com,否',
].join('\n');

const signedInMarketing = (browser: Browser, pool: TestPool, lang: Language) =>
  signedInPage(browser, pool, { role: 'marketing', hashPath: '/settings/crm', lang });

test.describe('CRM export mappings', () => {
  let pool: TestPool;
  test.beforeAll(async () => {
    pool = await startPoolApp();
    const headers = { authorization: `Bearer ${pool.adminToken}` };
    const event = await createEvent(pool, { name: '智造展 2026' });
    const imported = await fetch(`${pool.url}/api/v1/events/${event.id}/attendees/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': CSV_MIME },
      body: ATTENDEES,
    });
    expect(imported.status, await imported.text()).toBe(200);
  });
  test.afterAll(async () => {
    await pool.close();
  });

  test('zh-CN: marketing adapts the HubSpot template, fixes a duplicate header, and exports a CRM file', async ({
    browser,
  }) => {
    const lang = 'zh-CN';
    const t = (path: string, values?: Record<string, string | number>) =>
      say(crm, lang, path, values);
    const page = await signedInMarketing(browser, pool, lang);
    await expect(page.getByRole('heading', { name: t('title'), level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: say(settings, lang, 'nav.crm') })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByText(t('list.none'))).toBeVisible();
    await checkScreen(page, `crm-empty-${lang}`);

    await page.getByLabel(t('start.template')).selectOption('hubspot');
    await page.getByRole('button', { name: t('start.create') }).click();
    const hubspot = CRM_TEMPLATES.hubspot;
    await expect(page.getByLabel(t('editor.name'))).toHaveValue(t('start.templates.hubspot'));
    await expect(page.getByLabel(t('editor.header', { n: hubspot.length }))).toHaveValue(
      hubspot.at(-1)!.header,
    );
    await page.getByLabel(t('editor.name')).fill('HubSpot 中国区');
    // A header typed twice: said at the column, nothing saved.
    await page.getByLabel(t('editor.header', { n: 4 })).fill('email');
    await page.getByRole('button', { name: t('editor.save') }).click();
    await expect(page.getByText(t('editor.errors.duplicate'))).toBeVisible();
    await checkScreen(page, `crm-editor-errors-${lang}`);
    await page.getByLabel(t('editor.header', { n: 4 })).fill('Mobile Phone Number');
    // Company first, then a fixed "Lead Source" column at the end.
    await page.getByRole('button', { name: t('editor.up', { n: 5 }) }).click();
    await page.getByRole('button', { name: t('editor.up', { n: 4 }) }).click();
    await page.getByRole('button', { name: t('editor.up', { n: 3 }) }).click();
    await page.getByRole('button', { name: t('editor.up', { n: 2 }) }).click();
    await page.getByRole('button', { name: t('editor.add') }).click();
    const added = hubspot.length + 1;
    await page.getByLabel(t('editor.header', { n: added })).fill('Lead Source');
    await page.getByLabel(t('editor.source', { n: added })).selectOption('constant');
    await page.getByLabel(t('editor.constant', { n: added })).fill('展会');
    await expect(page.locator('.crm-preview code')).toHaveText(
      /^Company Name,First Name,Last Name,Email,Mobile Phone Number,.*,Lead Source$/,
    );
    await checkScreen(page, `crm-editor-${lang}`);
    await page.getByRole('button', { name: t('editor.save') }).click();
    await expect(page.getByText(t('editor.saved', { name: 'HubSpot 中国区' }))).toBeVisible();
    await expect(page.getByRole('rowheader', { name: 'HubSpot 中国区' })).toBeVisible();
    await checkScreen(page, `crm-list-${lang}`);

    // The customers list exports with it: the CRM's headers, consenting people, a formula as text.
    const c = (path: string) => say(customers, lang, path);
    await page.goto(appUrl(pool, '/customers', lang));
    await page.getByLabel(c('export.mapping')).selectOption({ label: 'HubSpot 中国区' });
    await checkScreen(page, `crm-customers-export-${lang}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: c('export.csv') }).click(),
    ]);
    const text = readFileSync(await download.path()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = text.slice(1).split('\r\n');
    expect(header).toMatch(
      /^"Company Name","First Name","Last Name","Email","Mobile Phone Number",.*,"Lead Source"$/,
    );
    expect(rows.sort()).toEqual([
      expect.stringMatching(
        /^"'=HYPERLINK\(""http:\/\/evil\.example""\)","四","李","li@example\.com","138 0013 8002",.*,"展会"$/,
      ),
      expect.stringMatching(
        /^"华为技术","娜娜","欧阳","nana@example\.com","138 0013 8001",.*,"展会"$/,
      ),
    ]);

    // Deleting asks first, and the list says it is gone.
    await page.goto(appUrl(pool, '/settings/crm', lang));
    await page.getByRole('button', { name: t('list.remove', { name: 'HubSpot 中国区' }) }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await checkScreen(page, `crm-remove-${lang}`);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('removeDialog.confirm') })
      .click();
    await expect(page.getByText(t('removeDialog.done', { name: 'HubSpot 中国区' }))).toBeVisible();
    await expect(page.getByText(t('list.none'))).toBeVisible();
  });

  test('en: the screens read in English; a blank mapping needs a name and a column; sales is refused', async ({
    browser,
  }) => {
    const lang = 'en';
    const t = (path: string, values?: Record<string, string | number>) =>
      say(crm, lang, path, values);
    const page = await signedInMarketing(browser, pool, lang);
    await page.getByLabel(t('start.template')).selectOption('blank');
    await page.getByRole('button', { name: t('start.create') }).click();
    await page.getByRole('button', { name: t('editor.save') }).click();
    await expect(page.getByText(t('editor.errors.name'))).toBeVisible();
    await expect(page.getByText(t('editor.errors.columns'))).toBeVisible();
    await checkScreen(page, `crm-editor-blank-errors-${lang}`);
    await page.getByLabel(t('editor.name')).fill('Salesforce APAC');
    await page.getByRole('button', { name: t('editor.add') }).click();
    await page.getByLabel(t('editor.header', { n: 1 })).fill('Last Name');
    await page.getByLabel(t('editor.source', { n: 1 })).selectOption('familyName');
    await page.getByRole('button', { name: t('editor.save') }).click();
    await expect(page.getByRole('rowheader', { name: 'Salesforce APAC' })).toBeVisible();
    await checkScreen(page, `crm-list-${lang}`);

    const sales = await createUserSession(pool, 'sales');
    const salesPage = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await salesPage.goto(appUrl(pool, '/settings/crm', lang));
    await signIn(salesPage, sales.email, sales.password);
    await expect(
      salesPage.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
    ).toBeVisible();
    const refused = await salesPage.evaluate(
      async () => (await fetch('/api/v1/crm-mappings')).status,
    );
    expect(refused).toBe(403);
    await salesPage.context().close();
    await page.context().close();
  });
});
