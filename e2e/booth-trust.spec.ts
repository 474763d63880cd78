import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestPool } from '../src/server/testing';
import { openApp, withBooth } from './booth';
import {
  createPoolEvent,
  enrollByCode,
  issueEnrollmentCode,
  poolDocuments,
  startPool,
  syncBadge,
  withInstalledBooth,
} from './pool';
import { createEvent, setStaffPin, typeNewLead } from './steps';
import { expectAccessible } from './axe';

/**
 * Issue 11 on the booth, as staff and attendees meet it: a phone, email or WeChat id that is
 * already known is a question, never an overwrite; and leads captured before enrolling reach the
 * pool (or stay visibly local), with the badge never saying synced while they are not there.
 */

const SHOTS = '/tmp/shots';
const PIN = '2468';

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

/** Every state worth a screenshot is a screen a person meets: axe-core checks it too. */
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await expectAccessible(page);
}

/** The lead open in the panel: its stored values, as the edit form shows them. */
function leadForm(page: Page) {
  return page.getByRole('form', { name: '线索资料' });
}

async function openLead(page: Page, name: string) {
  await page
    .locator('.person-row')
    .filter({ has: page.locator('.person-name', { hasText: new RegExp(`^${name}$`) }) })
    .click();
  await expect(page.locator('.person-panel h2').first()).toHaveText(name);
}

test('staff form: a known phone opens the match dialog; both choices work and 张三 is never renamed', async ({
  baseURL,
}) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await page.setViewportSize({ width: 1366, height: 768 });
    await openApp(page);
    await createEvent(page);
    await typeNewLead(page, { 姓名: '张三', 手机号: '13800138000', 邮箱: 'zhangsan@example.com' });
    await expect(page.getByTestId('stats.total')).toHaveText('1');

    // 张三丰 with 张三's phone, typed with spaces: nothing is saved, the dialog asks.
    await typeNewLead(page, { 姓名: '张三丰', 手机号: '138 0013 8000', 邮箱: 'zsf@example.com' });
    const dialog = page.getByRole('dialog', { name: '已有相同联系方式的线索' });
    await expect(dialog).toBeVisible();
    const match = dialog.getByRole('listitem');
    await expect(match).toContainText('相同：手机');
    await expect(match).toContainText('+8613800138000');
    await expect(page.getByTestId('stats.total')).toHaveText('1');
    await shoot(page, 'booth-trust-match-dialog-zh-CN');

    // "Save as a different person": two leads, 张三 as he was.
    await dialog.getByRole('button', { name: '另存为新线索（不是同一人）' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('stats.total')).toHaveText('2');
    await expect(page.locator('.person-panel h2').first()).toHaveText('张三丰');
    await openLead(page, '张三');
    await expect(leadForm(page).getByRole('textbox', { name: '姓名', exact: true })).toHaveValue(
      '张三',
    );
    await expect(leadForm(page).getByRole('textbox', { name: '邮箱', exact: true })).toHaveValue(
      'zhangsan@example.com',
    );

    // "Merge field by field" into 张三: only what staff pick replaces his values.
    await typeNewLead(page, {
      姓名: 'Zhang San',
      手机号: '13800138000',
      邮箱: 'zs.new@example.com',
      职位: '采购总监',
    });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('listitem')).toHaveCount(2);
    await dialog
      .getByRole('listitem')
      .filter({ has: page.locator('strong', { hasText: /^张三$/ }) })
      .getByRole('button', { name: '合并到此线索' })
      .click();
    const merge = page.getByRole('dialog', { name: '合并到 张三' });
    await expect(merge).toBeVisible();
    const nameChoice = merge.getByRole('group', { name: '姓名' });
    await expect(nameChoice.getByLabel('保留原值：张三')).toBeChecked();
    await merge
      .getByRole('group', { name: '邮箱' })
      .getByLabel('改用新值：zs.new@example.com')
      .check();
    await expect(merge.locator('.field-added')).toContainText('采购总监');
    await shoot(page, 'booth-trust-merge-fields-zh-CN');
    await merge.getByRole('button', { name: '确认合并' }).click();
    await expect(merge).toBeHidden();
    await expect(page.getByTestId('stats.total')).toHaveText('2');
    await expect(page.locator('.person-panel h2').first()).toHaveText('张三');
    await expect(leadForm(page).getByRole('textbox', { name: '姓名', exact: true })).toHaveValue(
      '张三',
    );
    await expect(leadForm(page).getByRole('textbox', { name: '邮箱', exact: true })).toHaveValue(
      'zs.new@example.com',
    );
    await expect(leadForm(page).getByRole('textbox', { name: '职位', exact: true })).toHaveValue(
      '采购总监',
    );

    // "Open the existing lead": a known email leads to 张三丰's record, nothing written.
    await typeNewLead(page, { 姓名: '张君宝', 手机号: '13700137000', 邮箱: 'zsf@example.com' });
    await dialog.getByRole('button', { name: '打开此线索' }).click();
    await expect(page.locator('.person-panel h2').first()).toHaveText('张三丰');
    await expect(page.getByTestId('stats.total')).toHaveText('2');
    await expect(page.locator('.person-row').filter({ hasText: '张君宝' })).toHaveCount(0);
    await context.close();
  });
});

