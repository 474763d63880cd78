import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openApp, withBooth } from './booth';
import { addPersonWithTicket, createEvent } from './steps';
import { CATALOGS } from '../src/shared/i18n';
import { expectAccessible } from './axe';

/**
 * A first-time user's draw (issue 16, item 5): three prizes for two eligible people are flagged
 * before the run, the run asks first and says what went unawarded, a draw not yet run can be
 * edited and deleted, the list is a route, and the big screen shows the run as it happens.
 */

const SHOTS = '/tmp/shots/draws-first-hour';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const run = promisify(execFile);

const TEXT = {
  'zh-CN': {
    nav: '幸运抽奖',
    create: '新建抽奖',
    formTitle: '新建抽奖',
    editTitle: '编辑抽奖',
    drawName: '抽奖名称',
    addPrize: '添加奖品',
    prizeName: (n: number) => `奖品 ${n} 名称`,
    prizeQuantity: (n: number) => `奖品 ${n} 数量`,
    checkedIn: '须已签到',
    save: '创建抽奖',
    saveChanges: '保存修改',
    prizes: ['一等奖 · 扫地机器人', '二等奖 · 降噪耳机', '三等奖 · 保温杯'],
    name: '展台抽奖',
    renamed: '展台幸运抽奖',
    throwaway: '测试抽奖',
    edit: '编辑',
    delete: '删除',
    deleteTitle: '删除抽奖：测试抽奖',
    deleteConfirm: '确认删除',
    deleted: '已删除抽奖：测试抽奖',
    noEntrants: '目前没有符合条件的参与者：有人满足参与资格后才能开奖。',
    shortfall: '符合条件的只有 2 人，少于奖品总数 3：三等奖 · 保温杯 × 1 将无法送出。',
    run: '开奖',
    runTitle: '确认开奖：展台幸运抽奖',
    runConfirm: '确认开奖',
    cancel: '取消',
    facts: ['符合条件：2 人', '奖品：3 项，共 3 份'],
    final: '不能重新开奖',
    screenOpen: '大屏已打开，会同时播放开奖过程。',
    screenClosed: '大屏尚未打开',
    done: '已开奖：2 位中奖者；未送出：三等奖 · 保温杯 × 1',
    unawarded: '未送出的奖品（参与人数不足）：三等奖 · 保温杯 × 1',
    bigScreen: '打开大屏',
    stage: '抽奖大屏',
    screenUnawarded: '未送出：三等奖 · 保温杯 × 1（参与人数不足）',
    saveAudit: '保存审计文件',
  },
  en: {
    nav: 'Lucky draws',
    create: 'New draw',
    formTitle: 'New draw',
    editTitle: 'Edit draw',
    drawName: 'Draw name',
    addPrize: 'Add prize',
    prizeName: (n: number) => `Prize ${n} name`,
    prizeQuantity: (n: number) => `Prize ${n} quantity`,
    checkedIn: 'Must be checked in',
    save: 'Create draw',
    saveChanges: 'Save changes',
    prizes: ['Robot vacuum', 'Headphones', 'Travel mug'],
    name: 'Booth draw',
    renamed: 'Booth lucky draw',
    throwaway: 'Test draw',
    edit: 'Edit',
    delete: 'Delete',
    deleteTitle: 'Delete draw: Test draw',
    deleteConfirm: 'Delete draw',
    deleted: 'Draw deleted: Test draw',
    noEntrants: 'Nobody is eligible yet: the draw can run once someone meets its rule.',
    shortfall: 'Only 2 eligible for 3 prizes: Travel mug × 1 cannot be awarded.',
    run: 'Run draw',
    runTitle: 'Run draw: Booth lucky draw',
    runConfirm: 'Run draw now',
    cancel: 'Cancel',
    facts: ['Eligible: 2', 'Prizes: 3 kinds, 3 in all'],
    final: 'cannot be run again',
    screenOpen: 'The big screen is open and will show the draw as it happens.',
    screenClosed: 'The big screen is not open',
    done: 'Drawn: 2 winners; not awarded: Travel mug × 1',
    unawarded: 'Not awarded (too few entrants): Travel mug × 1',
    bigScreen: 'Open big screen',
    stage: 'Draw big screen',
    screenUnawarded: 'Not awarded: Travel mug × 1 (too few entrants)',
    saveAudit: 'Save audit file',
  },
} as const;

