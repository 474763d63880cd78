// Ticket mail rate (issue 14): `npm run bench -- tickets`. One JSON line on stdout: ticket mails
// per second from the outbox to a local SMTP server (claim, load the person, sign the ticket,
// render the QR PNG, send, record, per mail) against plain nodemailer sends of the same composed
// messages to the same server in the same run. Logs go to stderr.
import nodemailer from 'nodemailer';
import { newId } from '../src/shared/ids';
import { bearer, createEvent, importFile } from '../src/server/routes/routes.test-kit';
import { createMailWorker } from '../src/server/services/mail-worker';
import { startTestSmtp } from '../src/server/services/mail-worker.test-kit';
import { composeTicketMail } from '../src/server/services/ticket-mail';
import { startTestPool } from '../src/server/testing';

const MAILS = Number(process.env.LEADPOND_BENCH_TICKETS ?? 300);

const log = (...parts: unknown[]) => console.error('[bench:tickets]', ...parts);
const emit = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const round = (n: number) => Math.round(n * 100) / 100;

const smtp = await startTestSmtp();
const pool = await startTestPool({ rateLimitPerMinute: 1_000_000 });
try {
  const event = await createEvent(pool, { name: 'Ticket Bench Expo' });
  const csv = [
    'name,phone,email',
    ...Array.from(
      { length: MAILS },
      (_, i) => `参会人${i},139${String(i).padStart(8, '0')},guest${i}@example.com`,
    ),
  ].join('\r\n');
  log(`importing ${MAILS} attendees (not timed)`);
  const imported = await importFile(pool, event.id, csv, 'text/csv');
  if (imported.statusCode !== 200) throw new Error(imported.body);
  const sent = await pool.app.inject({
    method: 'POST',
    url: `/api/v1/events/${event.id}/ticket-sends`,
    headers: bearer(pool.adminToken),
    payload: { id: newId(), lang: 'zh-CN' },
  });
  if (sent.statusCode !== 201) throw new Error(sent.body);

  const worker = createMailWorker({
    db: pool.db,
    clock: Date.now,
    publicUrl: () => 'https://pool.example.com',
    smtpUrl: smtp.url,
    from: 'Leadpond <tickets@leadpond.test>',
    batchSize: 50,
  });
  log(`sending ${MAILS} ticket mails through the outbox`);
  const started = performance.now();
  while (smtp.received.length < MAILS) {
    if ((await worker.runOnce()) === 0) throw new Error(`stalled at ${smtp.received.length}`);
  }
  const outboxSeconds = (performance.now() - started) / 1000;
  await worker.stop();

  log('baseline: the same messages, composed beforehand, sent with plain nodemailer');
  const people = await pool.db.query<{ id: string }>(
    `select id from documents where collection = 'people' and event_id = $1 order by seq`,
    [event.id],
  );
  const messages = await Promise.all(
    people.map((person) =>
      composeTicketMail(pool.db, 'https://pool.example.com', {
        eventId: event.id,
        personId: person.id,
        lang: 'zh-CN',
      }),
    ),
  );
  smtp.received.splice(0);
  const transporter = nodemailer.createTransport({ url: smtp.url });
  const plainStarted = performance.now();
  for (const [i, message] of messages.entries()) {
    await transporter.sendMail({
      from: 'Leadpond <tickets@leadpond.test>',
      to: `guest${i}@example.com`,
      ...message,
    });
  }
  const plainSeconds = (performance.now() - plainStarted) / 1000;
  transporter.close();

  const rate = MAILS / outboxSeconds;
  const plainRate = messages.length / plainSeconds;
  emit({
    name: 'ticket_mails_per_second',
    value: round(rate),
    unit: 'mail/s',
    n: MAILS,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    baseline: 'plain_nodemailer_sends_per_second',
    baseline_value: round(plainRate),
    ratio: round(rate / plainRate),
  });
} finally {
  await pool.close();
  await smtp.close();
}
