import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, withBooth } from './booth';
import { makeQrVideo } from '../scripts/qr-video.mjs';
import { addPersonWithTicket, createEvent } from './steps';
import { scannerBurst } from './scanner';

const ZHANG = { name: '张三', phone: '13800138000', company: '华为技术' };

async function openCheckIn(page: Page) {
  await openApp(page, '/?lang=zh-CN#/checkin');
  await expect(page.getByRole('heading', { name: /签到 · / })).toBeVisible();
}

function feedback(page: Page) {
  return page.getByRole('alert');
}

/** Flip one character inside the person id: the signature no longer matches. */
function tamper(ticket: string): string {
  const at = 'LP1.'.length + 15;
  return ticket.slice(0, at) + (ticket[at] === 'A' ? 'B' : 'A') + ticket.slice(at + 1);
}

test('camera: a ticket checks in green, shown again is amber, a tampered one is red', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const videos = await mkdtemp(join(tmpdir(), 'leadpond-camera-'));
  try {
    await withBooth(baseURL, async (booth) => {
      let { context, page } = await booth.launch();
      await openApp(page);
      await createEvent(page);
      const ticket = await addPersonWithTicket(page, ZHANG);
      await context.close();

      // Shown for 1.5 s, away for 5 s, looped: the second showing must read as "already".
      const showing = (text: string) => [
        { text, seconds: 1.5 },
        { text: null, seconds: 5 },
      ];
      const valid = await makeQrVideo(videos, 'valid', showing(ticket));
      const tampered = await makeQrVideo(videos, 'tampered', showing(tamper(ticket)));

      ({ context, page } = await booth.launch({ camera: valid, offline: true }));
      await openCheckIn(page);
      await page.getByRole('button', { name: '打开摄像头' }).click();
      await expect(feedback(page)).toHaveAttribute('data-tone', 'green', { timeout: 20_000 });
      await expect(feedback(page)).toContainText('签到成功');
      await expect(feedback(page)).toContainText('张三');
      await expect(feedback(page)).toContainText('华为技术');
      await page.screenshot({ path: testInfo.outputPath('checkin-green.png') });
      // The code leaves the picture and comes back: the same person, already checked in.
      await expect(feedback(page)).toHaveAttribute('data-tone', 'amber', { timeout: 20_000 });
      await expect(feedback(page)).toContainText(/已于 \d{2}:\d{2} 在 Booth-\w+ 签到/);
      await page.screenshot({ path: testInfo.outputPath('checkin-amber.png') });
      await page.getByRole('button', { name: '关闭摄像头' }).click();
      await expect(page.getByTestId('checkin-total')).toHaveText('1 / 1 人已签到');
      await context.close();

      ({ context, page } = await booth.launch({ camera: tampered, offline: true }));
      await openCheckIn(page);
      await page.getByRole('button', { name: '打开摄像头' }).click();
      await expect(feedback(page)).toHaveAttribute('data-tone', 'red', { timeout: 20_000 });
      await expect(feedback(page)).toContainText('票券签名无效（可能被篡改或伪造）');
      await page.screenshot({ path: testInfo.outputPath('checkin-red.png') });
      await page.getByRole('button', { name: '关闭摄像头' }).click();
      await expect(page.getByTestId('checkin-total')).toHaveText('1 / 1 人已签到');
      await context.close();
    });
  } finally {
    await rm(videos, { recursive: true, force: true });
  }
});

test('HID scanner: a fast burst + Enter checks in; the same text typed slowly only searches', async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  await withBooth(baseURL, async (booth) => {
    const { context, page } = await booth.launch();
    await openApp(page);
    await createEvent(page);
    const ticket = await addPersonWithTicket(page, ZHANG);
    await openCheckIn(page);

    const search = page.getByRole('searchbox', { name: '按姓名、拼音、手机或邮箱查找' });
    await search.click();
    // A person typing (60 ms between keys) the very same text, then Enter.
    await page.keyboard.type(ticket, { delay: 60 });
    await page.keyboard.press('Enter');
    await expect(search).toHaveValue(ticket);
    await page.waitForTimeout(500);
    await expect(feedback(page)).toBeHidden();
    await expect(page.getByTestId('checkin-total')).toHaveText('0 / 1 人已签到');

    // The scanner fires while the search box still has focus: its text must not stay there.
    await search.fill('');
    await scannerBurst(page, ticket);
    await expect(feedback(page)).toHaveAttribute('data-tone', 'green');
    await expect(feedback(page)).toContainText('张三');
    await expect(search).toHaveValue('');
    await expect(page.getByTestId('checkin-total')).toHaveText('1 / 1 人已签到');

    // Scanned again: amber, still one check-in.
    await scannerBurst(page, ticket);
    await expect(feedback(page)).toHaveAttribute('data-tone', 'amber');
    await expect(page.getByTestId('checkin-total')).toHaveText('1 / 1 人已签到');
    await feedback(page).click();

    // A walk-in's MECARD badge: a new lead, opened for qualification.
    await scannerBurst(
      page,
      'MECARD:N:Chen,Alice;TEL:+1 415 555 2671;EMAIL:alice@acme.io;ORG:Acme;;',
    );
    await expect(feedback(page)).toHaveAttribute('data-tone', 'badge');
    await feedback(page).click();
    const drawer = page.getByRole('dialog');
    await expect(drawer.getByRole('heading', { name: 'Alice Chen' })).toBeVisible();
    await expect(drawer.getByLabel('公司', { exact: true })).toHaveValue('Acme');
    await expect(drawer.getByRole('button', { name: '保存评估' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('checkin-badge.png') });
    await expect(page.getByTestId('checkin-total')).toHaveText('1 / 2 人已签到');
    await context.close();
  });
});
