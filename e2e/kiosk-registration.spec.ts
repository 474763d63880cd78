import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { readSheet } from 'read-excel-file/node';
import { openApp, withBooth } from './booth';
import { createEvent, setStaffPin } from './steps';

const PIN = '2468';
const ATTENDEES = [
  { name: '张三', phone: '13800138000', email: 'zhangsan@example.cn', company: '华为技术' },
  { name: 'Alice Chen', phone: '+1 415 555 2671', email: 'alice@example.com', company: 'Acme' },
  { name: '李雷', phone: '13900139000', email: 'lilei@example.cn', company: '腾讯' },
];

async function createEventAndPin(page: Page) {
  await createEvent(page);
  await setStaffPin(page, PIN);
}

async function registerAtKiosk(page: Page, attendee: (typeof ATTENDEES)[number]) {
  await page.getByLabel('姓名').fill(attendee.name);
  await page.getByLabel('手机号').fill(attendee.phone);
  await page.getByLabel('邮箱').fill(attendee.email);
  await page.getByLabel('公司').fill(attendee.company);
  await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
  await page.getByRole('button', { name: '提交登记' }).click();
  await expect(page.getByRole('heading', { name: `谢谢，${attendee.name}！` })).toBeVisible();
  await page.getByRole('button', { name: '下一位' }).click();
  // The next attendee starts from a blank form.
  await expect(page.getByLabel('姓名')).toHaveValue('');
}

async function leaveKiosk(page: Page) {
  await page.getByRole('button', { name: '退出自助登记' }).click();
  await page.getByRole('dialog', { name: '输入工作人员 PIN' }).getByLabel('PIN').fill(PIN);
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByRole('searchbox', { name: '搜索线索' })).toBeVisible();
}

for (const offline of [false, true]) {
  test(`kiosk registrations survive a browser restart and are found by pinyin (${offline ? 'offline from the start' : 'online'})`, async ({
    baseURL,
  }, testInfo) => {
    await withBooth(baseURL, async (booth) => {
      let { context, page } = await booth.launch({ offline });
      await openApp(page);
      if (offline) expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await createEventAndPin(page);
      await page.getByRole('button', { name: '打开自助登记' }).click();
      await expect(page.getByRole('heading', { name: '欢迎登记' })).toBeVisible();
      for (const attendee of ATTENDEES) await registerAtKiosk(page, attendee);
      await page.screenshot({ path: testInfo.outputPath('kiosk.png') });

      // Close the whole browser: what the kiosk acknowledged must be on disk.
      await context.close();
      ({ context, page } = await booth.launch({ offline }));
      await openApp(page);
      // Still a kiosk after the restart, until staff enter the PIN.
      await expect(page.getByRole('heading', { name: '欢迎登记' })).toBeVisible();
      await leaveKiosk(page);

      await expect(page.getByTestId('stats.total')).toHaveText('3');
      const search = page.getByRole('searchbox', { name: '搜索线索' });
      await search.fill('zs');
      await expect(page.getByRole('status').filter({ hasText: '找到' })).toHaveText('找到 1 条');
      await expect(page.locator('.person-row')).toHaveCount(1);
      await expect(page.locator('.person-row')).toContainText('张三');
      await search.fill('ll');
      await expect(page.locator('.person-row')).toContainText('李雷');
      await search.fill('zhangsan');
      await expect(page.locator('.person-row')).toHaveCount(1);
      await search.fill('alice');
      await expect(page.locator('.person-row')).toContainText('Alice Chen');
      await page.locator('.person-row').click();
      await expect(page.getByText('已授权：版本 v3', { exact: false })).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('console.png') });
      await context.close();
    });
  });
}

test('bad input shows inline errors and saves nothing; the kiosk cannot be left without the PIN', async ({
  baseURL,
}) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await openApp(page);
    await createEventAndPin(page);
    await page.getByRole('button', { name: '打开自助登记' }).click();

    await page.getByLabel('姓名').fill('王五');
    await page.getByLabel('手机号').fill('12345');
    await page.getByLabel('邮箱').fill('wangwu@');
    await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
    await page.getByRole('button', { name: '提交登记' }).click();
    await expect(page.getByText('手机号无效', { exact: false })).toBeVisible();
    await expect(page.getByText('邮箱格式不正确')).toBeVisible();
    await expect(page.getByLabel('手机号')).toHaveAttribute('aria-invalid', 'true');
    // What the attendee typed is kept so they can correct it.
    await expect(page.getByLabel('姓名')).toHaveValue('王五');

    // Typing the console's URL leads back to the kiosk.
    await page.goto('/#/');
    await expect(page.getByRole('heading', { name: '欢迎登记' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: '搜索线索' })).toHaveCount(0);
    // A wrong PIN keeps the kiosk.
    await page.getByRole('button', { name: '退出自助登记' }).click();
    await page.getByRole('dialog', { name: '输入工作人员 PIN' }).getByLabel('PIN').fill('0000');
    await page.getByRole('button', { name: '确认' }).click();
    await expect(page.getByText('PIN 不正确')).toBeVisible();
    await page.getByRole('button', { name: '取消' }).click();
    await expect(page.getByRole('heading', { name: '欢迎登记' })).toBeVisible();

    await leaveKiosk(page);
    await expect(page.getByTestId('stats.total')).toHaveText('0');
    await context.close();
  });
});

