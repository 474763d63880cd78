import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expectAccessible } from './axe';
import { openApp, withBooth } from './booth';
import { addPersonWithTicket, createEvent } from './steps';

const SHOTS = '/tmp/shots';

/**
 * axe-core on every screen of the booth app at 1366×768, in zh-CN and en (DESIGN.md "Testing and
 * CI": no serious or critical violation). Screens with their own flows are also checked in their
 * specs; this one makes sure none is left out.
 */
test.describe('every booth screen passes axe-core', () => {
  test.beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    test(`console, lead panel, event dialog, check-in, enrollment and kiosk (${lang})`, async ({
      baseURL,
    }) => {
      await withBooth(baseURL, async (booth) => {
        const { context, page } = await booth.launch();
        try {
          await page.setViewportSize({ width: 1366, height: 768 });
          await openApp(page);
          await createEvent(page);
          await addPersonWithTicket(page, {
            name: '张三',
            phone: '13912345678',
            company: '华为技术',
          });
          const check = async (name: string, target: Page = page) => {
            await target.screenshot({ path: join(SHOTS, `a11y-${name}-${lang}.png`) });
            await expectAccessible(target);
          };
          if (lang === 'en') {
            await openApp(page, '/?lang=en');
          }
          await check('console-lead');
          // Settings, with the booth Wi-Fi service section (here: not available in this mode).
          await page.getByRole('button', { name: lang === 'en' ? 'Settings' : '设置' }).click();
          const settings = page.getByRole('dialog');
          await expect(settings).toBeVisible();
          await check('settings');
          await settings.getByRole('button', { name: lang === 'en' ? 'Close' : '关闭' }).click();
          await page.goto(`/?lang=${lang}#/checkin`);
          await expect(page.locator('html[data-ready="true"]')).toBeAttached();
          await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
          await check('checkin');
          await page.goto(`/?lang=${lang}#/enroll`);
          await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
          await check('enroll');
          await page.goto(`/?lang=${lang}#/kiosk`);
          await expect(page.getByRole('heading').first()).toBeVisible();
          await check('kiosk');
        } finally {
          await context.close();
        }
      });
    });
  }
});
