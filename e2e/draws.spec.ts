import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPool } from '../src/server/testing';
import { DrawAuditSchema } from '../src/shared/draws';
import { newId } from '../src/shared/ids';
import type { Interaction } from '../src/shared/schemas';
import { openApp, withBooth } from './booth';
import { addPersonWithTicket, createEvent } from './steps';
import {
  createPoolEvent,
  enrollForEvent,
  importAttendees,
  issueEnrollmentCode,
  startPool,
  withInstalledBooth,
} from './pool';
import { expectAccessible } from './axe';

const SHOTS = '/tmp/shots/draws';
/** Sync of 500 attendees between two devices and a pool on a shared, loaded machine. */
const SYNCED = { timeout: 60_000 };
const ATTENDEES = 500;
const run = promisify(execFile);

let pool: TestPool;
let scratch: string;

test.beforeAll(async () => {
  pool = await startPool();
  await mkdir(SHOTS, { recursive: true });
  scratch = await mkdtemp(join(tmpdir(), 'leadpond-draws-'));
});
test.afterAll(async () => {
  await pool?.close();
  await rm(scratch, { recursive: true, force: true });
});

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '晓东',
  '文',
];

/** Marketing's attendee file: 500 pre-registered people with Chinese names and +86 mobiles. */
function attendeeCsv(): string {
  const rows = ['姓名,手机,公司'];
  for (let i = 0; i < ATTENDEES; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
    rows.push(`${name},1380013${String(i).padStart(4, '0')},示例科技${i % 37}`);
  }
  return rows.join('\r\n');
}

/**
 * Everyone checks in at the gate: the gate scanner, enrolled as a device of the event (sync push
 * is for devices only), pushes its `checked_in` facts through the replication push.
 */
async function checkInAtGate(eventId: string, personIds: string[]): Promise<void> {
  const gate = await enrollGateScanner(eventId);
  const at = Date.now();
  const rows = personIds.map((personId, i) => {
    const fact: Interaction & { _deleted: boolean } = {
      id: newId(),
      eventId,
      personId,
      type: 'checked_in',
      deviceId: 'gate-scanner',
      staffId: '',
      occurredAt: at + i,
      data: { method: 'hid', deviceName: 'Gate-1' },
      updatedAt: at + i,
      _deleted: false,
    };
    return { newDocumentState: fact, assumedMasterState: null };
  });
  const response = await fetch(`${pool.url}/api/v1/sync/interactions/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gate}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(response.status, await response.text()).toBe(200);
}

/** A scanner at the gate enrolls with a code like any booth device: its token. */
async function enrollGateScanner(eventId: string): Promise<string> {
  const { code } = await issueEnrollmentCode(pool, eventId);
  const response = await fetch(`${pool.url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'Gate-1' }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Every interaction of the event the pool holds, read page by page like a sync client. */
async function poolInteractions(eventId: string): Promise<Record<string, unknown>[]> {
  const documents: Record<string, unknown>[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const query = new URLSearchParams({ eventId, limit: '1000' });
    if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
    const response = await fetch(`${pool.url}/api/v1/sync/interactions/pull?${query}`, {
      headers: { authorization: `Bearer ${pool.adminToken}` },
    });
    const page = (await response.json()) as {
      documents: Record<string, unknown>[];
      checkpoint: unknown;
    };
    documents.push(...page.documents);
    if (page.documents.length < 1000) return documents;
    checkpoint = page.checkpoint;
  }
}

/** The real command line, as staff or an auditor would run it. */
async function drawVerify(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npm', [
      'run',
      '-s',
      'leadpond',
      '--',
      'draw',
      'verify',
      file,
    ]);
    return { code: 0, out: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: `${failed.stdout}${failed.stderr}`.trim() };
  }
}

async function openDraws(page: Page) {
  await page.getByRole('button', { name: '幸运抽奖' }).click();
  await expect(page.getByRole('heading', { name: '幸运抽奖', level: 1 })).toBeVisible();
}