test('the match dialog in English', async ({ baseURL }) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch({ locale: 'en-US' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await openApp(page, '/?lang=en');
    await page.getByRole('button', { name: 'New event' }).click();
    const event = page.getByRole('dialog', { name: 'Event settings' });
    await event.getByLabel('Event name').fill('Hannover Messe');
    await event.getByRole('button', { name: 'Save event' }).click();
    for (const name of ['Zhang San', 'Zhang Sanfeng']) {
      await page.getByRole('button', { name: 'Add lead' }).click();
      const form = page.getByRole('form', { name: 'Add lead' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Mobile phone').fill('+86 139 1234 5678');
      await form.getByLabel('Email').fill(`${name.replace(' ', '.').toLowerCase()}@example.com`);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      // The first is saved (and shown) before the second is typed.
      if (name === 'Zhang San') await expect(page.getByTestId('stats.total')).toHaveText('1');
    }
    const dialog = page.getByRole('dialog', {
      name: 'A lead with the same contact details exists',
    });
    await expect(dialog).toContainText('Same phone');
    await shoot(page, 'booth-trust-match-dialog-en');
    await dialog.getByRole('button', { name: 'Merge into this lead' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge into Zhang San' });
    await expect(merge.getByRole('group', { name: 'Email' })).toBeVisible();
    await shoot(page, 'booth-trust-merge-fields-en');
    await merge.getByRole('button', { name: 'Back to editing' }).click();
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await expect(page.getByTestId('stats.total')).toHaveText('1');
    await context.close();
  });
});

test("kiosk: a stranger with 李小龙's phone leaves him untouched, and the registration is kept", async ({
  baseURL,
}) => {
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await page.setViewportSize({ width: 1366, height: 768 });
    await openApp(page);
    await createEvent(page);
    await setStaffPin(page, PIN);
    await typeNewLead(page, {
      姓名: '李小龙',
      手机号: '13912345678',
      邮箱: 'bruce@example.com',
      公司: '嘉禾影业',
      微信号: 'wx_bruce',
    });
    const qualification = page.getByRole('form', { name: '线索评估' });
    await qualification.getByLabel('热').check();
    await qualification.getByLabel('添加备注').fill('老客户，要报价');
    await qualification.getByRole('button', { name: '保存评估' }).click();
    await expect(qualification.getByText('老客户，要报价')).toBeVisible();

    await page.getByRole('button', { name: '打开自助登记' }).click();
    await page.getByLabel('姓名').fill('陈真');
    await page.getByLabel('手机号').fill('139 1234 5678');
    await page.getByLabel('邮箱').fill('chenzhen@example.com');
    await page.getByLabel('公司').fill('精武门');
    await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
    await page.getByRole('button', { name: '提交登记' }).click();
    // The same thank-you as for anyone: nothing says the phone was known.
    await expect(page.getByRole('heading', { name: '谢谢，陈真！' })).toBeVisible();
    await expect(page.locator('main')).not.toContainText('李小龙');
    await page.getByRole('button', { name: '退出自助登记' }).click();
    await page.getByRole('dialog', { name: '输入工作人员 PIN' }).getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: '确认' }).click();

    await expect(page.getByTestId('stats.total')).toHaveText('2');
    await openLead(page, '李小龙');
    const li = leadForm(page);
    await expect(li.getByRole('textbox', { name: '姓名', exact: true })).toHaveValue('李小龙');
    await expect(li.getByRole('textbox', { name: '邮箱', exact: true })).toHaveValue(
      'bruce@example.com',
    );
    await expect(li.getByRole('textbox', { name: '公司', exact: true })).toHaveValue('嘉禾影业');
    await expect(li.getByRole('textbox', { name: '微信号', exact: true })).toHaveValue('wx_bruce');
    await expect(page.getByRole('form', { name: '线索评估' }).getByLabel('热')).toBeChecked();
    const duplicates = page.getByRole('region', { name: '可能重复' });
    await expect(duplicates).toContainText('陈真');
    await expect(duplicates).toContainText('相同：手机');
    await shoot(page, 'booth-trust-possible-duplicate-zh-CN');

    await duplicates.getByRole('button', { name: '陈真' }).click();
    await expect(page.locator('.person-panel h2').first()).toHaveText('陈真');
    const chen = leadForm(page);
    await expect(chen.getByRole('textbox', { name: '邮箱', exact: true })).toHaveValue(
      'chenzhen@example.com',
    );
    await expect(chen.getByRole('textbox', { name: '公司', exact: true })).toHaveValue('精武门');
    await expect(chen.getByRole('textbox', { name: '微信号', exact: true })).toHaveValue('');
    await expect(page.getByRole('form', { name: '线索评估' }).getByLabel('热')).not.toBeChecked();
    await expect(page.getByRole('region', { name: '互动记录' })).toContainText('登记');

    // Staff look: two different people. The pair closes on both sides.
    await page
      .getByRole('region', { name: '可能重复' })
      .getByRole('button', { name: '不是同一人' })
      .click();
    await expect(page.getByRole('region', { name: '可能重复' })).toHaveCount(0);
    await openLead(page, '李小龙');
    await expect(page.getByRole('region', { name: '可能重复' })).toHaveCount(0);

    // He comes back himself, as on his English badge: kept apart, then merged by staff.
    await page.getByRole('button', { name: '打开自助登记' }).click();
    await page.getByLabel('姓名').fill('Bruce Lee');
    await page.getByLabel('手机号').fill('13912345678');
    await page.getByLabel('邮箱').fill('bruce.lee@example.com');
    await page.getByLabel('我已阅读并同意上述个人信息处理说明').check();
    await page.getByRole('button', { name: '提交登记' }).click();
    await expect(page.getByRole('heading', { name: '谢谢，Bruce Lee！' })).toBeVisible();
    await page.getByRole('button', { name: '退出自助登记' }).click();
    await page.getByRole('dialog', { name: '输入工作人员 PIN' }).getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: '确认' }).click();
    await expect(page.getByTestId('stats.total')).toHaveText('3');
    await openLead(page, '李小龙');
    await page
      .getByRole('region', { name: '可能重复' })
      .getByRole('button', { name: '比较并合并' })
      .click();
    const merge = page.getByRole('dialog', { name: '把 Bruce Lee 合并到 李小龙' });
    await expect(
      merge.getByRole('group', { name: '姓名' }).getByLabel('保留 李小龙'),
    ).toBeChecked();
    await merge
      .getByRole('group', { name: '邮箱' })
      .getByLabel('改用 bruce.lee@example.com')
      .check();
    await shoot(page, 'booth-trust-merge-duplicate-zh-CN');
    await merge.getByRole('button', { name: '确认合并' }).click();
    await expect(merge).toBeHidden();
    await expect(page.getByTestId('stats.total')).toHaveText('2');
    await expect(li.getByRole('textbox', { name: '姓名', exact: true })).toHaveValue('李小龙');
    await expect(li.getByRole('textbox', { name: '邮箱', exact: true })).toHaveValue(
      'bruce.lee@example.com',
    );
    await expect(li.getByRole('textbox', { name: '公司', exact: true })).toHaveValue('嘉禾影业');
    await expect(page.getByRole('form', { name: '线索评估' }).getByLabel('热')).toBeChecked();
    // His own registration moved with him: staff's entry and the kiosk's.
    await expect(
      page.getByRole('region', { name: '互动记录' }).getByText('登记', { exact: true }),
    ).toHaveCount(2);
    await context.close();
  });
});

