import type {
  TicketMailStatus,
  TicketSendCounts,
  TicketSendRecipient,
  TicketSendResponse,
  TicketSendSummary,
} from '../../shared/api';
import type { Language } from '../../shared/i18n';
import type { LeadEvent } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';
import { loadEventPeople } from './customers-query';
import { enqueueMails, type QueueMail } from './mail-outbox';
import { TICKET_MAIL_KIND, ticketMailKey, type TicketMailPayload } from './ticket-mail';

/**
 * "Send tickets" for an event's attendees (tables ticket_sends, ticket_send_recipients). A send
 * lists the event's people as they are when it is made and queues one outbox mail per person
 * with an email, keyed by send and person: the outbox's unique key makes it exactly once, and a
 * repeated request with the same send id queues nothing. Each recipient's status is that of the
 * outbox row it names; a re-send to the failed ones names a new row (the next round's key).
 */

const EMPTY_COUNTS = (): TicketSendCounts => ({ queued: 0, sent: 0, failed: 0, no_email: 0 });

function statusOf(email: string, outbox: string | null): TicketMailStatus {
  if (email === '') return 'no_email';
  if (outbox === 'sent') return 'sent';
  if (outbox === 'failed') return 'failed';
  return 'queued';
}

export type CreateSendOutcome = 'created' | 'repeated' | 'other_event';

export async function createTicketSend(
  tx: SqlExecutor,
  input: { sendId: string; event: LeadEvent; lang: Language; userId: string; now: number },
): Promise<CreateSendOutcome> {
  const { sendId, event, lang, userId, now } = input;
  const inserted = await tx.query(
    `insert into ticket_sends (id, event_id, lang, created_by, created_at)
     values ($1, $2, $3, $4, $5) on conflict (id) do nothing returning id`,
    [sendId, event.id, lang, userId, now],
  );
  if (inserted.length === 0) {
    const [existing] = await tx.query<{ event_id: string }>(
      'select event_id from ticket_sends where id = $1',
      [sendId],
    );
    return existing?.event_id === event.id ? 'repeated' : 'other_event';
  }
  const people = await loadEventPeople(tx, event.id);
  const recipients = people.map((person, position) => ({
    send_id: sendId,
    position,
    person_id: person.id,
    name: person.name,
    email: person.email,
    dedupe_key: person.email === '' ? null : ticketMailKey(sendId, person.id),
  }));
  await tx.query(
    `insert into ticket_send_recipients (send_id, person_id, position, name, email, dedupe_key)
     select r.send_id, r.person_id, r.position, r.name, r.email, r.dedupe_key
       from jsonb_to_recordset($1::jsonb)
         as r(send_id text, person_id text, position integer, name text, email text,
              dedupe_key text)`,
    [JSON.stringify(recipients)],
  );
  const mails: QueueMail[] = recipients.flatMap((recipient) =>
    recipient.dedupe_key === null
      ? []
      : [
          {
            kind: TICKET_MAIL_KIND,
            dedupeKey: recipient.dedupe_key,
            to: recipient.email,
            payload: {
              eventId: event.id,
              personId: recipient.person_id,
              lang,
            } satisfies TicketMailPayload,
            now,
          },
        ],
  );
  await enqueueMails(tx, mails);
  return 'created';
}

interface SendRow {
  id: string;
  event_id: string;
  lang: Language;
  created_at: number;
}

async function readSendRow(db: SqlExecutor, eventId: string, sendId: string) {
  const [row] = await db.query<SendRow>(
    'select id, event_id, lang, created_at from ticket_sends where id = $1 and event_id = $2',
    [sendId, eventId],
  );
  return row ?? null;
}

/** One send with every recipient's status; null when the event has no such send. */
export async function readTicketSend(
  db: SqlExecutor,
  eventId: string,
  sendId: string,
): Promise<TicketSendResponse | null> {
  const send = await readSendRow(db, eventId, sendId);
  if (!send) return null;
  const rows = await db.query<{
    person_id: string;
    name: string;
    email: string;
    status: string | null;
    last_error: string | null;
  }>(
    `select r.person_id, r.name, r.email, o.status, o.last_error
       from ticket_send_recipients r left join mail_outbox o on o.dedupe_key = r.dedupe_key
      where r.send_id = $1 order by r.position`,
    [sendId],
  );
  const counts = EMPTY_COUNTS();
  const recipients: TicketSendRecipient[] = rows.map((row) => {
    const status = statusOf(row.email, row.status);
    counts[status]++;
    return {
      personId: row.person_id,
      name: row.name,
      email: row.email,
      status,
      error: status === 'failed' ? row.last_error : null,
    };
  });
  return {
    id: send.id,
    eventId: send.event_id,
    lang: send.lang,
    createdAt: Number(send.created_at),
    total: recipients.length,
    counts,
    recipients,
  };
}

/** The event's sends, latest first, with their counts. */
export async function listTicketSends(
  db: SqlExecutor,
  eventId: string,
): Promise<TicketSendSummary[]> {
  const rows = await db.query<SendRow & { status: string | null; no_email: boolean; n: number }>(
    `select s.id, s.event_id, s.lang, s.created_at, r.email = '' as no_email, o.status,
            count(*)::int as n
       from ticket_sends s
       join ticket_send_recipients r on r.send_id = s.id
       left join mail_outbox o on o.dedupe_key = r.dedupe_key
      where s.event_id = $1
      group by s.id, s.event_id, s.lang, s.created_at, r.email = '', o.status
      order by s.created_at desc, s.id desc`,
    [eventId],
  );
  const sends = new Map<string, TicketSendSummary>();
  for (const row of rows) {
    const summary = sends.get(row.id) ?? {
      id: row.id,
      eventId: row.event_id,
      lang: row.lang,
      createdAt: Number(row.created_at),
      total: 0,
      counts: EMPTY_COUNTS(),
    };
    const n = Number(row.n);
    summary.counts[row.no_email ? 'no_email' : statusOf('@', row.status)] += n;
    summary.total += n;
    sends.set(row.id, summary);
  }
  return [...sends.values()];
}

/**
 * Queues again the mails of this send that failed for good; returns how many. Recipient rows
 * are locked first, so two concurrent re-sends queue each failed one once.
 */
export async function resendFailed(
  tx: SqlExecutor,
  eventId: string,
  sendId: string,
  now: number,
): Promise<number | null> {
  const send = await readSendRow(tx, eventId, sendId);
  if (!send) return null;
  const failed = await tx.query<{ person_id: string; email: string; rounds: number }>(
    `select r.person_id, r.email, r.rounds from ticket_send_recipients r
       join mail_outbox o on o.dedupe_key = r.dedupe_key
      where r.send_id = $1 and o.status = 'failed'
      order by r.person_id
      for update of r`,
    [sendId],
  );
  const mails: QueueMail[] = [];
  for (const row of failed) {
    const round = Number(row.rounds) + 1;
    const dedupeKey = ticketMailKey(sendId, row.person_id, round);
    await tx.query(
      `update ticket_send_recipients set rounds = $3, dedupe_key = $4
        where send_id = $1 and person_id = $2`,
      [sendId, row.person_id, round, dedupeKey],
    );
    mails.push({
      kind: TICKET_MAIL_KIND,
      dedupeKey,
      to: row.email,
      payload: { eventId, personId: row.person_id, lang: send.lang } satisfies TicketMailPayload,
      now,
    });
  }
  await enqueueMails(tx, mails);
  return mails.length;
}
