import type { ReassignBody, ReassignResponse } from '../../shared/api';
import { leadsATeam, ownersInScopeOf } from '../../shared/intelligence';
import type { Principal } from '../auth';
import type { SqlDatabase } from '../db/sql';
import type { PoolDeps } from '../deps';
import { badRequest, conflict, forbidden, notFound } from '../http-errors';
import { queueRoutedMails } from './follow-up-mail';
import { openRoutedTasks } from './follow-up-tasks';
import { loadConfig } from './intelligence-config';
import { recordChanges } from './routing';
import { loadScoringCustomers } from './scoring-inputs';

type User = Extract<Principal, { kind: 'user' }>;

/**
 * Gives a lead to another person: marketing and admins any lead to anyone; a team lead a lead of
 * their team to a member (or themselves). The assignment is recorded (who, from, to, when, why)
 * in the history, which also fires `lead.routed`; the new owner gets the "routed to you" mail
 * once (keyed by the change); open tasks go with the lead, and the booth's next steps become
 * the new owner's tasks if they were not yet anyone's.
 */
export async function reassignLead(
  db: SqlDatabase,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  user: User,
  customerId: string,
  body: ReassignBody,
): Promise<ReassignResponse> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ owner: string | null; sla_due_at: number | string | null }>(
      'select owner, sla_due_at from customers where id = $1 and merged_into is null for update',
      [customerId],
    );
    if (user.role === 'sales') {
      const { config } = await loadConfig(tx);
      const team = ownersInScopeOf(config, user.userId);
      // Not in their scope reads as absent, as everywhere else for sales.
      if (!row || row.owner === null || !team.includes(row.owner)) {
        throw notFound(`no customer ${customerId}`);
      }
      if (!leadsATeam(config, user.userId) || !team.includes(body.to)) {
        throw forbidden('a team lead gives leads of their team to its members only');
      }
    } else if (!row) {
      throw notFound(`no customer ${customerId}`);
    }
    const [target] = await tx.query<{ id: string }>(
      'select id from users where id = $1 and revoked_at is null',
      [body.to],
    );
    if (!target) throw badRequest(`no active user ${body.to}`, 'unknown_user');
    if (row.owner === body.to) throw conflict('the lead is already theirs', 'same_owner');

    const at = deps.clock();
    await tx.query('update customers set owner = $2, queue = null, updated_at = $3 where id = $1', [
      customerId,
      body.to,
      at,
    ]);
    const changeId = deps.newId();
    await recordChanges(tx, [
      {
        id: changeId,
        customerId,
        kind: 'owner',
        from: row.owner,
        to: body.to,
        who: user.userId,
        at,
        why: body.why,
      },
    ]);
    const slaDueAt = row.sla_due_at === null ? null : Number(row.sla_due_at);
    await queueRoutedMails(
      tx,
      [{ changeId, customerId, owner: body.to }],
      new Map([[customerId, slaDueAt]]),
      at,
    );
    const [customer] = await loadScoringCustomers(tx, [customerId]);
    await openRoutedTasks(
      tx,
      [
        {
          customerId,
          owner: body.to,
          steps: customer?.input.qualifications.map((q) => q.nextStep) ?? [],
          dueAt: slaDueAt,
        },
      ],
      at,
      deps.newId,
    );
    return { owner: body.to, from: row.owner };
  });
}
