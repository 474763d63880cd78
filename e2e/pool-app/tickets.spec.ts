import { mkdir } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { TicketSendListResponse } from '../../src/shared/api';
import { CATALOGS, type Language } from '../../src/shared/i18n';
import { events } from '../../src/shared/i18n/pool/events';
import { systemClock } from '../../src/shared/ids';
import { createMailWorker, type MailWorker } from '../../src/server/services/mail-worker';
import {
  decodedParts,
  startTestSmtp,
  subjectOf,
  type ReceivedMail,
  type TestSmtp,
} from '../../src/server/services/mail-worker.test-kit';
import { startTestPool, type TestPool } from '../../src/server/testing';
import { expectAccessible } from '../axe';
import {
  createPoolEvent,
  enrollForEvent,
  importAttendees,
  poolDocuments,
  withInstalledBooth,
} from '../pool';
import { scannerBurst } from '../scanner';
import { POOL_APP_SHOTS, attendeesXlsx, checkScreen, decodeQr, say, signedInPage } from './kit';

/**
 * Invitations and tickets before the event: marketing imports 20 attendees and mails their
 * tickets; a real SMTP server receives the 20 mails; one ticket link opens the holder's own page
 * on a phone, and the QR on that page checks them in at a booth. The public registration page
 * with a channel code, at phone size, in both languages.
 */
const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;
const SYNCED = { timeout: 30_000 };

const inEvents = (lang: Language, path: string, values?: Record<string, string | number>) =>
  say(events, lang, path, values);

let pool: TestPool;
let smtp: TestSmtp;
let mail: MailWorker;

test.beforeAll(async () => {
  await mkdir(POOL_APP_SHOTS, { recursive: true });
  pool = await startTestPool({
    poolAppDir: 'dist-pool-app',
    attendeePageDir: 'dist-attendee',
    mailDelivery: 'smtp',
  });
  await pool.listen();
  smtp = await startTestSmtp();
  mail = createMailWorker({
    db: pool.db,
    clock: systemClock,
    publicUrl: () => pool.url,
    smtpUrl: smtp.url,
    from: 'Leadpond <tickets@leadpond.test>',
    tickMs: 1000,
  });
  await mail.start();
});
test.afterAll(async () => {
  await mail?.stop();
  await smtp?.close();
  await pool?.close();
});

/** The link to the holder's ticket page a ticket mail carries. */
function ticketLinkIn(received: ReceivedMail): string {
  const text = decodedParts(received.raw).join('\n');
  const link = /https?:\/\/[^\s"<>]+\/t\/[^\s"<>]+/.exec(text)?.[0];
  if (!link) throw new Error('no ticket link in the mail');
  return link.replace(/&amp;/g, '&');
}

async function phonePage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale });
  return context.newPage();
}

