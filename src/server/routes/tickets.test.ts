import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CSV_MIME,
  type ImportResponse,
  type RegistrationLinkResponse,
  type TicketResendResponse,
  type TicketSendListResponse,
  type TicketSendResponse,
} from '../../shared/api';
import { newId, systemClock } from '../../shared/ids';
import { issueTicket, verifyTicket } from '../../shared/scan/tickets';
import type { Interaction, LeadEvent, Person } from '../../shared/schemas';
import { privateKeyOf } from '../services/event-keys';
import { createMailWorker, type MailWorker } from '../services/mail-worker';
import {
  decodedParts,
  startTestSmtp,
  subjectOf,
  type TestSmtp,
} from '../services/mail-worker.test-kit';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, importFile } from './routes.test-kit';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const FORM = 'application/x-www-form-urlencoded';
const form = (values: Record<string, string>) => new URLSearchParams(values).toString();

describe('registration page, ticket page, ticket mails', () => {
  let pool: TestPool;
  let smtp: TestSmtp;
  const workers: MailWorker[] = [];

  beforeAll(async () => {
    pool = await startTestPool();
    await pool.listen();
    smtp = await startTestSmtp();
  });
  afterEach(async () => {
    while (workers.length) await workers.pop()?.stop();
  });
  afterAll(async () => {
    await smtp.close();
    await pool.close();
  });

  function worker(maxAttempts = 8): MailWorker {
    const created = createMailWorker({
      db: pool.db,
      clock: systemClock,
      publicUrl: () => pool.url,
      smtpUrl: smtp.url,
      from: 'Leadpond <tickets@leadpond.test>',
      baseRetryMs: 10,
      tickMs: 60_000,
      maxAttempts,
    });
    workers.push(created);
    return created;
  }

  const documentsOf = async <T>(collection: string, eventId: string) =>
    (
      await pool.db.query<{ data: T }>(
        `select data from documents where collection = $1 and event_id = $2 order by seq`,
        [collection, eventId],
      )
    ).map((row) => row.data);

  const register = (eventId: string, values: Record<string, string>, headers = {}) =>
    pool.app.inject({
      method: 'POST',
      url: `/r/${eventId}`,
      headers: { 'content-type': FORM, ...headers },
      payload: form({ consentVersion: 'v3', ...values }),
    });

  async function importAttendees(event: LeadEvent, lines: string[]): Promise<ImportResponse> {
    const response = await importFile(pool, event.id, lines.join('\r\n'), CSV_MIME);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ImportResponse;
  }

  describe('the registration page', () => {
    it('shows the event form and consent in zh-CN or en, carrying a valid channel code', async () => {
      const event = await createEvent(pool, { name: '智能制造峰会' });
      const zh = await pool.app.inject({ method: 'GET', url: `/r/${event.id}?c=WeChat` });
      expect(zh.statusCode).toBe(200);
      expect(zh.headers['content-security-policy']).toContain("script-src 'self'");
      expect(zh.body).toContain('<html lang="zh-CN">');
      expect(zh.body).toContain('智能制造峰会');
      expect(zh.body).toContain('姓名');
      expect(zh.body).toContain('We may contact you about our products.');
      expect(zh.body).toContain('name="c" value="wechat"');

      const en = await pool.app.inject({
        method: 'GET',
        url: `/r/${event.id}?c=${encodeURIComponent('<script>')}`,
        headers: { 'accept-language': 'en-US,en;q=0.9' },
      });
      expect(en.body).toContain('<html lang="en">');
      expect(en.body).toContain('Mobile phone');
      // Not a code: recorded as direct, and never echoed.
      expect(en.body).toContain('name="c" value="direct"');
      expect(en.body).not.toContain('<script>');

      const missing = await pool.app.inject({ method: 'GET', url: `/r/${newId()}` });
      expect(missing.statusCode).toBe(404);
    });

    it('refuses a registration without consent or with a bad phone, and stores nothing', async () => {
      const event = await createEvent(pool);
      const noConsent = await register(event.id, { name: '王五', phone: '13900139011' });
      expect(noConsent.statusCode).toBe(400);
      expect(noConsent.body).toContain('请勾选同意个人信息授权');
      expect(noConsent.body).toContain('value="王五"');
      const badPhone = await register(event.id, { name: '王五', phone: '12', consent: 'yes' });
      expect(badPhone.statusCode).toBe(400);
      expect(badPhone.body).toContain('aria-invalid="true"');
      const repeated = await pool.app.inject({
        method: 'POST',
        url: `/r/${event.id}`,
        headers: { 'content-type': FORM },
        payload: 'consentVersion=v3&name=a&name=b&phone=13900139011&consent=yes',
      });
      expect(repeated.statusCode).toBe(400);
      expect(await documentsOf('people', event.id)).toEqual([]);
    });

    it('registers a new person with the channel as source and redirects to their ticket', async () => {
      const event = await createEvent(pool);
      const response = await register(
        event.id,
        {
          name: '赵六',
          phone: '13900139012',
          email: 'zhao@example.com',
          consent: 'yes',
          c: 'partner',
        },
        { 'accept-language': 'en' },
      );
      expect(response.statusCode, response.body).toBe(303);
      const location = new URL(String(response.headers.location), 'http://x');
      expect(location.pathname).toBe(`/t/${event.id}`);
      const ticket = location.searchParams.get('t') ?? '';
      const verdict = verifyTicket(ticket, event);
      expect(verdict.ok).toBe(true);

      const [person] = await documentsOf<Person>('people', event.id);
      expect(person).toMatchObject({
        name: '赵六',
        phone: '+8613900139012',
        consent: { granted: true },
      });
      expect(person?.provenance.name?.source).toBe('mobile');
      expect(verdict.ok && verdict.claims.personId).toBe(person?.id);
      const facts = await documentsOf<Interaction>('interactions', event.id);
      expect(facts.map((fact) => [fact.type, fact.data.source])).toEqual([
        ['registered', 'partner'],
      ]);
      // The ticket mail is queued once, in the registrant's language.
      const mails = await pool.db.query<{ to_address: string; payload: { lang: string } }>(
        `select to_address, payload from mail_outbox where kind = 'ticket' and payload->>'eventId' = $1`,
        [event.id],
      );
      expect(mails.map((m) => [m.to_address, m.payload.lang])).toEqual([
        ['zhao@example.com', 'en'],
      ]);

      const page = await pool.app.inject({
        method: 'GET',
        url: `${location.pathname}${location.search}`,
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('赵六');
      expect(page.body).toContain('You are registered!');
      expect(page.body).toMatch(/<img class="ticket-qr" src="data:image\/png;base64,/);
    });

    it("never overwrites a known person's record and never hands out their ticket", async () => {
      const event = await createEvent(pool);
      await importAttendees(event, [
        'name,phone,email,company,title',
        '张三,13800138001,zhang@huawei.example,华为,总监',
      ]);
      const [before] = await documentsOf<Person>('people', event.id);
      const response = await register(event.id, {
        name: 'Zhang San',
        phone: '13800138001',
        email: 'attacker@example.com',
        company: '假公司',
        title: '实习生',
        consent: 'yes',
      });
      expect(response.statusCode).toBe(303);
      const people = await documentsOf<Person>('people', event.id);
      const after = people.find((person) => person.id === before?.id);
      expect(after).toEqual(before);
      const ticket = new URL(String(response.headers.location), 'http://x').searchParams.get('t');
      const verdict = verifyTicket(ticket ?? '', event);
      expect(verdict.ok && verdict.claims.personId).not.toBe(before?.id);

      const page = await pool.app.inject({
        method: 'GET',
        url: String(response.headers.location),
      });
      expect(page.body).toContain('Zhang San');
      expect(page.body).not.toContain('张三');
      expect(page.body).not.toContain('华为');
      expect(page.body).not.toContain('zhang@huawei.example');
    });
  });

  describe('the ticket page', () => {
    it("shows only the holder's own ticket; forged and other events' tickets are refused", async () => {
      const event = await createEvent(pool);
      const other = await createEvent(pool);
      const imported = await importAttendees(event, [
        'name,phone,email',
        'Ada,13800138101,ada@example.com',
        'Bob,13800138102,bob@example.com',
      ]);
      const ada = imported.tickets.find((t) => t.name === 'Ada');
      const page = await pool.app.inject({
        method: 'GET',
        url: `/t/${event.id}?t=${encodeURIComponent(ada?.ticket ?? '')}`,
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Ada');
      expect(page.body).not.toContain('Bob');
      expect(page.body).not.toContain('ada@example.com');
      expect(page.body).not.toContain('13800138101');

      // The same signature with another person's id in the payload: forged.
      const bob = imported.tickets.find((t) => t.name === 'Bob');
      const [, adaPayload = '', adaSig = ''] = (ada?.ticket ?? '').split('.');
      const [, bobPayload = ''] = (bob?.ticket ?? '').split('.');
      expect(adaPayload).not.toBe(bobPayload);
      const forged = `LP1.${bobPayload}.${adaSig}`;
      const signedElsewhere = issueTicket(
        { eventId: event.id, personId: bob?.personId ?? '', issuedAt: Date.now() },
        (await privateKeyOf(pool.db, other.id)) ?? '',
      );
      for (const [eventId, ticket] of [
        [event.id, forged],
        [event.id, signedElsewhere],
        [other.id, ada?.ticket ?? ''],
        [event.id, 'LP1.garbage'],
        [event.id, ''],
      ] as const) {
        const refused = await pool.app.inject({
          method: 'GET',
          url: `/t/${eventId}?t=${encodeURIComponent(ticket)}`,
        });
        expect(refused.statusCode, ticket).toBe(404);
        expect(refused.body).not.toContain('Ada');
        expect(refused.body).not.toContain('Bob');
      }
    });
  });

  describe('ticket sends', () => {
    const send = (eventId: string, id: string, lang = 'zh-CN') =>
      pool.app.inject({
        method: 'POST',
        url: `/api/v1/events/${eventId}/ticket-sends`,
        headers: bearer(pool.adminToken),
        payload: { id, lang },
      });
    const status = async (eventId: string, sendId: string) =>
      (
        await pool.app.inject({
          method: 'GET',
          url: `/api/v1/events/${eventId}/ticket-sends/${sendId}`,
          headers: bearer(pool.adminToken),
        })
      ).json() as TicketSendResponse;
    const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

    it('mails each attendee with an email exactly once, QR inline, and re-sends the failed', async () => {
      const event = await createEvent(pool, { name: 'Ticket Expo' });
      const tag = newId().slice(-8);
      const [ada, bob] = [`ada-${tag}@example.com`, `bob-${tag}@example.com`];
      await importAttendees(event, [
        'name,phone,email',
        `Ada,13800138201,${ada}`,
        `Bob,13800138202,${bob}`,
        'Cy,13800138203,',
      ]);
      // Mail other tests queued goes out first: what follows is this send's alone.
      await worker().runOnce();
      const sendId = newId();
      const created = await send(event.id, sendId, 'en');
      expect(created.statusCode, created.body).toBe(201);
      expect((created.json() as TicketSendResponse).counts).toEqual({
        queued: 2,
        sent: 0,
        failed: 0,
        no_email: 1,
      });
      // A repeated request (double click, retry) is the same send: nothing more is queued.
      const again = await send(event.id, sendId, 'en');
      expect(again.statusCode).toBe(200);
      const otherEvent = await createEvent(pool);
      expect((await send(otherEvent.id, sendId)).statusCode).toBe(409);
      const queued = await pool.db.query(
        `select 1 from mail_outbox where kind = 'ticket' and dedupe_key like $1`,
        [`ticket:${sendId}:%`],
      );
      expect(queued).toHaveLength(2);

      // The first mail is refused, and with one attempt allowed it fails for good.
      smtp.rejectNext(1);
      const delivered = await worker(1).runOnce();
      expect(delivered).toBe(1);
      let current = await status(event.id, sendId);
      expect(current.counts).toEqual({ queued: 0, sent: 1, failed: 1, no_email: 1 });
      const failed = current.recipients.find((r) => r.status === 'failed');
      expect(failed?.error).toMatch(/try again later/);
      expect(current.recipients.find((r) => r.name === 'Cy')?.status).toBe('no_email');

      const resent = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/ticket-sends/${sendId}/resend`,
        headers: bearer(pool.adminToken),
      });
      expect((resent.json() as TicketResendResponse).requeued).toBe(1);
      await worker().runOnce();
      // A second re-send finds nothing failed: nobody is mailed twice.
      const none = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/ticket-sends/${sendId}/resend`,
        headers: bearer(pool.adminToken),
      });
      expect((none.json() as TicketResendResponse).requeued).toBe(0);
      await worker().runOnce();
      current = await status(event.id, sendId);
      expect(current.counts).toEqual({ queued: 0, sent: 2, failed: 0, no_email: 1 });
      expect(mailsTo(ada)).toHaveLength(1);
      expect(mailsTo(bob)).toHaveLength(1);

      const mail = mailsTo(ada)[0];
      expect(subjectOf(mail!)).toBe('Your entry ticket: Ticket Expo');
      expect(mail?.raw).toMatch(/Content-Type: image\/png/i);
      expect(mail?.raw).toMatch(/Content-ID: <ticket-[0-9a-f-]+@leadpond\.invalid>/i);
      const text = decodedParts(mail?.raw ?? '').join('\n');
      const link = /https?:\/\/[^\s"<>]+\/t\/[^\s"<>]+/.exec(text)?.[0] ?? '';
      const holderPage = await fetch(link.replace(/&amp;/g, '&'));
      const html = await holderPage.text();
      expect(holderPage.status).toBe(200);
      expect(html).toContain('Ada');
      expect(html).not.toContain('Bob');

      const list = await pool.app.inject({
        method: 'GET',
        url: `/api/v1/events/${event.id}/ticket-sends`,
        headers: bearer(pool.adminToken),
      });
      expect((list.json() as TicketSendListResponse).sends).toEqual([
        expect.objectContaining({ id: sendId, total: 3, counts: current.counts }),
      ]);
    });

    it('gives the registration link and QR per channel', async () => {
      const event = await createEvent(pool);
      const response = await pool.app.inject({
        method: 'GET',
        url: `/api/v1/events/${event.id}/registration?c=wechat`,
        headers: bearer(pool.adminToken),
      });
      const body = response.json() as RegistrationLinkResponse;
      expect(body.url).toBe(`${pool.url}/r/${event.id}?c=wechat`);
      expect(body.qrImage).toMatch(/^data:image\/png;base64,/);
      const bad = await pool.app.inject({
        method: 'GET',
        url: `/api/v1/events/${event.id}/registration?c=${encodeURIComponent('a b')}`,
        headers: bearer(pool.adminToken),
      });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('the tickets CSV', () => {
    it("has its headers in the request's language", async () => {
      const event = await createEvent(pool);
      await importAttendees(event, ['name,phone', 'Ada,13800138301']);
      const csv = (query: string, headers: Record<string, string> = {}) =>
        pool.app.inject({
          method: 'GET',
          url: `/api/v1/events/${event.id}/tickets?format=csv${query}`,
          headers: { ...bearer(pool.adminToken), ...headers },
        });
      const english = await csv('', { 'accept-language': 'en-GB,en;q=0.8,zh;q=0.5' });
      expect(english.body.startsWith('\uFEFF"Person ID","Name","Mobile phone","Email"')).toBe(true);
      const chinese = await csv('', { 'accept-language': 'zh-CN' });
      expect(
        chinese.body.startsWith('\uFEFF"人员 ID","姓名","手机号","邮箱","公司","票券代码"'),
      ).toBe(true);
      const forced = await csv('&lang=en', { 'accept-language': 'zh-CN' });
      expect(forced.body.startsWith('\uFEFF"Person ID"')).toBe(true);
      expect((await csv('&lang=fr')).statusCode).toBe(400);
    });
  });
});