test('a draw among 500 checked-in attendees: unique winners within quantities, draw_won facts, an audit the CLI verifies (and a tampered one it refuses); a second device cannot run it', async ({
  baseURL,
}) => {
  test.setTimeout(480_000);
  const event = await createPoolEvent(pool, '2026 深圳高交会');
  const imported = await importAttendees(pool, event.id, attendeeCsv());
  expect(imported).toMatchObject({ rows: ATTENDEES, created: ATTENDEES });
  const personIds = imported.tickets.map((ticket) => ticket.personId);
  expect(new Set(personIds).size).toBe(ATTENDEES);
  await checkInAtGate(event.id, personIds);

  await withInstalledBooth(baseURL, async (launchA) => {
    await withInstalledBooth(baseURL, async (launchB) => {
      const a = await launchA({ poolUrl: pool.url });
      await enrollForEvent(a.page, pool, event, SYNCED.timeout);
      const b = await launchB({ poolUrl: pool.url });
      await enrollForEvent(b.page, pool, event, SYNCED.timeout);
      await expect(a.page.getByTestId('stats.total')).toHaveText(String(ATTENDEES), SYNCED);

      // Booth A creates the draw: 1 first prize, 3 second, 10 third, among the checked-in.
      await openDraws(a.page);
      await a.page.getByRole('button', { name: '新建抽奖' }).click();
      const form = a.page.getByRole('dialog', { name: '新建抽奖' });
      await form.getByLabel('抽奖名称').fill('展台幸运大抽奖');
      await form.getByRole('button', { name: '添加奖品' }).click();
      await form.getByRole('button', { name: '添加奖品' }).click();
      for (const [n, name, quantity] of [
        [1, '一等奖 · 扫地机器人', '1'],
        [2, '二等奖 · 降噪耳机', '3'],
        [3, '三等奖 · 定制保温杯', '10'],
      ] as const) {
        await form.getByLabel(`奖品 ${n} 名称`).fill(name);
        await form.getByLabel(`奖品 ${n} 数量`).fill(quantity);
      }
      await expect(form.getByLabel('须已签到')).toBeChecked();
      await expect(form.getByLabel('排除本活动已中奖者')).toBeChecked();
      await form.getByRole('button', { name: '创建抽奖' }).click();
      const cardA = a.page.getByRole('article', { name: '展台幸运大抽奖' });
      await expect(cardA).toContainText('未开奖');
      await expect(cardA).toContainText('符合条件：500 人');
      await expect(cardA).toContainText('所属设备：本机');
      await expect(cardA.getByRole('button', { name: '开奖' })).toBeEnabled();

      // Booth B gets the draw by sync: it may look, not run — the button says why, and an
      // attempt anyway (the click reaches the store) is refused there.
      await openDraws(b.page);
      const cardB = b.page.getByRole('article', { name: '展台幸运大抽奖' });
      await expect(cardB).toBeVisible(SYNCED);
      const runB = cardB.getByRole('button', { name: '开奖' });
      await expect(runB).toBeDisabled();
      await expect(runB).toHaveAccessibleDescription(/此抽奖属于另一台设备.*只有该设备能开奖/);
      await runB.click({ force: true });
      await expect(cardB.getByRole('status')).toHaveText(
        '未开奖：此抽奖属于另一台设备，本机不能开奖。',
      );
      await expect(cardB).toContainText('未开奖');

      // A draw not yet run is edited and deleted on its owner: B sees the edit, then loses it
      // (the tombstone replicates); B itself gets neither button.
      await a.page.getByRole('button', { name: '新建抽奖' }).click();
      const spare = a.page.getByRole('dialog', { name: '新建抽奖' });
      await spare.getByLabel('抽奖名称').fill('备用抽奖');
      await spare.getByLabel('奖品 1 名称').fill('纪念品');
      await spare.getByRole('button', { name: '创建抽奖' }).click();
      await a.page
        .getByRole('article', { name: '备用抽奖' })
        .getByRole('button', { name: '编辑' })
        .click();
      const editSpare = a.page.getByRole('dialog', { name: '编辑抽奖' });
      await editSpare.getByLabel('奖品 1 数量').fill('2');
      await editSpare.getByRole('button', { name: '保存修改' }).click();
      await expect(editSpare).toBeHidden();
      const spareB = b.page.getByRole('article', { name: '备用抽奖' });
      await expect(spareB).toContainText('纪念品 × 2', SYNCED);
      await expect(spareB.getByRole('button', { name: '编辑' })).toHaveCount(0);
      await expect(spareB.getByRole('button', { name: '删除' })).toHaveCount(0);
      await a.page
        .getByRole('article', { name: '备用抽奖' })
        .getByRole('button', { name: '删除' })
        .click();
      await a.page
        .getByRole('alertdialog', { name: '删除抽奖：备用抽奖' })
        .getByRole('button', { name: '确认删除' })
        .click();
      await expect(a.page.getByRole('article', { name: '备用抽奖' })).toHaveCount(0);
      await expect(spareB).toHaveCount(0, SYNCED);
      await expect(b.page.getByRole('article', { name: '展台幸运大抽奖' })).toBeVisible();

      // The projector window, opened from the console, waits for the draw.
      const [screen] = await Promise.all([
        a.context.waitForEvent('page'),
        cardA.getByRole('button', { name: '打开大屏' }).click(),
      ]);
      await screen.setViewportSize({ width: 1920, height: 1080 });
      const stage = screen.getByRole('main', { name: '抽奖大屏' });
      await expect(stage).toHaveAttribute('data-phase', 'waiting', SYNCED);
      await screen.screenshot({ path: join(SHOTS, 'big-screen-waiting.png') });

      // Booth A runs the draw, offline: all of it is local. It asks first.
      await a.context.setOffline(true);
      await a.page.bringToFront();
      await cardA.getByRole('button', { name: '开奖' }).click();
      const ask = a.page.getByRole('alertdialog', { name: '确认开奖：展台幸运大抽奖' });
      await expect(ask).toContainText('符合条件：500 人');
      await expect(ask).toContainText('奖品：3 项，共 14 份');
      await expect(ask).toContainText('大屏已打开');
      await ask.getByRole('button', { name: '确认开奖' }).click();
      await expect(cardA.getByRole('status')).toHaveText('已开奖：14 位中奖者');
      await expect(cardA).toContainText('已开奖');
      await expect(cardA.getByRole('button', { name: '开奖' })).toHaveCount(0);
      await expect(
        cardA.getByRole('region', { name: '中奖名单' }).getByRole('listitem'),
      ).toHaveCount(14);

      // The big screen (same store) rolls names, then reveals prize by prize, masked.
      await expect(stage).toHaveAttribute('data-phase', 'rolling');
      await screen.screenshot({ path: join(SHOTS, 'big-screen-rolling.png') });
      await expect(stage).toHaveAttribute('data-phase', 'revealed', { timeout: 20_000 });
      await screen.screenshot({ path: join(SHOTS, 'big-screen-revealed.png') });
      await expect(stage).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
      await screen.screenshot({ path: join(SHOTS, 'big-screen-final.png') });
      await expectAccessible(screen);
      const final = stage.getByRole('region', { name: '中奖名单' });
      await expect(final.getByRole('listitem')).toHaveCount(14);
      for (const text of await final.getByRole('listitem').allTextContents()) {
        expect(text).toMatch(/^\S+ 138\*{4}\d{4}$/);
        expect(text).toContain('*');
      }
      await a.page.screenshot({ path: join(SHOTS, 'console-drawn.png'), fullPage: true });

      // The audit file, saved through the platform's file saver, verifies with the real CLI.
      const [download] = await Promise.all([
        a.page.waitForEvent('download'),
        cardA.getByRole('button', { name: '保存审计文件' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^展台幸运大抽奖-draw-audit-\d{4}-\d\d-\d\d\.json$/,
      );
      const auditFile = join(scratch, 'audit.json');
      await download.saveAs(auditFile);
      const audit = DrawAuditSchema.parse(JSON.parse(await readFile(auditFile, 'utf8')));
      expect(audit.entrantIds).toHaveLength(ATTENDEES);
      expect([...audit.entrantIds].sort()).toEqual([...personIds].sort());
      const winnerIds = audit.winners.map((w) => w.personId);
      expect(new Set(winnerIds).size).toBe(14);
      const perPrize = (id: string) => audit.winners.filter((w) => w.prizeId === id).length;
      expect([perPrize('p1'), perPrize('p2'), perPrize('p3')]).toEqual([1, 3, 10]);
      expect(await drawVerify(auditFile)).toEqual({
        code: 0,
        out: `verified: ${ATTENDEES} entrants, 14 winners`,
      });
      const loser = audit.entrantIds.find((id) => !winnerIds.includes(id)) ?? '';
      const tampered = {
        ...audit,
        winners: audit.winners.map((w, i) => (i === 5 ? { ...w, personId: loser } : w)),
      };
      const tamperedFile = join(scratch, 'tampered.json');
      await writeFile(tamperedFile, JSON.stringify(tampered, null, 2));
      const refused = await drawVerify(tamperedFile);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/^not verified: winner 6 differs/);

      // The winners list exports for staff (unmasked, formulas neutralized).
      const [csv] = await Promise.all([
        a.page.waitForEvent('download'),
        cardA.getByRole('button', { name: '导出中奖名单 CSV' }).click(),
      ]);
      const csvText = await readFile((await csv.path()) ?? '', 'utf8');
      expect(csvText.split('\r\n')).toHaveLength(15);
      expect(csvText).toContain('"奖品","姓名","手机号"');
      expect(csvText).toMatch(/"1\d\d \d{4} \d{4}"/);
      expect(csvText).not.toContain("'+86");

      // Back online: the draw and its 14 draw_won facts reach the pool, and booth B.
      await a.context.setOffline(false);
      await expect
        .poll(
          async () =>
            (await poolInteractions(event.id)).filter((fact) => fact.type === 'draw_won').length,
          SYNCED,
        )
        .toBe(14);
      const won = (await poolInteractions(event.id)).filter((fact) => fact.type === 'draw_won');
      expect(new Set(won.map((fact) => fact.personId))).toEqual(new Set(winnerIds));
      await expect(cardB).toContainText('已开奖', SYNCED);
      await expect(
        cardB.getByRole('region', { name: '中奖名单' }).getByRole('listitem'),
      ).toHaveCount(14);
      await expect(cardB.getByRole('button', { name: '开奖' })).toHaveCount(0);
      await b.page.screenshot({ path: join(SHOTS, 'console-device-b.png'), fullPage: true });
      await closeAll([a.context, b.context]);
    });
  });
});

test('in English, on a booth with no pool: the form explains what is missing, a draw with more prizes than entrants gives each entrant one, and the big screen with reduced motion shows the winners at once', async ({
  baseURL,
}) => {
  test.setTimeout(180_000);
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch({ offline: true });
    try {
      await openApp(page);
      await createEvent(page, 'Hannover Messe 2026');
      for (const [name, phone] of [
        ['王小伟', '13800138000'],
        ['Anna Schmidt', '+49 151 23456789'],
        ['李娜', '13912345678'],
      ] as const) {
        await addPersonWithTicket(page, { name, phone, company: 'ACME' });
      }
      await openApp(page, '/?lang=en');
      await page.getByRole('button', { name: 'Lucky draws' }).click();
      await page.getByRole('button', { name: 'New draw' }).click();
      const form = page.getByRole('dialog', { name: 'New draw' });
      await form.getByRole('button', { name: 'Create draw' }).click();
      await expect(form.getByLabel('Draw name')).toHaveAccessibleDescription('Required');
      await expect(form.getByLabel('Prize 1 name')).toHaveAccessibleDescription('Required');
      await form.getByLabel('Draw name').fill('Booth draw');
      await form.getByLabel('Prize 1 name').fill('=Coffee mug');
      await form.getByLabel('Prize 1 quantity').fill('0');
      await form.getByRole('button', { name: 'Create draw' }).click();
      await expect(form.getByLabel('Prize 1 quantity')).toHaveAccessibleDescription(
        'Enter a whole number from 1 to 1000',
      );
      // The keyboard is taken to what needs fixing.
      await expect(form.getByLabel('Prize 1 quantity')).toBeFocused();
      await form.getByLabel('Prize 1 quantity').fill('5');
      // Nobody checked in here: everyone captured at the event may win.
      await form.getByLabel('Must be checked in').uncheck();
      await page.screenshot({ path: join(SHOTS, 'draw-form-en.png') });
      await expectAccessible(page);
      await form.getByRole('button', { name: 'Create draw' }).click();
      await expect(form).toBeHidden();
      const card = page.getByRole('article', { name: 'Booth draw' });
      await expect(card).toContainText('Eligible: 3');
      // Five mugs, three people: said before the run, asked, and said again after it.
      await expect(card).toContainText(
        'Only 3 eligible for 5 prizes: =Coffee mug × 2 cannot be awarded.',
      );
      await card.getByRole('button', { name: 'Run draw' }).click();
      await page
        .getByRole('alertdialog', { name: 'Run draw: Booth draw' })
        .getByRole('button', { name: 'Run draw now' })
        .click();
      await expect(card.getByRole('status')).toHaveText(
        'Drawn: 3 winners; not awarded: =Coffee mug × 2',
      );
      await card.getByRole('button', { name: 'Run draw' }).waitFor({ state: 'detached' });
      await page.screenshot({ path: join(SHOTS, 'console-en.png'), fullPage: true });

      // Reduced motion is the projector's setting: the window the button opens inherits it.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const [screen] = await Promise.all([
        context.waitForEvent('page'),
        card.getByRole('button', { name: 'Open big screen' }).click(),
      ]);
      await screen.emulateMedia({ reducedMotion: 'reduce' });
      await screen.setViewportSize({ width: 1920, height: 1080 });
      const stage = screen.getByRole('main', { name: 'Draw big screen' });
      await expect(stage).toHaveAttribute('data-phase', 'done');
      const winners = stage.getByRole('region', { name: 'Winners' }).getByRole('listitem');
      await expect(winners).toHaveCount(3);
      expect((await winners.allTextContents()).sort()).toEqual(
        ['A**a S***t ****6789', '李* 139****5678', '王*伟 138****8000'].sort(),
      );
      await screen.screenshot({ path: join(SHOTS, 'big-screen-en-reduced-motion.png') });
    } finally {
      await context.close();
    }
  });
});

async function closeAll(contexts: BrowserContext[]) {
  for (const context of contexts) await context.close().catch(() => undefined);
}