async function expectNoOverflow(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

async function phoneShot(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await expectNoOverflow(page);
  await page.screenshot({ path: `${POOL_APP_SHOTS}/${name}.png`, fullPage: true });
}

test('marketing imports 20 attendees and mails their tickets; a mailed link opens the holder’s ticket on a phone, and its QR checks them in at the booth', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const lang: Language = 'zh-CN';
  const t = (path: string, values?: Record<string, string | number>) =>
    inEvents(lang, path, values);
  const event = await createPoolEvent(pool, '2026 工业互联网大会');
  const page = await signedInPage(browser, pool, {
    role: 'marketing',
    hashPath: `/events/${event.id}?tab=attendees`,
    lang,
  });

  // The registration page's link and QR, here per channel.
  const registration = page.getByRole('region', { name: t('registration.title') });
  await expect(registration.getByLabel(t('registration.link'))).toHaveValue(
    `${pool.url}/r/${event.id}?c=web`,
  );
  await registration.getByLabel(t('registration.channel')).selectOption('wechat');
  await expect(registration.getByLabel(t('registration.link'))).toHaveValue(
    `${pool.url}/r/${event.id}?c=wechat`,
  );
  await expect(
    registration.getByRole('img', {
      name: t('registration.qrAlt', { channel: CATALOGS[lang].tickets.channels.wechat }),
    }),
  ).toBeVisible();

  // Import 20 attendees from the organizer's spreadsheet.
  await page.getByLabel(t('import.chooseLabel')).setInputFiles({
    name: '参会人名单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await attendeesXlsx(20),
  });
  await page.getByRole('button', { name: t('import.confirm', { rows: 20 }) }).click();
  await expect(page.getByText(t('tickets.count', { count: 20 }))).toBeVisible({ timeout: 30_000 });

  // Send the tickets: confirmed, then progress until all 20 went out, each recipient's status.
  const sends = page.getByRole('region', { name: t('sends.title') });
  await sends.getByRole('button', { name: t('sends.send') }).click();
  const dialog = page.getByRole('dialog', { name: t('sends.confirmTitle', { count: 20 }) });
  await dialog.getByRole('button', { name: t('sends.confirm') }).click();
  await expect(sends.getByRole('progressbar', { name: t('sends.progress') })).toBeVisible();
  const summary = sends.getByTestId('send-summary');
  await expect(summary).toHaveText(
    t('sends.summary', { sent: 20, withEmail: 20, failed: 0, queued: 0, noEmail: 0 }),
    { timeout: 60_000 },
  );
  await expect(sends.locator('td.send-sent')).toHaveCount(20);
  const scrollToTop = (title: string) =>
    page
      .getByRole('heading', { name: title })
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await scrollToTop(t('sends.title'));
  await checkScreen(page, `tickets-sent-${lang}`);
  await scrollToTop(t('registration.title'));
  await checkScreen(page, `tickets-registration-link-${lang}`);
  await page.context().close();

  // 20 mails, one per attendee, each with the QR as an inline image and the ticket link.
  await expect.poll(() => smtp.received.length, { timeout: 30_000 }).toBe(20);
  const recipients = smtp.received.flatMap((m) => m.to).sort();
  expect(new Set(recipients).size).toBe(20);
  expect(recipients).toContain('guest7@example.com');
  const seventh = smtp.received.find((m) => m.to.includes('guest7@example.com'));
  if (!seventh) throw new Error('no mail to guest7');
  expect(subjectOf(seventh)).toBe(`您的入场票券：${event.name}`);
  expect(seventh.raw).toMatch(/Content-Type: image\/png/i);
  const { sends: stored } = (await (
    await fetch(`${pool.url}/api/v1/events/${event.id}/ticket-sends`, {
      headers: { authorization: `Bearer ${pool.adminToken}` },
    })
  ).json()) as TicketSendListResponse;
  expect(stored.map((s) => s.counts)).toEqual([{ queued: 0, sent: 20, failed: 0, no_email: 0 }]);

  // The link from the mail, on its own, on a phone: the holder's ticket, nobody else's.
  const phone = await phonePage(browser, 'zh-CN');
  await phone.goto(ticketLinkIn(seventh));
  await expect(phone.getByRole('heading', { name: '我的入场票券' })).toBeVisible();
  await expect(phone.locator('.ticket-holder')).toHaveText('参会人7');
  await expect(phone.getByText('参会人8')).toHaveCount(0);
  await expect(phone.getByText('guest7@example.com')).toHaveCount(0);
  await phoneShot(phone, 'ticket-page-phone-zh-CN');
  const qr = phone.getByRole('img', { name: '参会人7 的入场票券二维码' });
  const ticket = await decodeQr(await qr.screenshot());
  expect(ticket).toMatch(/^LP1\./);
  await phone.context().close();

  // That QR at the booth: the scanner reads it, green with the holder's name, once at the pool.
  const guest7 = (await poolDocuments(pool, 'people', event.id)).find((p) => p.name === '参会人7');
  await withInstalledBooth(baseURL, async (launch) => {
    const { page: booth } = await launch({ poolUrl: pool.url });
    await enrollForEvent(booth, pool, event, SYNCED.timeout);
    await expect(booth.getByTestId('stats.total')).toHaveText('20', SYNCED);
    await booth.getByRole('button', { name: '签到' }).click();
    await expect(booth.getByRole('heading', { name: `签到 · ${event.name}` })).toBeVisible();
    await scannerBurst(booth, ticket ?? '');
    // The scan's feedback (the console may also warn that its booth QR points to 127.0.0.1).
    const feedback = booth.locator('[role="alert"][data-tone]');
    await expect(feedback).toHaveAttribute('data-tone', 'green');
    await expect(feedback).toContainText('参会人7');
    await booth.screenshot({ path: `${POOL_APP_SHOTS}/ticket-checkin-booth-zh-CN.png` });
    await expect
      .poll(
        async () =>
          (await poolDocuments(pool, 'interactions', event.id)).filter(
            (fact) => fact.type === 'checked_in' && fact.personId === guest7?.id,
          ).length,
        SYNCED,
      )
      .toBe(1);
  });
});

