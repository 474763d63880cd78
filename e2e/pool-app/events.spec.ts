import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { XLSX_MIME, type EventResponse, type EventRoiResponse } from '../../src/shared/api';
import {
  conductDraw,
  DrawSchema,
  seededRandomSource,
  verifyDrawAudit,
} from '../../src/shared/draws';
import { CATALOGS, type Language } from '../../src/shared/i18n';
import { events } from '../../src/shared/i18n/pool/events';
import { shell } from '../../src/shared/i18n/pool/shell';
import { newId } from '../../src/shared/ids';
import { pdfBytes } from '../../src/server/routes/assets.test-kit';
import { DEFAULT_ASSET_SETTINGS } from '../../src/server/deps';
import { startTestPool, type TestPool } from '../../src/server/testing';
import {
  appUrl,
  attendeesXlsx,
  checkScreen,
  createUserSession,
  decodeQr,
  DESKTOP,
  say,
  signedInPage,
  signIn,
} from './kit';

const inEvents = (lang: Language, path: string, values?: Record<string, string | number>) =>
  say(events, lang, path, values);

/** White papers over this size are refused, so the size error can be shown with a small file. */
const UPLOAD_LIMIT = 64 * 1024;

async function startPool(): Promise<TestPool> {
  const pool = await startTestPool({
    poolAppDir: 'dist-pool-app',
    assets: { ...DEFAULT_ASSET_SETTINGS, maxUploadBytes: UPLOAD_LIMIT },
  });
  await pool.listen();
  return pool;
}

const signedInMarketing = (browser: Browser, pool: TestPool, lang: Language) =>
  signedInPage(browser, pool, { role: 'marketing', hashPath: '/events', lang });

/** Slows uploads down to a venue's Wi-Fi (null: full speed again), so progress is seen moving. */
async function uploadThrottle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  return (bytesPerSecond: number | null) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond ?? -1,
    });
}

/** Every value any <progress> on the page takes from now on, in order (window.seenProgress). */
async function recordProgressValues(page: Page) {
  await page.evaluate(() => {
    const values: string[] = [];
    (window as unknown as { seenProgress: string[] }).seenProgress = values;
    const note = (bar: Element) => values.push(bar.getAttribute('value') ?? '');
    new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target as Element;
        if (record.type === 'attributes' && target.tagName === 'PROGRESS') note(target);
        record.addedNodes.forEach((node) => {
          if (node instanceof Element) node.querySelectorAll('progress').forEach(note);
        });
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['value'],
    });
  });
}