let scratch: string;
test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  scratch = await mkdtemp(join(tmpdir(), 'leadpond-draws-first-hour-'));
});
test.afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
}

/** `draw verify`, as an auditor runs it. */
async function drawVerify(file: string): Promise<string> {
  const { stdout } = await run('npm', ['run', '-s', 'leadpond', '--', 'draw', 'verify', file]);
  return stdout;
}

for (const lang of ['zh-CN', 'en'] as const) {
  const text = TEXT[lang];

  test(`${lang}: three prizes for two people are flagged before the run, the run asks first and names the unawarded prize, edit and delete before it runs, #/draws survives a reload, the big screen shows the run live`, async ({
    baseURL,
  }) => {
    test.setTimeout(240_000);
    await withBooth(baseURL, async (booth) => {
      const { context, page } = await booth.launch({ offline: true });
      try {
        await openApp(page);
        await createEvent(page, '2026 深圳高交会');
        for (const [name, phone] of [
          ['王小伟', '13800138000'],
          ['李娜', '13912345678'],
        ] as const) {
          await addPersonWithTicket(page, { name, phone, company: '示例科技' });
        }

        // The draws list is a route: the address says so, and a reload comes back to it.
        await openApp(page, `/?lang=${lang}`);
        await page.getByRole('button', { name: text.nav }).click();
        await expect(page).toHaveURL(/#\/draws$/);
        await page.reload();
        await expect(page.getByRole('heading', { name: text.nav, level: 1 })).toBeVisible();

        // Three prizes, everyone captured at the event may win: two people.
        await page.getByRole('button', { name: text.create }).click();
        const form = page.getByRole('dialog', { name: text.formTitle });
        await form.getByLabel(text.drawName).fill(text.name);
        await form.getByRole('button', { name: text.addPrize }).click();
        await form.getByRole('button', { name: text.addPrize }).click();
        for (const [index, prize] of text.prizes.entries()) {
          await form.getByLabel(text.prizeName(index + 1)).fill(prize);
          await form.getByLabel(text.prizeQuantity(index + 1)).fill('1');
        }
        await form.getByLabel(text.checkedIn).uncheck();
        // A quantity of 0 is refused with its limit, not a bare "invalid".
        await form.getByLabel(text.prizeQuantity(1)).fill('0');
        await form.getByRole('button', { name: text.save }).click();
        await expect(form.getByText(CATALOGS[lang].errors.prizeQuantity)).toBeVisible();
        await form.getByLabel(text.prizeQuantity(1)).fill('1');
        await form.getByRole('button', { name: text.save }).click();
        await expect(form).toBeHidden();
        const card = page.getByRole('article', { name: text.name });
        // Warned before anything runs: which prize two people cannot receive.
        await expect(card).toContainText(text.shortfall);
        await expectAccessible(page);
        await shoot(page, `${lang}-draws-warned`);

        // Edited before it runs: the form comes back filled in, the change is kept.
        await card.getByRole('button', { name: text.edit }).click();
        const edit = page.getByRole('dialog', { name: text.editTitle });
        await expect(edit.getByLabel(text.prizeName(3))).toHaveValue(text.prizes[2]);
        await expect(edit.getByLabel(text.checkedIn)).not.toBeChecked();
        await expectAccessible(page);
        await shoot(page, `${lang}-edit`);
        await edit.getByLabel(text.drawName).fill(text.renamed);
        await edit.getByRole('button', { name: text.saveChanges }).click();
        await expect(edit).toBeHidden();
        const renamed = page.getByRole('article', { name: text.renamed });
        await expect(renamed).toContainText(text.shortfall);
        await expect(page.getByRole('article', { name: text.name, exact: true })).toHaveCount(0);

        // A second draw, deleted: asked first (Escape keeps it), then gone with a notice.
        await page.getByRole('button', { name: text.create }).click();
        const second = page.getByRole('dialog', { name: text.formTitle });
        await second.getByLabel(text.drawName).fill(text.throwaway);
        await second.getByLabel(text.prizeName(1)).fill(text.prizes[2]);
        await second.getByRole('button', { name: text.save }).click();
        await expect(second).toBeHidden();
        const throwaway = page.getByRole('article', { name: text.throwaway });
        // Nobody has checked in (its rule): said on the card, before anyone tries to run it.
        await expect(throwaway).toContainText(text.noEntrants);
        await throwaway.getByRole('button', { name: text.delete }).click();
        const askDelete = page.getByRole('alertdialog', { name: text.deleteTitle });
        await expect(askDelete).toBeVisible();
        await expect(askDelete.getByRole('button', { name: text.cancel })).toBeFocused();
        await expectAccessible(page);
        await shoot(page, `${lang}-confirm-delete`);
        await page.keyboard.press('Escape');
        await expect(askDelete).toBeHidden();
        await expect(throwaway).toBeVisible();
        await throwaway.getByRole('button', { name: text.delete }).click();
        await askDelete.getByRole('button', { name: text.deleteConfirm }).click();
        await expect(throwaway).toHaveCount(0);
        await expect(page.getByRole('status').filter({ hasText: text.deleted })).toBeVisible();

        // Before the big screen is open, the confirmation says so.
        await renamed.getByRole('button', { name: text.run }).click();
        let ask = page.getByRole('alertdialog', { name: text.runTitle });
        await expect(ask).toContainText(text.screenClosed);
        await ask.getByRole('button', { name: text.cancel }).click();
        await expect(ask).toBeHidden();
        await expect(renamed.getByRole('button', { name: text.run })).toBeFocused();

        // The projector window, opened from the card, waits for the draw.
        const [screen] = await Promise.all([
          context.waitForEvent('page'),
          renamed.getByRole('button', { name: text.bigScreen }).click(),
        ]);
        await screen.setViewportSize(SIZES[1]);
        const stage = screen.getByRole('main', { name: text.stage });
        await expect(stage).toHaveAttribute('data-phase', 'waiting');

        // Staff go back to the console window (the projector keeps its own).
        await page.bringToFront();
        // The confirmation says what will happen, and takes the keyboard.
        await renamed.getByRole('button', { name: text.run }).click();
        ask = page.getByRole('alertdialog', { name: text.runTitle });
        await expect(ask).toBeVisible();
        await expect(ask.getByRole('button', { name: text.cancel })).toBeFocused();
        for (const fact of text.facts) await expect(ask).toContainText(fact);
        await expect(ask).toContainText(text.shortfall);
        await expect(ask).toContainText(text.final);
        await expect(ask).toContainText(text.screenOpen);
        await expect(ask).toHaveAccessibleDescription(new RegExp(text.final));
        await expectAccessible(page);
        await shoot(page, `${lang}-confirm-run`);
        await page.keyboard.press('Tab');
        await expect(ask.getByRole('button', { name: text.runConfirm })).toBeFocused();
        await page.keyboard.press('Enter');
        await expect(ask).toBeHidden();

        // After the run: which prize went unawarded, on the card, for good.
        await expect(renamed.getByRole('status')).toHaveText(text.done);
        await expect(renamed).toContainText(text.unawarded);
        for (const gone of [text.run, text.edit, text.delete]) {
          await expect(renamed.getByRole('button', { name: gone, exact: true })).toHaveCount(0);
        }
        await expectAccessible(page);
        await shoot(page, `${lang}-console-drawn`);

        // The big screen caught the run as it happened: names roll, then the winners.
        await expect(stage).toHaveAttribute('data-phase', /rolling|revealed/);
        await screen.screenshot({ path: join(SHOTS, `${lang}-big-screen-rolling-1920x1080.png`) });
        await expect(stage).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
        await expect(stage).toContainText(text.screenUnawarded);
        await expectAccessible(screen);
        for (const size of [...SIZES].reverse()) {
          await screen.setViewportSize(size);
          await screen.screenshot({
            path: join(SHOTS, `${lang}-big-screen-final-${size.width}x${size.height}.png`),
          });
        }

        // The audit file's verification names the unawarded prize too.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          renamed.getByRole('button', { name: text.saveAudit }).click(),
        ]);
        const auditFile = join(scratch, `${lang}-audit.json`);
        await download.saveAs(auditFile);
        expect(await drawVerify(auditFile)).toBe(
          'verified: 2 entrants, 2 winners\n' +
            `unawarded: 1 of 1 × ${JSON.stringify(text.prizes[2])} (p3), not enough entrants\n`,
        );
      } finally {
        await context.close();
      }
    });
  });
}