test('the attendees tab in English: registration link with a custom channel code, send tickets with a no-email recipient', async ({
  browser,
}) => {
  const lang: Language = 'en';
  const t = (path: string, values?: Record<string, string | number>) =>
    inEvents(lang, path, values);
  const event = await createPoolEvent(pool, 'Smart Factory Summit 2026');
  await importAttendees(
    pool,
    event.id,
    ['name,phone,email', 'Ada,13800138501,ada.en@example.com', 'Bob,13800138502,'].join('\r\n'),
  );
  const page = await signedInPage(browser, pool, {
    role: 'marketing',
    hashPath: `/events/${event.id}?tab=attendees`,
    lang,
  });
  const registration = page.getByRole('region', { name: t('registration.title') });
  await registration.getByLabel(t('registration.channel')).selectOption('other');
  await registration.getByLabel(t('registration.custom')).fill('Partner ACME');
  await expect(registration.getByText(t('registration.customInvalid'))).toBeVisible();
  await registration.getByLabel(t('registration.custom')).fill('partner-acme');
  await expect(registration.getByLabel(t('registration.link'))).toHaveValue(
    `${pool.url}/r/${event.id}?c=partner-acme`,
  );
  await checkScreen(page, `tickets-registration-link-${lang}`);

  const sends = page.getByRole('region', { name: t('sends.title') });
  await sends.getByLabel(t('sends.lang')).selectOption('en');
  await sends.getByRole('button', { name: t('sends.send') }).click();
  await page
    .getByRole('dialog', { name: t('sends.confirmTitle', { count: 2 }) })
    .getByRole('button', { name: t('sends.confirm') })
    .click();
  await expect(sends.getByTestId('send-summary')).toHaveText(
    t('sends.summary', { sent: 1, withEmail: 1, failed: 0, queued: 0, noEmail: 1 }),
    { timeout: 30_000 },
  );
  await expect(sends.locator('td.send-no_email')).toHaveText(t('sends.no_email'));
  await page
    .getByRole('heading', { name: t('sends.title') })
    .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await checkScreen(page, `tickets-sent-${lang}`);
  const mailed = smtp.received.find((m) => m.to.includes('ada.en@example.com'));
  expect(subjectOf(mailed!)).toBe(`Your entry ticket: ${event.name}`);
  await page.context().close();
});

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the registration page with ?c= at phone size registers and shows the ticket (${lang})`, async ({
    browser,
  }) => {
    const words = CATALOGS[lang];
    const event = await createPoolEvent(pool, `2026 数字化转型论坛 ${lang}`);
    const phone = await phonePage(browser, lang);
    await phone.goto(`${pool.url}/r/${event.id}?c=wechat&lang=${lang}`);
    await expect(phone.getByRole('heading', { name: event.name })).toBeVisible();
    await phoneShot(phone, `registration-phone-${lang}`);

    // Submitted without consent: the form says what to fix and keeps what was typed.
    const name = lang === 'en' ? 'Li Lei' : '李雷';
    // The pool keeps emails in lower case.
    const email = `li.lei.${lang.toLowerCase()}@example.com`;
    await phone.getByLabel(words.fields.name).fill(name);
    await phone.getByLabel(words.fields.phone).fill('13700137077');
    await phone.getByLabel(words.fields.email).fill(email);
    await phone.getByRole('button', { name: words.tickets.register.submit }).click();
    await expect(phone.getByRole('alert')).toHaveText(words.tickets.register.fix);
    await expect(phone.getByLabel(words.fields.name)).toHaveValue(name);
    await expect(phone.getByText(words.errors.consent)).toBeVisible();
    await phoneShot(phone, `registration-phone-errors-${lang}`);

    await phone.getByLabel(words.tickets.register.consentLabel).check();
    await phone.getByRole('button', { name: words.tickets.register.submit }).click();
    await expect(phone.getByRole('heading', { name: words.tickets.page.title })).toBeVisible();
    await expect(phone.getByRole('status')).toHaveText(words.tickets.page.registered);
    await expect(phone.locator('.ticket-holder')).toHaveText(name);
    await phoneShot(phone, `registration-ticket-phone-${lang}`);
    const qr = phone.getByRole('img', {
      name: words.tickets.page.qrAlt.replace('{{name}}', name),
    });
    expect(await decodeQr(await qr.screenshot())).toMatch(/^LP1\./);

    // The channel is the lead's source; the ticket mail goes out in the page's language.
    const facts = await poolDocuments(pool, 'interactions', event.id);
    expect(facts.map((f) => [f.type, (f.data as { source?: string }).source])).toEqual([
      ['registered', 'wechat'],
    ]);
    await expect
      .poll(() => smtp.received.filter((m) => m.to.includes(email)).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const mailed = smtp.received.find((m) => m.to.includes(email));
    expect(subjectOf(mailed!)).toBe(words.tickets.mail.subject.replace('{{event}}', event.name));
    await phone.context().close();
  });
}