/** Drops a file on an element as a browser drag-and-drop would. */
async function dropFile(page: Page, selector: string, name: string, type: string, body: string) {
  const transfer = await page.evaluateHandle(
    ({ name, type, body }) => {
      const data = new DataTransfer();
      data.items.add(new File([body], name, { type }));
      return data;
    },
    { name, type, body },
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test.describe('events (zh-CN): the whole flow', () => {
  const lang = 'zh-CN' as const;
  const t = (path: string, values?: Record<string, string | number>) =>
    inEvents(lang, path, values);
  const shared = CATALOGS[lang];
  let pool: TestPool;
  test.beforeAll(async () => {
    pool = await startPool();
  });
  test.afterAll(async () => {
    await pool.close();
  });

  test('create, edit, import 200 attendees, tickets, enrollment QR, devices, papers, draws', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const page = await signedInMarketing(browser, pool, lang);
    await expect(page.getByRole('heading', { name: t('list.title'), level: 1 })).toBeVisible();
    await expect(page.getByText(t('list.none'))).toBeVisible();
    await checkScreen(page, `events-list-empty-${lang}`);

    // New event: the pool's own rules, said beside each field.
    await page.getByRole('link', { name: t('list.new') }).click();
    await expect(page.getByRole('heading', { name: t('editor.newTitle') })).toBeVisible();
    await page.getByLabel(t('form.startsOn'), { exact: true }).fill('2026-12-10');
    await page.getByLabel(t('form.endsOn'), { exact: true }).fill('2026-12-08');
    await page.getByLabel(t('form.kioskIdleSeconds'), { exact: true }).fill('2');
    await page.getByLabel(t('form.retentionDays'), { exact: true }).fill('0');
    await page.getByLabel(t('form.currency'), { exact: true }).fill('RM');
    await page.getByRole('button', { name: t('editor.create') }).click();
    await expect(page.getByText(t('editor.invalid', { count: 5 }))).toBeVisible();
    const name = page.getByLabel(t('form.name'), { exact: true });
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(shared.errors.endBeforeStart)).toBeVisible();
    await expect(page.getByText(shared.errors.idleSeconds)).toBeVisible();
    await expect(page.getByText(shared.errors.retentionDays)).toBeVisible();
    await expect(page.getByText(t('validation.currency'))).toBeVisible();
    await checkScreen(page, `event-new-errors-${lang}`);

    await name.fill('2026 上海工业博览会');
    await page.getByLabel(t('form.venue'), { exact: true }).fill('国家会展中心 7.1 馆');
    await page.getByLabel(t('form.endsOn'), { exact: true }).fill('2026-12-12');
    await page.getByLabel(t('form.kioskIdleSeconds'), { exact: true }).fill('45');
    await page.getByLabel(t('form.retentionDays'), { exact: true }).fill('30');
    await page.getByLabel(t('form.costAmount'), { exact: true }).fill('180000');
    await page.getByLabel(t('form.currency'), { exact: true }).fill('CNY');
    await page.getByLabel(t('form.requireField', { field: shared.fields.company })).check();
    await page.getByLabel(t('form.askField', { field: shared.fields.wechatId })).check();
    await page.getByLabel(t('form.askField', { field: shared.fields.title })).uncheck();
    await page
      .getByRole('button', { name: t('form.moveUp', { field: shared.fields.wechatId }) })
      .click();
    await page.getByLabel(t('form.interests'), { exact: true }).fill('工业机器人\n数字孪生\n');
    await page.getByLabel(t('form.consentText'), { exact: true }).fill('我同意接收产品资讯。');
    await page.getByLabel(t('form.consentEnText'), { exact: true }).fill('I agree to news.');
    await page.getByLabel(t('form.consentEnVersion'), { exact: true }).fill('en-1');
    await expect(page.getByText(shared.errors.idleSeconds)).toHaveCount(0);
    await page.getByRole('button', { name: t('editor.create') }).click();
    await expect(
      page.getByText(t('editor.created', { name: '2026 上海工业博览会' })),
    ).toBeVisible();
    const eventId = /#\/events\/([^?]+)/.exec(page.url())?.[1] ?? '';
    await checkScreen(page, `event-details-${lang}`);

    // Edit: new consent words need a new version (the pool refuses them otherwise).
    const consent = page.getByLabel(t('form.consentText'), { exact: true });
    await consent.fill('我同意接收产品资讯和活动邀请。');
    await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await expect(page.getByText(t('validation.newVersionNeeded', { version: 'v1' }))).toBeVisible();
    await page.getByLabel(t('form.consentVersion'), { exact: true }).fill('v2');
    await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await expect(page.getByText(t('editor.saved'))).toBeVisible();
    const stored = (await (
      await fetch(`${pool.url}/api/v1/events/${eventId}`, {
        headers: { authorization: `Bearer ${pool.adminToken}` },
      })
    ).json()) as EventResponse;
    expect(stored.event).toMatchObject({
      venue: '国家会展中心 7.1 馆',
      endsOn: '2026-12-12',
      kioskIdleSeconds: 45,
      retentionDays: 30,
      cost: { amount: 180000, currency: 'CNY' },
      interests: ['工业机器人', '数字孪生'],
      form: { required: ['name', 'phone', 'company'] },
      consent: {
        text: '我同意接收产品资讯和活动邀请。',
        version: 'v2',
        translations: [{ language: 'en', text: 'I agree to news.', version: 'en-1' }],
      },
    });
    expect(stored.event.form.fields).toEqual(['name', 'phone', 'email', 'wechatId', 'company']);

    await page.getByRole('link', { name: t('tabs.attendees') }).click();
    await expect(page.getByText(t('tickets.none'))).toBeVisible();
    // A file whose header names nothing the pool knows: said in the user's words.
    await page.getByLabel(t('import.chooseLabel')).setInputFiles({
      name: 'wrong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('甲,乙\n1,2\n'),
    });
    await expect(page.getByRole('alert')).toContainText(t('import.fileErrors.bad_header'));
    await checkScreen(page, `event-import-bad-header-${lang}`);

    // A dropped CSV with a bad row shows the row and its reason; nothing is imported.
    await dropFile(
      page,
      '[data-testid="attendee-drop-zone"]',
      'bad.csv',
      'text/csv',
      '姓名,手机,公司\n张三,13800138000,华为\n李四,12345,中兴\n',
    );
    const rejected = page.getByRole('alert', { name: t('import.rejectedTitle', { count: 1 }) });
    await expect(rejected.getByRole('rowheader', { name: '3', exact: true })).toBeVisible();
    await expect(rejected.getByRole('row', { name: /^3 / })).toContainText(shared.fields.phone);
    await expect(page.locator('tr.import-refused-row')).toContainText('李四');
    await checkScreen(page, `event-import-rejected-${lang}`);
    await page.getByRole('button', { name: t('import.cancel') }).click();

    // 200 attendees from an XLSX, over a slow link: progress, preview, then the result.
    const xlsx = await attendeesXlsx(200);
    await recordProgressValues(page);
    const throttle = await uploadThrottle(page);
    await throttle(Math.ceil(xlsx.length / 3));
    await page.getByLabel(t('import.chooseLabel')).setInputFiles({
      name: '参会人名单.xlsx',
      mimeType: XLSX_MIME,
      buffer: xlsx,
    });
    const progress = page.getByRole('progressbar', { name: t('import.uploadProgress') });
    await expect(progress).toBeVisible();
    await expect(page.getByText(t('import.uploading', { file: '参会人名单.xlsx' }))).toBeVisible();
    await checkScreen(page, `event-import-progress-${lang}`);
    await expect(page.getByText(t('import.previewTitle', { file: '参会人名单.xlsx' }))).toBeVisible(
      {
        timeout: 20_000,
      },
    );
    // Chromium's throttling holds the bytes back but reports upload progress only at the ends.
    const seen = await page.evaluate(
      () => (window as unknown as { seenProgress: string[] }).seenProgress,
    );
    expect(seen[0]).toBe('0');
    expect(seen).toContain('100');
    await throttle(null);
    await expect(
      page.getByText(t('import.summary', { rows: 200, people: 200, duplicates: 0 })),
    ).toBeVisible();
    const headers = page.getByRole('columnheader');
    await expect(headers.filter({ hasText: '手机号码' })).toContainText(`→ ${shared.fields.phone}`);
    await expect(headers.filter({ hasText: '公司名称' })).toContainText(
      `→ ${shared.fields.company}`,
    );
    await expect(headers.filter({ hasText: '备注' })).toContainText(`→ ${t('import.ignored')}`);
    await expect(page.getByRole('cell', { name: '参会人10', exact: true })).toBeVisible();
    await checkScreen(page, `event-import-preview-${lang}`);
    await page.getByRole('button', { name: t('import.confirm', { rows: 200 }) }).click();
    const result = page.getByRole('status').filter({ hasText: t('import.resultTitle') });
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(result.locator('dd').nth(1)).toHaveText('200');
    await expect(page.getByText(t('tickets.count', { count: 200 }))).toBeVisible();
    await checkScreen(page, `event-import-result-${lang}`);

    // Tickets: the CSV (BOM, one line per attendee) and the print view.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('tickets.download') }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(201);
    expect(csv).toContain('参会人200');
    await page.getByRole('link', { name: t('tickets.print') }).click();
    await expect(
      page.getByRole('img', { name: t('tickets.qrAlt', { name: '参会人1' }) }),
    ).toBeVisible();
    await expect(page.locator('.ticket-card img')).toHaveCount(200);
    await checkScreen(page, `event-tickets-print-${lang}`);
    await page.getByRole('link', { name: t('tickets.back') }).click();

    // Enrollment code: a QR that ZXing reads back as the code shown beside it.
    await page.getByRole('link', { name: t('tabs.booth') }).click();
    await page
      .getByLabel(t('codes.ttl'))
      .selectOption({ label: t('codes.ttlHours', { count: 8 }) });
    await page.getByRole('button', { name: t('codes.issue') }).click();
    const qr = page.getByRole('img', { name: /^设备注册二维码 / });
    await expect(qr).toBeVisible();
    const code = await page.getByLabel(t('codes.codeLabel'), { exact: true }).inputValue();
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    await expect(qr).toHaveAccessibleName(t('codes.qrAlt', { code }));
    const dataUrl = (await qr.getAttribute('src')) ?? '';
    const qrText = await decodeQr(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    expect(qrText).toBe(`leadpond-enroll:${pool.url}#${code}`);
    await expect(page.getByText(/^有效期至 /)).toBeVisible();
    await checkScreen(page, `event-booth-code-${lang}`);

    // A booth enrolls with it, runs a draw and syncs; the screen lists the device.
    const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: '东门展台' }),
    });
    expect(enrolled.status).toBe(200);
    const device = (await enrolled.json()) as { token: string; deviceId: string };
    const draw = DrawSchema.parse({
      id: newId(),
      eventId,
      name: '幸运抽奖',
      prizes: [{ id: 'p1', name: '机器人模型', quantity: 2 }],
      eligibility: {
        requiredInteractions: ['registered'],
        excludePreviousWinners: true,
        requireMarketingConsent: false,
      },
      ownerDeviceId: device.deviceId,
      status: 'open',
      audit: null,
      createdAt: 1,
      updatedAt: 1,
    });
    const audit = conductDraw({
      draw,
      entrantIds: Array.from({ length: 12 }, () => newId()),
      random: seededRandomSource(9),
      drawnAt: Date.UTC(2026, 11, 11, 6, 30),
      deviceId: device.deviceId,
    });
    const pushDraw = (doc: object, master: object | null) =>
      fetch(`${pool.url}/api/v1/sync/draws/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ newDocumentState: doc, assumedMasterState: master }]),
      });
    const open = { ...draw, _deleted: false };
    expect(await (await pushDraw(open, null)).json()).toEqual([]);
    const drawn = { ...open, status: 'drawn', audit, updatedAt: 2 };
    expect(await (await pushDraw(drawn, open)).json()).toEqual([]);

    await page.reload();
    await expect(page.getByRole('rowheader', { name: '东门展台' })).toBeVisible();
    await page
      .getByRole('button', { name: t('devices.revokeLabel', { name: '东门展台' }) })
      .click();
    const dialog = page.getByRole('dialog', {
      name: t('devices.confirmTitle', { name: '东门展台' }),
    });
    await expect(dialog).toBeVisible();
    await checkScreen(page, `event-device-revoke-${lang}`);
    await dialog.getByRole('button', { name: t('devices.confirm') }).click();
    await expect(page.getByText(t('devices.done', { name: '东门展台' }))).toBeVisible();
    await expect(page.getByRole('row', { name: /东门展台/ })).toContainText(t('devices.revoked'));
    const me = await fetch(`${pool.url}/api/v1/devices/me`, {
      headers: { authorization: `Bearer ${device.token}` },
    });
    expect(me.status).toBe(401);

    // White papers: a wrong type and a too large file are said at the file input.
    await page.getByRole('link', { name: t('tabs.papers') }).click();
    const fileInput = page.getByLabel(t('papers.file'), { exact: true });
    await page.getByRole('button', { name: t('papers.upload'), exact: true }).click();
    await expect(page.getByText(shared.errors.required)).toBeVisible();
    await expect(page.getByText(t('papers.fileRequired'))).toBeVisible();
    await page.getByLabel(t('papers.titleLabel'), { exact: true }).fill('智能工厂白皮书');
    await fileInput.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await expect(page.getByText(t('papers.notPdf'))).toBeVisible();
    // Named .pdf but a PNG inside: the pool looks at the bytes and says no.
    await fileInput.setInputFiles({
      name: 'fake.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    await expect(page.getByText(t('papers.notPdf'))).toHaveCount(0);
    await page.getByRole('button', { name: t('papers.upload'), exact: true }).click();
    await expect(page.getByText(t('papers.notPdf'))).toBeVisible();
    await checkScreen(page, `event-papers-type-error-${lang}`);
    await fileInput.setInputFiles({
      name: 'big.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('big', UPLOAD_LIMIT + 10_000),
    });
    // The pool tells its limit with the list, so the screen says it before sending anything.
    await expect(page.getByText(t('papers.fileHint', { limit: '64 KB' }))).toBeVisible();
    await expect(
      page.getByText(t('papers.tooLarge', { limit: '64 KB', size: '73.8 KB' })),
    ).toBeVisible();
    await checkScreen(page, `event-papers-size-error-${lang}`);
    await fileInput.setInputFiles({
      name: '智能工厂.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('ok', 20_000),
    });
    await page.getByRole('button', { name: t('papers.upload'), exact: true }).click();
    await expect(
      page.getByText(t('papers.uploadedNotice', { title: '智能工厂白皮书' })),
    ).toBeVisible();
    await expect(page.getByRole('rowheader', { name: '智能工厂白皮书' })).toBeVisible();
    await checkScreen(page, `event-papers-${lang}`);
    await page
      .getByRole('button', { name: t('papers.deleteLabel', { title: '智能工厂白皮书' }) })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('papers.confirm') })
      .click();
    await expect(page.getByText(t('papers.deleted', { title: '智能工厂白皮书' }))).toBeVisible();
    await expect(page.getByText(t('papers.none'))).toBeVisible();

    // Draws: the one the booth ran, verified, with its audit file.
    await page.getByRole('link', { name: t('tabs.draws') }).click();
    const drawRow = page.getByRole('row', { name: /幸运抽奖/ });
    await expect(drawRow).toContainText(t('draws.verified'));
    await expect(drawRow).toContainText('东门展台');
    await expect(drawRow).toContainText(t('draws.prize', { name: '机器人模型', quantity: 2 }));
    const [auditFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('draws.downloadAuditLabel', { name: '幸运抽奖' }) }).click(),
    ]);
    const downloaded: unknown = JSON.parse(readFileSync((await auditFile.path()) ?? '', 'utf8'));
    expect(verifyDrawAudit(downloaded)).toMatchObject({ ok: true, winners: 2, entrants: 12 });
    await checkScreen(page, `event-draws-${lang}`);

    // The list shows the event now.
    await page.getByRole('link', { name: t('editor.back') }).click();
    await expect(page.getByRole('link', { name: '2026 上海工业博览会' })).toBeVisible();
    const roi = (await (
      await fetch(`${pool.url}/api/v1/events/${eventId}/roi`, {
        headers: { authorization: `Bearer ${pool.adminToken}` },
      })
    ).json()) as EventRoiResponse;
    await expect(
      page
        .getByRole('row', { name: /2026 上海工业博览会/ })
        .locator('td')
        .last(),
    ).toHaveText(String(roi.roi.leads));
    await checkScreen(page, `events-list-${lang}`);
  });
});

test.describe('events (en): every screen in English', () => {
  const lang = 'en' as const;
  const t = (path: string, values?: Record<string, string | number>) =>
    inEvents(lang, path, values);
  const shared = CATALOGS[lang];
  let pool: TestPool;
  test.beforeAll(async () => {
    pool = await startPool();
  });
  test.afterAll(async () => {
    await pool.close();
  });

  test('list, form errors, settings, import preview, codes, papers, draws, print', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const page = await signedInMarketing(browser, pool, lang);
    await page.getByRole('link', { name: t('list.new') }).click();
    await page.getByLabel(t('form.kioskIdleSeconds'), { exact: true }).fill('3601');
    await page.getByRole('button', { name: t('editor.create') }).click();
    await expect(page.getByText(shared.errors.idleSeconds)).toBeVisible();
    await checkScreen(page, `event-new-errors-${lang}`);
    await page.getByLabel(t('form.name'), { exact: true }).fill('Automation Expo 2026');
    await page.getByLabel(t('form.kioskIdleSeconds'), { exact: true }).fill('90');
    await page.getByRole('button', { name: t('editor.create') }).click();
    await expect(
      page.getByText(t('editor.created', { name: 'Automation Expo 2026' })),
    ).toBeVisible();
    await checkScreen(page, `event-details-${lang}`);

    await page.getByRole('link', { name: t('tabs.attendees') }).click();
    await page.getByLabel(t('import.chooseLabel')).setInputFiles({
      name: 'guests.xlsx',
      mimeType: XLSX_MIME,
      buffer: await attendeesXlsx(12),
    });
    await expect(
      page.getByText(t('import.summary', { rows: 12, people: 12, duplicates: 0 })),
    ).toBeVisible();
    await checkScreen(page, `event-import-preview-${lang}`);
    await page.getByRole('button', { name: t('import.confirm', { rows: 12 }) }).click();
    await expect(page.getByText(t('import.resultTitle'))).toBeVisible();
    await checkScreen(page, `event-import-result-${lang}`);
    await page.getByRole('link', { name: t('tickets.print') }).click();
    await expect(page.locator('.ticket-card img')).toHaveCount(12);
    await checkScreen(page, `event-tickets-print-${lang}`);
    await page.getByRole('link', { name: t('tickets.back') }).click();

    await page.getByRole('link', { name: t('tabs.booth') }).click();
    await page.getByRole('button', { name: t('codes.issue') }).click();
    const qr = page.getByRole('img', { name: /^Device enrollment QR code / });
    await expect(qr).toBeVisible();
    const issued = (await (
      await fetch(`${pool.url}/api/v1/devices/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: await page.getByLabel(t('codes.codeLabel'), { exact: true }).inputValue(),
          deviceName: 'Hall A booth',
        }),
      })
    ).json()) as { deviceId: string };
    expect(issued.deviceId).toBeTruthy();
    await checkScreen(page, `event-booth-code-${lang}`);
    await page.reload();
    await expect(page.getByRole('rowheader', { name: 'Hall A booth' })).toBeVisible();
    await checkScreen(page, `event-booth-devices-${lang}`);

    await page.getByRole('link', { name: t('tabs.papers') }).click();
    await page.getByLabel(t('papers.titleLabel'), { exact: true }).fill('Smart factory');
    await page
      .getByLabel(t('papers.file'), { exact: true })
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('png') });
    await expect(page.getByText(t('papers.notPdf'))).toBeVisible();
    await checkScreen(page, `event-papers-type-error-${lang}`);

    await page.getByRole('link', { name: t('tabs.draws') }).click();
    await expect(page.getByText(t('draws.none'))).toBeVisible();
    await checkScreen(page, `event-draws-empty-${lang}`);
    await page.getByRole('link', { name: t('editor.back') }).click();
    await expect(page.getByRole('link', { name: 'Automation Expo 2026' })).toBeVisible();
    await checkScreen(page, `events-list-${lang}`);

    // Sales may not run events: the screen says so, and the pool refuses the data behind it.
    const sales = await createUserSession(pool, 'sales');
    const salesPage = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await salesPage.goto(appUrl(pool, '/events', lang));
    await signIn(salesPage, sales.email, sales.password);
    await expect(
      salesPage.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
    ).toBeVisible();
    const refused = await salesPage.evaluate(async () => (await fetch('/api/v1/events')).status);
    expect(refused).toBe(403);
  });
});
