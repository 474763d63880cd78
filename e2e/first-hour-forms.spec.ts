import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { CATALOGS, type Language } from '../src/shared/i18n';
import { expectAccessible } from './axe';
import { openApp, withBooth } from './booth';
import { scannerBurst } from './scanner';
import { createEvent } from './steps';

/**
 * Issue 16, items 2 and 3 as a first-time user meets them, in both languages and at the common
 * laptop and monitor sizes: the event dialog says every mistake at once with its limit and takes
 * the user to the first one at the top; the exports opened as files read like the screen (local
 * times and dates, phones without apostrophes, an unknown badge keeps its code).
 */
const SHOTS = '/tmp/shots/first-hour-forms';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGUAGES: Language[] = ['zh-CN', 'en'];
/** 21:03 UTC on 1 December is 05:03 on 2 December in Beijing: the export must say the latter. */
const CAPTURED_AT = new Date('2026-12-01T21:03:07Z');

test.use({ timezoneId: 'Asia/Shanghai' });
test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png` });
  }
  await page.setViewportSize(SIZES[0]);
}

for (const lang of LANGUAGES) {
  const text = CATALOGS[lang];

  test(`${lang}: the new-event dialog says every mistake at once, with limits, and starts at the top`, async ({
    baseURL,
  }) => {
    await withBooth(baseURL, async (booth) => {
      const { context, page } = await booth.launch({ offline: true });
      await page.setViewportSize(SIZES[0]);
      await openApp(page, `/?lang=${lang}`);
      await page.getByRole('button', { name: text.event.create }).click();
      const dialog = page.getByRole('dialog', { name: text.event.dialogTitle });
      // The keyboard lands on the first field, at the top of the dialog.
      await expect(dialog.getByLabel(text.event.name)).toBeFocused();

      // No name, an end before the start, an idle time of 2 s: all said in one go.
      await dialog.getByLabel(text.event.startsOn).fill('2026-12-05');
      await dialog.getByLabel(text.event.endsOn).fill('2026-12-03');
      await dialog.getByLabel(text.event.kioskIdleSeconds).fill('2');
      await dialog.getByRole('button', { name: text.event.save }).click();
      await expect(dialog.getByText(text.errors.endBeforeStart)).toBeVisible();
      await expect(dialog.getByText(text.errors.idleSeconds)).toBeVisible();
      await expect(dialog.getByLabel(text.event.name)).toHaveAttribute('aria-invalid', 'true');
      // Back at the first mistake, scrolled into view (it was out of sight below the fold).
      const name = dialog.getByLabel(text.event.name);
      await expect(name).toBeFocused();
      await expect(name).toBeInViewport();
      await expectAccessible(page);
      await shoot(page, `${lang}-event-dialog-errors`);
      await context.close();
    });
  });

  test(`${lang}: exported CSV and Excel files read in local time, with readable phones and the unknown badge's code`, async ({
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await withBooth(baseURL, async (booth) => {
      const { context, page } = await booth.launch({ offline: true });
      await page.clock.setSystemTime(CAPTURED_AT);
      await page.setViewportSize(SIZES[0]);
      await openApp(page);
      await createEvent(page, '2026 上海工业博览会');
      await page.getByRole('button', { name: '新增线索' }).click();
      await page.getByLabel('姓名').fill('张三');
      await page.getByLabel('手机号').fill('13800138000');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await openApp(page, '/?lang=zh-CN#/checkin');
      await expect(page.getByRole('heading', { name: /签到 · / })).toBeVisible();
      await scannerBurst(page, 'XJ-2026-00731');
      await expect(page.locator('[data-tone="badge"]')).toBeVisible();

      await openApp(page, `/?lang=${lang}`);
      const zone = ' (UTC+08:00)';
      const columns = text.export.columns;
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: text.export.csv }).click(),
      ]);
      // The file is named after the day in Beijing, not the UTC date (still 1 December).
      expect(csv.suggestedFilename()).toBe('2026 上海工业博览会-leads-2026-12-02.csv');
      const bytes = await readFile((await csv.path()) ?? '');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const parsed = Papa.parse<Record<string, string>>(bytes.subarray(3).toString('utf8'), {
        header: true,
        skipEmptyLines: true,
      });
      expect(parsed.errors).toEqual([]);
      const zhang = parsed.data.find((row) => row[text.fields.name] === '张三');
      expect(zhang?.[text.fields.phone]).toBe('138 0013 8000');
      expect(zhang?.[`${columns.firstSeen}${zone}`]).toMatch(/^2026-12-02 05:03:\d\d$/);
      const badge = parsed.data.find((row) => row[columns.badgeCode] === 'XJ-2026-00731');
      expect(badge, 'the unknown badge is a row with its code').toBeDefined();

      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: text.export.xlsx }).click(),
      ]);
      expect(xlsx.suggestedFilename()).toBe('2026 上海工业博览会-leads-2026-12-02.xlsx');
      const sheet = await readSheet(await readFile((await xlsx.path()) ?? ''));
      const header = sheet[0]?.map(String) ?? [];
      const cell = (row: unknown[] | undefined, column: string) => row?.[header.indexOf(column)];
      const zhangRow = sheet.find((cells) => cells.includes('张三'));
      // Excel cells are typed text: the phone carries no apostrophe and keeps its country code.
      expect(cell(zhangRow, text.fields.phone)).toBe('+86 138 0013 8000');
      expect(String(cell(zhangRow, `${columns.firstSeen}${zone}`))).toMatch(
        /^2026-12-02 05:03:\d\d$/,
      );
      expect(sheet.some((cells) => cells.includes('XJ-2026-00731'))).toBe(true);
      await shoot(page, `${lang}-console-exported`);
      await context.close();
    });
  });
}