test('staff add and qualify a lead in English; a bad phone in the staff form saves nothing', async ({
  baseURL,
}) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch({ locale: 'en-US' });
    await openApp(page, '/?lang=en');
    await page.getByRole('button', { name: 'New event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Event settings' });
    await dialog.getByLabel('Event name').fill('Hannover Messe');
    await dialog.getByLabel('Products of interest (one per line)').fill('CRM\nERP');
    await dialog.getByRole('button', { name: 'Save event' }).click();

    await page.getByRole('button', { name: 'Add lead' }).click();
    await page.getByLabel('Name').fill('Bob Smith');
    await page.getByLabel('Mobile phone').fill('555');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Not a valid phone number', { exact: false })).toBeVisible();
    await expect(page.getByTestId('stats.total')).toHaveText('0');

    await page.getByLabel('Mobile phone').fill('+49 30 901820');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('stats.total')).toHaveText('1');

    const qualification = page.getByRole('form', { name: 'Qualification' });
    await qualification.getByLabel('Hot').check();
    await qualification.getByLabel('Decision role').selectOption('decision_maker');
    await qualification.getByLabel('Next step').selectOption('demo');
    await qualification.getByLabel('CRM').check();
    await qualification.getByLabel('Add a note').fill('Wants a demo next week');
    await qualification.getByRole('button', { name: 'Save qualification' }).click();
    await expect(qualification.getByText('Wants a demo next week')).toBeVisible();
    await expect(page.getByTestId('stats.hot')).toHaveText('1');
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Registered');
    await context.close();
  });
});

test('an idle kiosk clears what a walked-away attendee typed', async ({ baseURL }) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await openApp(page);
    await createEventAndPin(page);
    await page.getByRole('button', { name: '编辑活动' }).click();
    const dialog = page.getByRole('dialog', { name: '活动设置' });
    await dialog.getByLabel('自助登记无操作重置（秒）').fill('5');
    await dialog.getByRole('button', { name: '保存活动' }).click();
    await page.getByRole('button', { name: '打开自助登记' }).click();
    await page.getByLabel('姓名').fill('孙八');
    await page.getByLabel('手机号').fill('13800138111');
    await expect(page.getByText('无操作，', { exact: false })).toBeVisible({ timeout: 8_000 });
    await expect(page.getByLabel('姓名')).toHaveValue('', { timeout: 8_000 });
    await expect(page.getByLabel('手机号')).toHaveValue('');
    await context.close();
  });
});

test('exports the event’s leads as CSV (BOM, Chinese, neutralized formulas) and XLSX', async ({
  baseURL,
}) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await openApp(page);
    await createEventAndPin(page);
    await page.getByRole('button', { name: '新增线索' }).click();
    await page.getByLabel('姓名').fill('张三');
    await page.getByLabel('手机号').fill('13800138000');
    await page.getByLabel('公司', { exact: true }).fill('=HYPERLINK("http://evil.example","点我")');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByTestId('stats.total')).toHaveText('1');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^2026 上海工业博览会-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await csv.path()) ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('"张三"');
    // A Chinese mobile as people read it, with no apostrophe showing in Excel.
    expect(text).toContain('"138 0013 8000"');
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""点我"")"');
    await expect(page.getByRole('status').filter({ hasText: '已导出' })).toHaveText(
      /已导出 1 条线索/,
    );

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = await readFile((await xlsx.path()) ?? '');
    expect(workbook.subarray(0, 2).toString()).toBe('PK');
    // Typed text cells: the formula is kept as the text it is and the phone keeps its +86.
    const sheet = await readSheet(workbook);
    const row = sheet.find((cells) => cells[0] === '张三');
    expect(row).toContain('=HYPERLINK("http://evil.example","点我")');
    expect(row).toContain('+86 138 0013 8000');
    await context.close();
  });
});
