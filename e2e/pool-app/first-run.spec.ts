import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { XLSX_MIME, type CustomerListResponse } from '../../src/shared/api';
import type { Language } from '../../src/shared/i18n';
import { auth } from '../../src/shared/i18n/pool/auth';
import { customer } from '../../src/shared/i18n/pool/customer';
import { customers } from '../../src/shared/i18n/pool/customers';
import { events } from '../../src/shared/i18n/pool/events';
import { shell } from '../../src/shared/i18n/pool/shell';
import { users } from '../../src/shared/i18n/pool/users';
import type { TestPool } from '../../src/server/testing';
import { openApp } from '../booth';
import { enrollByCode, syncBadge, withInstalledBooth } from '../pool';
import { appUrl, attendeesXlsx, checkScreen, DESKTOP, say, startPoolApp } from './kit';

/**
 * Issue 13's story, as a new team meets the pool app, in both languages: the printed set-up link
 * makes the first admin, who invites marketing; marketing creates an event, imports 200 attendees
 * from an XLSX with Chinese headers and shows an enrollment QR; a web-mode booth enrolls with that
 * code and captures two leads; marketing finds one by its pinyin initials, opens its 360 (the
 * booth's fact, the score's lines), saves and exports a segment and opens the file; a sales user
 * is refused admin screens by the app and by the API.
 */
const EVENT = '2026 华东智能制造展';
const LEADS = [
  { name: '欧阳娜娜', phone: '13911110001', company: '星海机器人', title: '采购总监' },
  { name: '司马懿', phone: '13911110002', company: '魏武精工', title: '工程师' },
] as const;

async function newPage(browser: Browser, lang: Language): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    locale: lang,
    acceptDownloads: true,
  });
  return context.newPage();
}

