import {
  returnWhy,
  type CustomerChange,
  type ManualTagsResponse,
  type ReturnReason,
  type StageMoveResponse,
} from '../../shared/api';
import {
  transition,
  type Grade,
  type Stage,
  type StageTransition,
  type TransitionRefusal,
} from '../../shared/intelligence';
import type { Principal } from '../auth';
import type { SqlDatabase, SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http-errors';
import { loadConfig } from './intelligence-config';
import { recordPoolFact } from './pool-facts';
import { assignNewMqls, changeEvent } from './routing';
import { customersUpdated, emitWebhookEvents } from './webhook-outbox';
import { rescoreTouched } from './scoring';
import { loadScoringCustomers } from './scoring-inputs';
import { ownerInScope, ownersInScope } from './sales-scope';

type User = Extract<Principal, { kind: 'user' }>;

/** What a sales user may do to a lead routed to them: accept, qualify, or return it. */
const SALES_MOVES = new Set<Stage>(['SAL', 'SQL', 'nurture']);

/** The funnel stages a lead is in sales' hands at; leaving them for nurture is a return. */
const WITH_SALES = new Set<Stage>(['MQL', 'SAL', 'SQL']);

function refusalError(refusal: TransitionRefusal): ApiError {
  switch (refusal.code) {
    case 'same_stage':
      return conflict(`the customer is already at ${refusal.stage}`, refusal.code);
    case 'illegal_move':
      return conflict(
        `${refusal.from} cannot move to ${refusal.to}; allowed: ${refusal.allowed.join(', ')}`,
        refusal.code,
      );
    case 'reason_required':
      return badRequest(`a move to ${refusal.to} needs a reason (why)`, refusal.code);
    case 'who_required':
      return badRequest('the move needs who made it', refusal.code);
  }
}

/**
 * A manual MQL goes to sales as one made by the rule does: routed by the config in force (owner
 * or queue, SLA due time by grade, the assignment recorded), inside the move's transaction.
 */
async function routeManualMql(
  tx: SqlExecutor,
  deps: Pick<PoolDeps, 'newId'>,
  customerId: string,
  grade: Grade,
  at: number,
): Promise<void> {
  const [customer] = await loadScoringCustomers(tx, [customerId]);
  if (!customer) return;
  const { config } = await loadConfig(tx);
  await assignNewMqls(
    tx,
    [
      {
        customerId,
        previousOwner: customer.current.owner,
        profile: customer.input.profile,
        grade,
        interests: customer.input.qualifications.flatMap((q) => q.interests),
        nextSteps: customer.input.qualifications.map((q) => q.nextStep),
      },
    ],
    config,
    at,
    deps.newId,
  );
}

/**
 * A manual stage move through the shared state machine: refused moves write nothing; a made move
 * changes the stage column and records who, when, from, to and why. A sales user moves only the
 * leads routed to them (anyone else's answers 404, as if absent), and only to SAL, SQL or nurture.
 * A return to nurture out of the sales funnel (MQL, SAL, SQL) also records the pool fact
 * `sales_returned`, whoever makes it (an admin may return a lead for sales): the MQL rule's
 * grade-and-score clause looks at no dates, so only a score that carries the return keeps the
 * lead from bouncing straight back to MQL. The customer is rescored in the same transaction.
 */
export async function moveStage(
  db: SqlDatabase,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  user: User,
  customerId: string,
  body: { to: Stage; why: string; returned?: { reason: ReturnReason; note: string } },
): Promise<StageMoveResponse> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ stage: Stage; owner: string | null; grade: Grade }>(
      'select stage, owner, grade from customers where id = $1 and merged_into is null for update',
      [customerId],
    );
    if (!row || !ownerInScope(await ownersInScope(tx, user), row.owner)) {
      throw notFound(`no customer ${customerId}`);
    }
    if (user.role === 'sales' && !SALES_MOVES.has(body.to)) {
      throw forbidden('sales may accept (SAL), qualify (SQL) or return (nurture) a lead');
    }
    const history = await tx.query<StageTransition>(
      `select from_value as "from", to_value as "to", who, at, why from customer_changes
        where customer_id = $1 and kind = 'stage' order by at, id`,
      [customerId],
    );
    const at = deps.clock();
    const result = transition(
      { stage: row.stage, history },
      { to: body.to, who: user.userId, at, why: body.why },
    );
    if (!result.ok) throw refusalError(result.refusal);
    const { record } = result;
    await tx.query(
      'update customers set stage = $2, stage_changed_at = $3, updated_at = $3 where id = $1',
      [customerId, record.to, at],
    );
    const changeId = deps.newId();
    await tx.query(
      `insert into customer_changes (id, customer_id, kind, from_value, to_value, who, at, why)
       values ($1, $2, 'stage', $3, $4, $5, $6, $7)`,
      [changeId, customerId, record.from, record.to, record.who, record.at, record.why],
    );
    await emitWebhookEvents(
      tx,
      [changeEvent({ id: changeId, customerId, kind: 'stage', ...record })],
      at,
    );
    if (record.to === 'nurture' && WITH_SALES.has(record.from)) {
      // A return through the plain stage move carries words only: its reason is 'other'.
      const returned = body.returned ?? { reason: 'other', note: record.why };
      await recordPoolFact(tx, {
        id: deps.newId(),
        customerId,
        type: 'sales_returned',
        occurredAt: at,
        data: { from: record.from, why: record.why, reason: returned.reason },
        who: user.userId,
      });
      await tx.query(
        `update customers set return_reason = $2, return_note = $3, returned_by = $4,
                returned_at = $5
          where id = $1`,
        [customerId, returned.reason, returned.note, user.userId, at],
      );
      // Scored at once, so marketing's list and 360 show the return's line from now on.
      await rescoreTouched(tx, { customerIds: [customerId] }, deps);
    }
    if (record.to === 'MQL') await routeManualMql(tx, deps, customerId, row.grade, at);
    const change: CustomerChange = {
      kind: 'stage',
      from: record.from,
      to: record.to,
      who: record.who,
      at: record.at,
      why: record.why,
    };
    return { stage: record.to, change };
  });
}

