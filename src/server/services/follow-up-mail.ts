import type { IntelligenceConfig } from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';
import { FOLLOW_UP_MAIL_KINDS } from './mail-message';
import { enqueueMails, type QueueMail } from './mail-outbox';

/**
 * Telling sales (DESIGN.md "Follow-up and hand-off"): a mail to the owner when a lead is routed to
 * them, a reminder before its SLA runs out, an escalation to the team lead (or, without one, the
 * admins) once it has — each queued in the mail outbox exactly once: the routing mail by the
 * assignment's id, the SLA mails by the deadline they are about (customers.sla_reminded_for /
 * sla_escalated_for), so several pool processes and repeated passes send nothing twice.
 */

/** The mail's payload: enough to find the lead when composing it (no personal data). */
export interface FollowUpPayload {
  customerId: string;
  ownerId: string;
  dueAt: number | null;
}

interface Recipient {
  id: string;
  email: string;
}

async function emailsOf(tx: SqlExecutor, userIds: readonly string[]): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  return tx.query<Recipient>(
    `select id, email from users
      where id = any($1::text[]) and revoked_at is null and email is not null`,
    [[...new Set(userIds)]],
  );
}

/** Queues "routed to you" for assignments to a person (a queue has nobody to tell). */
export async function queueRoutedMails(
  tx: SqlExecutor,
  assignments: readonly { changeId: string; customerId: string; owner: string | null }[],
  slaDueOf: ReadonlyMap<string, number | null>,
  now: number,
): Promise<void> {
  const owned = assignments.filter((a): a is typeof a & { owner: string } => a.owner !== null);
  const recipients = new Map(
    (
      await emailsOf(
        tx,
        owned.map((a) => a.owner),
      )
    ).map((user) => [user.id, user]),
  );
  const mails: QueueMail[] = owned.flatMap((assignment) => {
    const owner = recipients.get(assignment.owner);
    if (!owner) return [];
    const payload: FollowUpPayload = {
      customerId: assignment.customerId,
      ownerId: assignment.owner,
      dueAt: slaDueOf.get(assignment.customerId) ?? null,
    };
    return [
      {
        kind: FOLLOW_UP_MAIL_KINDS.routed,
        dedupeKey: `lead-routed:${assignment.changeId}`,
        to: owner.email,
        payload: { ...payload },
        now,
      },
    ];
  });
  await enqueueMails(tx, mails);
}

/** The users told when `owner` misses an SLA: the lead of a team they are in, else the admins. */
function escalationTargets(config: IntelligenceConfig, owner: string): string[] | 'admins' {
  const leads = config.routing.rules.flatMap((rule) =>
    rule.assign.kind === 'team' && rule.assign.lead && rule.assign.members.includes(owner)
      ? [rule.assign.lead]
      : [],
  );
  return leads.length > 0 ? [...new Set(leads)] : 'admins';
}

/**
 * One pass over open MQLs (routed to someone, not yet accepted): reminders for deadlines within
 * `reminderBeforeMs`, escalations for deadlines passed. Returns how many leads it looked at and
 * how many mails it queued.
 */
export async function queueSlaMails(
  tx: SqlExecutor,
  config: IntelligenceConfig,
  now: number,
  reminderBeforeMs: number,
  limit = 500,
): Promise<{ leads: number; mails: number }> {
  const due = await tx.query<{
    id: string;
    owner: string;
    sla_due_at: number;
    remind: boolean;
    escalate: boolean;
  }>(
    `select id, owner, sla_due_at,
            sla_reminded_for is distinct from sla_due_at as remind,
            sla_due_at <= $1 and sla_escalated_for is distinct from sla_due_at as escalate
       from customers
      where merged_into is null and stage = 'MQL' and owner is not null
        and sla_due_at is not null and sla_due_at <= $2
        and (sla_reminded_for is distinct from sla_due_at
             or (sla_due_at <= $1 and sla_escalated_for is distinct from sla_due_at))
      order by sla_due_at
      limit $3
      for update skip locked`,
    [now, now + reminderBeforeMs, limit],
  );
  if (due.length === 0) return { leads: 0, mails: 0 };
  const admins = await tx.query<Recipient>(
    `select id, email from users
      where role = 'admin' and revoked_at is null and email is not null`,
  );
  const targetIds = due.flatMap((row) => {
    const targets = escalationTargets(config, row.owner);
    return [row.owner, ...(targets === 'admins' ? [] : targets)];
  });
  const userOf = new Map((await emailsOf(tx, targetIds)).map((user) => [user.id, user]));
  const mails: QueueMail[] = [];
  for (const row of due) {
    const dueAt = Number(row.sla_due_at);
    const payload = { customerId: row.id, ownerId: row.owner, dueAt };
    // Past due before any reminder went out (the pool was down): the escalation says it all.
    const owner = userOf.get(row.owner);
    if (row.remind && !row.escalate && owner) {
      mails.push({
        kind: FOLLOW_UP_MAIL_KINDS.reminder,
        dedupeKey: `sla-reminder:${row.id}:${dueAt}`,
        to: owner.email,
        payload: { ...payload },
        now,
      });
    }
    if (row.escalate) {
      const targets = escalationTargets(config, row.owner);
      const recipients =
        targets === 'admins' ? admins : targets.flatMap((id) => userOf.get(id) ?? []);
      for (const recipient of recipients) {
        mails.push({
          kind: FOLLOW_UP_MAIL_KINDS.escalation,
          dedupeKey: `sla-escalation:${row.id}:${dueAt}:${recipient.id}`,
          to: recipient.email,
          payload: { ...payload },
          now,
        });
      }
    }
  }
  await enqueueMails(tx, mails);
  await tx.query(
    `update customers c
        set sla_reminded_for = c.sla_due_at,
            sla_escalated_for = case when c.sla_due_at <= $2 then c.sla_due_at
                                     else c.sla_escalated_for end
      where c.id = any($1::text[])`,
    [due.map((row) => row.id), now],
  );
  return { leads: due.length, mails: mails.length };
}