for (const lang of ['zh-CN', 'en'] as const) {
  const a = (path: string, values?: Record<string, string>) => say(auth, lang, path, values);
  const u = (path: string, values?: Record<string, string>) => say(users, lang, path, values);
  const e = (path: string, values?: Record<string, string | number>) =>
    say(events, lang, path, values);
  const c = (path: string, values?: Record<string, string>) => say(customers, lang, path, values);
  const one = (path: string, values?: Record<string, string>) => say(customer, lang, path, values);

  test.describe(`first run of the pool app (${lang})`, () => {
    let pool: TestPool;
    test.beforeAll(async () => {
      pool = await startPoolApp();
    });
    test.afterAll(async () => {
      await pool?.close();
    });

    test('set-up → invite → event, import, QR → a booth enrolls and captures → initials search, 360, segment export → sales refused', async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(300_000);
      // The link `npm run pool` prints on a first start.
      const token = await pool.issueSetupLink();
      const admin = await newPage(browser, lang);
      await admin.goto(appUrl(pool, `/setup/${token}`, lang));
      await admin.getByLabel(a('fields.name')).fill('林静');
      await admin.getByLabel(a('fields.email')).fill('lin.jing@example.com');
      await admin.getByLabel(a('fields.newPassword')).fill('first admin password');
      await admin.getByLabel(a('fields.passwordAgain')).fill('first admin password');
      await admin.getByRole('button', { name: a('setup.submit') }).click();
      await expect(admin.getByRole('heading', { name: u('title'), level: 1 })).toBeVisible();

      await admin.getByLabel(u('invite.name'), { exact: true }).fill('王芳');
      await admin.getByLabel(u('invite.email'), { exact: true }).fill('wang.fang@example.com');
      await admin.getByLabel(u('invite.role'), { exact: true }).selectOption('marketing');
      await admin.getByRole('button', { name: u('invite.submit') }).click();
      const link = await admin.getByLabel(u('invite.linkLabel')).inputValue();
      await admin.getByLabel(u('invite.name'), { exact: true }).fill('赵强');
      await admin.getByLabel(u('invite.email'), { exact: true }).fill('zhao.qiang@example.com');
      await admin.getByLabel(u('invite.role'), { exact: true }).selectOption('sales');
      await admin.getByRole('button', { name: u('invite.submit') }).click();
      await expect(admin.getByLabel(u('invite.linkLabel'))).not.toHaveValue(link);
      const salesLink = await admin.getByLabel(u('invite.linkLabel')).inputValue();
      await admin.context().close();

      const page = await newPage(browser, lang);
      await page.goto(link.replace('/app/#', `/app/?lang=${lang}#`));
      await page.getByLabel(a('fields.newPassword')).fill('wang fang password');
      await page.getByLabel(a('fields.passwordAgain')).fill('wang fang password');
      await page.getByRole('button', { name: a('invite.submit') }).click();

      // Marketing's first event.
      await expect(page.getByRole('heading', { name: e('list.title'), level: 1 })).toBeVisible();
      await page.getByRole('link', { name: e('list.new') }).click();
      await expect(page.getByRole('heading', { name: e('editor.newTitle') })).toBeVisible();
      await page.getByLabel(e('form.name'), { exact: true }).fill(EVENT);
      await page.getByLabel(e('form.startsOn'), { exact: true }).fill('2026-12-09');
      await page.getByLabel(e('form.endsOn'), { exact: true }).fill('2026-12-11');
      await page.getByLabel(e('form.consentText'), { exact: true }).fill('我同意接收产品资讯。');
      await page.getByLabel(e('form.consentVersion'), { exact: true }).fill('v1');
      await page.getByRole('button', { name: e('editor.create') }).click();
      await expect(page.getByText(e('editor.created', { name: EVENT }))).toBeVisible();
      const eventId = /#\/events\/([^?]+)/.exec(page.url())?.[1] ?? '';
      expect(eventId).not.toBe('');
      await checkScreen(page, `first-run-event-${lang}`);

      // 200 attendees from an XLSX with Chinese headers: progress, preview, result.
      await page.getByRole('link', { name: e('tabs.attendees') }).click();
      await page.getByLabel(e('import.chooseLabel')).setInputFiles({
        name: '参会人名单.xlsx',
        mimeType: XLSX_MIME,
        buffer: await attendeesXlsx(200),
      });
      await expect(
        page.getByText(e('import.previewTitle', { file: '参会人名单.xlsx' })),
      ).toBeVisible({
        timeout: 20_000,
      });
      await expect(page.getByRole('progressbar', { name: e('import.uploadProgress') })).toHaveCount(
        0,
      );
      await page.getByRole('button', { name: e('import.confirm', { rows: 200 }) }).click();
      const result = page.getByRole('status').filter({ hasText: e('import.resultTitle') });
      await expect(result).toBeVisible({ timeout: 30_000 });
      await expect(result.locator('dd').nth(1)).toHaveText('200');
      await checkScreen(page, `first-run-imported-${lang}`);

      // The enrollment QR booth staff scan, with the code in text beside it.
      await page.getByRole('link', { name: e('tabs.booth') }).click();
      await page.getByRole('button', { name: e('codes.issue') }).click();
      const code = await page.getByLabel(e('codes.codeLabel'), { exact: true }).inputValue();
      await expect(page.getByRole('img', { name: e('codes.qrAlt', { code }) })).toBeVisible();
      await checkScreen(page, `first-run-enrollment-qr-${lang}`);

      // A web-mode booth enrolls with that code and captures two leads (its UI in Chinese).
      await withInstalledBooth(baseURL, async (launch) => {
        const { page: booth } = await launch({ poolUrl: pool.url });
        await openApp(booth, '/?lang=zh-CN#/enroll');
        await enrollByCode(booth, pool.url, code);
        await expect(booth.locator('.event-picker select option:checked')).toHaveText(EVENT, {
          timeout: 30_000,
        });
        for (const lead of LEADS) {
          await booth.getByRole('button', { name: '新增线索' }).click();
          const form = booth.getByRole('form', { name: '新增线索' });
          await form.getByLabel('姓名').fill(lead.name);
          await form.getByLabel('手机号').fill(lead.phone);
          await form.getByLabel('公司', { exact: true }).fill(lead.company);
          await form.getByLabel('职位', { exact: true }).fill(lead.title);
          await form.getByRole('checkbox', { name: /本人已同意个人信息授权/ }).check();
          await form.getByRole('button', { name: '保存', exact: true }).click();
          await expect(form).toBeHidden();
        }
        await expect(syncBadge(booth)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
        await expect
          .poll(
            async () => {
              const answer = await fetch(
                `${pool.url}/api/v1/customers?eventId=${eventId}&q=${encodeURIComponent('13911110')}`,
                { headers: { authorization: `Bearer ${pool.adminToken}` } },
              );
              return ((await answer.json()) as CustomerListResponse).customers.length;
            },
            { timeout: 30_000 },
          )
          .toBe(2);
      });

      // Found by the initials of 欧阳娜娜 only; its 360 shows the booth's capture and the lines.
      await page.goto(appUrl(pool, '/customers', lang));
      await page.getByLabel(c('search.label')).fill('oynn');
      const list = page.getByRole('table', { name: c('table.caption') });
      await expect(list.getByRole('link', { name: '欧阳娜娜' })).toBeVisible();
      await expect(list.getByRole('link', { name: '司马懿' })).toHaveCount(0);
      await checkScreen(page, `first-run-initials-${lang}`);
      await list.getByRole('link', { name: '欧阳娜娜' }).click();
      await expect(page.getByRole('heading', { name: '欧阳娜娜', level: 1 })).toBeVisible();
      // The booth's capture, named after the booth device that made it.
      const timeline = page.getByRole('list', { name: one('timeline.title') });
      await expect(timeline.locator('li[data-type="registered"]')).toContainText(
        one('timeline.types.registered'),
      );
      await expect(timeline.locator('li[data-type="registered"]')).not.toContainText(
        one('timeline.unknownDevice'),
      );
      await expect(page.getByText(/采购总监/).first()).toBeVisible();
      await expect(page.getByRole('heading', { name: one('intelligence.title') })).toBeVisible();
      await expect(page.locator('.c360-lines li').first()).toBeVisible();
      await checkScreen(page, `first-run-360-${lang}`);

      // A segment of the event, exported and opened: both consenting booth leads are in it.
      await page.goto(appUrl(pool, `/customers?eventId=${eventId}`, lang));
      await page.getByLabel(c('segments.name')).fill(lang === 'en' ? 'Expo leads' : '展会线索');
      await page.getByRole('button', { name: c('segments.save') }).click();
      // Its live count: the 200 imported attendees and the booth's two leads.
      const segment = page.getByRole('button', {
        name: c('segments.countOf', {
          name: lang === 'en' ? 'Expo leads' : '展会线索',
          count: '202',
        }),
      });
      await expect(segment).toHaveAttribute('aria-current', 'true');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: c('export.csv') }).click(),
      ]);
      const csv = readFileSync((await download.path()) ?? '', 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      for (const lead of LEADS) expect(csv).toContain(lead.name);
      await page.context().close();

      // Sales: no admin screens, and the API says no as well.
      const sales = await newPage(browser, lang);
      await sales.goto(salesLink.replace('/app/#', `/app/?lang=${lang}#`));
      await sales.getByLabel(a('fields.newPassword')).fill('zhao qiang password');
      await sales.getByLabel(a('fields.passwordAgain')).fill('zhao qiang password');
      await sales.getByRole('button', { name: a('invite.submit') }).click();
      await expect(
        sales.getByRole('button', {
          name: `${say(shell, lang, 'user.menu', { name: '赵强' })} · ${say(shell, lang, 'roles.sales')}`,
        }),
      ).toBeVisible();
      for (const screen of ['/users', '/events', '/settings/webhooks']) {
        await sales.goto(appUrl(pool, screen, lang));
        await expect(
          sales.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
        ).toBeVisible();
      }
      await checkScreen(sales, `first-run-sales-refused-${lang}`);
      for (const path of ['/api/v1/users', '/api/v1/events', '/api/v1/webhooks']) {
        expect((await sales.request.get(`${pool.url}${path}`)).status(), path).toBe(403);
      }
      await sales.context().close();
    });
  });
}