/**
 * Sales hands a lead back to marketing (→ nurture) with a reason from the list and free text:
 * the stage history's why names both, the customer carries them for the list and the 360, and
 * the return is a negative engagement fact (moveStage).
 */
export async function returnLead(
  db: SqlDatabase,
  deps: Pick<PoolDeps, 'clock' | 'newId'>,
  user: User,
  customerId: string,
  body: { reason: ReturnReason; note: string },
): Promise<StageMoveResponse> {
  return moveStage(db, deps, user, customerId, {
    to: 'nurture',
    why: returnWhy(body.reason, body.note),
    returned: body,
  });
}

/** As the engine cleans a manual tag: trimmed, inner whitespace one space. */
const cleanTag = (tag: string) => tag.trim().replace(/\s+/g, ' ').slice(0, 100);

/**
 * Replaces a customer's manual tags, and their `manual:` entries in the tags column at once, so
 * a filter on a manual tag holds as soon as it is saved; the computed tags are kept as they are.
 */
export async function setManualTags(
  db: SqlDatabase,
  deps: Pick<PoolDeps, 'clock'>,
  customerId: string,
  manual: readonly string[],
): Promise<ManualTagsResponse> {
  const manualTags = [...new Set(manual.map(cleanTag).filter((tag) => tag !== ''))].sort();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ tags: string[] }>(
      'select tags from customers where id = $1 and merged_into is null for update',
      [customerId],
    );
    if (!row) throw notFound(`no customer ${customerId}`);
    const tags = [
      ...new Set([
        ...row.tags.filter((tag) => !tag.startsWith('manual:')),
        ...manualTags.map((tag) => `manual:${tag}`),
      ]),
    ].sort();
    await tx.query(
      'update customers set manual_tags = $2, tags = $3, updated_at = $4 where id = $1',
      [customerId, manualTags, tags, deps.clock()],
    );
    await emitWebhookEvents(tx, customersUpdated([customerId]), deps.clock());
    return { manualTags, tags };
  });
}