test.describe('leads of a local event', () => {
  let pool: TestPool;
  test.beforeAll(async () => {
    pool = await startPool();
  });
  test.afterAll(async () => {
    await pool?.close();
  });

  test('enrolling offers to bring them into the pool; kept local they are counted, never "synced"', async ({
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const event = await createPoolEvent(pool, '2026 深圳电子展');
    const { code } = await issueEnrollmentCode(pool, event.id);
    await withInstalledBooth(baseURL, async (launch) => {
      const { context, page } = await launch({ poolUrl: pool.url });
      await page.setViewportSize({ width: 1366, height: 768 });
      await openApp(page);
      await createEvent(page, '展前本地活动');
      const names = Array.from({ length: 11 }, (_, i) => `本地客户${i + 1}`);
      for (const [i, name] of names.entries()) {
        await typeNewLead(page, { 姓名: name, 手机号: `1360000${String(1000 + i)}` });
        await expect(page.getByTestId('stats.total')).toHaveText(String(i + 1));
      }
      const badge = syncBadge(page);
      await expect(badge).toHaveAccessibleName(/11 条线索仅在本机/);

      await badge.click();
      await enrollByCode(page, pool.url, code);
      const offer = page.getByRole('dialog', { name: '有线索尚未进入客户池' });
      await expect(offer).toContainText('展前本地活动：11 条线索');
      await expect(offer).toContainText(`「${event.name}」`, { timeout: 20_000 });
      await shoot(page, 'booth-trust-local-leads-offer-zh-CN');

      // Kept local: the badge counts them and does not say synced.
      await offer.getByRole('button', { name: '保留在本机' }).click();
      await expect(offer).toBeHidden();
      await expect(badge).toHaveAttribute('data-state', 'local_only', { timeout: 30_000 });
      await expect(badge).toHaveAttribute('data-local', '11');
      await expect(badge).toHaveAccessibleName(
        /^同步状态：未全部上传 · 待上传 0 条 · 11 条线索仅在本机/,
      );
      await expect(badge).not.toHaveAccessibleName(/已同步/);
      await badge.click();
      await expect(page.getByRole('region', { name: '同步详情' })).toContainText('仅在本机');
      await shoot(page, 'booth-trust-badge-local-only-zh-CN');
      expect(await poolDocuments(pool, 'people', event.id)).toEqual([]);

      // Brought in later from the badge: they reach the pool's event.
      await page.getByRole('button', { name: '并入客户池' }).click();
      await offer.getByRole('button', { name: `并入「${event.name}」` }).click();
      await expect(offer.getByRole('status')).toHaveText('已并入 11 条线索，正在上传到客户池');
      await offer.getByRole('button', { name: '关闭' }).click();
      await expect(offer).toBeHidden();
      await expect(badge).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
      await expect(badge).toHaveAttribute('data-local', '0');
      await expect(async () => {
        const people = await poolDocuments(pool, 'people', event.id);
        expect(people.map((p) => p.name).sort()).toEqual([...names].sort());
      }).toPass({ timeout: 30_000 });
      const facts = await poolDocuments(pool, 'interactions', event.id);
      expect(facts.filter((f) => f.type === 'registered')).toHaveLength(11);
      await expect(page.locator('.event-picker select option:checked')).toHaveText(event.name);
      await expect(page.getByTestId('stats.total')).toHaveText('11');
      await shoot(page, 'booth-trust-badge-synced-after-bring-in-zh-CN');
      await context.close();
    });
  });
});
