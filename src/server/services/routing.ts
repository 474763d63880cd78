import type { IdGenerator } from '../../shared/ids';
import {
  route,
  slaDueAt,
  type IntelligenceConfig,
  type RoutingDecision,
  type RoutingLead,
} from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';
import { queueRoutedMails } from './follow-up-mail';
import { openRoutedTasks } from './follow-up-tasks';
import { emitWebhookEvents, type WebhookEvent } from './webhook-outbox';

/**
 * Gives leads that just became MQL an owner or a queue and a follow-up due time, with the shared
 * route(): the MQL rule's rescore and a manual move to MQL both end here, so a lead is routed the
 * same way whichever made it an MQL. Each assignment is recorded (who 'system', why = the rule).
 */
export interface NewMql extends RoutingLead {
  customerId: string;
  /** The owner stored before, for the change record's `from`. */
  previousOwner: string | null;
  /** The booth's next steps for the lead: each becomes a task of its owner. */
  nextSteps: readonly string[];
}

export interface Assignment {
  customerId: string;
  decision: RoutingDecision;
  slaDueAt: number | null;
}

/** Rules that share a team round-robin, in one order so concurrent routers lock them alike. */
function roundRobinRuleIds(config: IntelligenceConfig): string[] {
  return config.routing.rules
    .filter((rule) => rule.assign.kind === 'team' && rule.assign.strategy === 'round_robin')
    .map((rule) => rule.id)
    .sort();
}

function teamMembers(config: IntelligenceConfig): string[] {
  const members = new Set<string>();
  for (const rule of config.routing.rules)
    if (rule.assign.kind === 'team' && rule.assign.strategy === 'least_loaded')
      for (const member of rule.assign.members) members.add(member);
  return [...members];
}

export async function assignNewMqls(
  tx: SqlExecutor,
  leads: readonly NewMql[],
  config: IntelligenceConfig,
  now: number,
  newId: IdGenerator,
): Promise<Assignment[]> {
  if (leads.length === 0) return [];
  const ruleIds = roundRobinRuleIds(config);
  const cursors: Record<string, number> = {};
  if (ruleIds.length > 0) {
    await tx.query(
      `insert into routing_cursors (rule_id, next)
       select unnest($1::text[]), 0 on conflict (rule_id) do nothing`,
      [ruleIds],
    );
    // Held until commit: two pool processes routing at once take turns, so no member is skipped
    // or given two leads in a row.
    const rows = await tx.query<{ rule_id: string; next: number }>(
      `select rule_id, next from routing_cursors where rule_id = any($1::text[])
        order by rule_id for update`,
      [ruleIds],
    );
    for (const row of rows) cursors[row.rule_id] = Number(row.next);
  }
  const openLeads: Record<string, number> = {};
  const members = teamMembers(config);
  if (members.length > 0) {
    const rows = await tx.query<{ owner: string; open: number | string }>(
      `select owner, count(*) as open from customers
        where merged_into is null and stage in ('MQL', 'SAL') and owner = any($1::text[])
          and not (id = any($2::text[]))
        group by owner`,
      [members, leads.map((lead) => lead.customerId)],
    );
    for (const row of rows) openLeads[row.owner] = Number(row.open);
  }

  const assignments: Assignment[] = [];
  for (const lead of leads) {
    const decision = route(lead, config, { cursors, openLeads });
    if (decision.kind === 'owner') {
      if (decision.nextCursor !== null) cursors[decision.ruleId] = decision.nextCursor;
      // The next lead of this batch sees this one in the owner's load.
      openLeads[decision.owner] = (openLeads[decision.owner] ?? 0) + 1;
    }
    assignments.push({
      customerId: lead.customerId,
      decision,
      slaDueAt: slaDueAt(lead.grade, config, now),
    });
  }

  await tx.query(
    `update customers c set owner = a.owner, queue = a.queue, sla_due_at = a.sla_due_at
       from jsonb_to_recordset($1::jsonb) as a(id text, owner text, queue text, sla_due_at bigint)
      where c.id = a.id`,
    [
      JSON.stringify(
        assignments.map((a) => ({
          id: a.customerId,
          owner: a.decision.kind === 'owner' ? a.decision.owner : null,
          queue: a.decision.kind === 'queue' ? a.decision.queue : null,
          sla_due_at: a.slaDueAt,
        })),
      ),
    ],
  );
  const previous = new Map(leads.map((lead) => [lead.customerId, lead.previousOwner]));
  const changes: CustomerChange[] = assignments.map((a) => ({
    id: newId(),
    customerId: a.customerId,
    kind: 'owner',
    from: previous.get(a.customerId) ?? null,
    // A queued lead has no owner; the why names the queue.
    to: a.decision.kind === 'owner' ? a.decision.owner : null,
    who: 'system',
    at: now,
    why: a.decision.why,
  }));
  await recordChanges(tx, changes);
  await queueRoutedMails(
    tx,
    changes.map((c) => ({ changeId: c.id, customerId: c.customerId, owner: c.to })),
    new Map(assignments.map((a) => [a.customerId, a.slaDueAt])),
    now,
  );
  const stepsOf = new Map(leads.map((lead) => [lead.customerId, lead.nextSteps]));
  await openRoutedTasks(
    tx,
    assignments.flatMap((a) =>
      a.decision.kind === 'owner'
        ? [
            {
              customerId: a.customerId,
              owner: a.decision.owner,
              steps: stepsOf.get(a.customerId) ?? [],
              dueAt: a.slaDueAt,
            },
          ]
        : [],
    ),
    now,
    newId,
  );
  const moved = ruleIds.filter((id) => cursors[id] !== undefined);
  if (moved.length > 0) {
    await tx.query(
      `update routing_cursors r set next = m.next
         from unnest($1::text[], $2::int[]) as m(rule_id, next)
        where r.rule_id = m.rule_id`,
      [moved, moved.map((id) => cursors[id] ?? 0)],
    );
  }
  return assignments;
}

export interface CustomerChange {
  id: string;
  customerId: string;
  kind: 'stage' | 'owner';
  from: string | null;
  to: string | null;
  who: string;
  at: number;
  why: string;
}

/** Appends to the stage and owner history in one statement. */
export async function recordChanges(
  tx: SqlExecutor,
  changes: readonly CustomerChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `insert into customer_changes (id, customer_id, kind, from_value, to_value, who, at, why)
     select c.id, c.customer_id, c.kind, c.from_value, c.to_value, c.who, c.at, c.why
       from jsonb_to_recordset($1::jsonb) as c(id text, customer_id text, kind text,
         from_value text, to_value text, who text, at bigint, why text)`,
    [
      JSON.stringify(
        changes.map((c) => ({
          id: c.id,
          customer_id: c.customerId,
          kind: c.kind,
          from_value: c.from,
          to_value: c.to,
          who: c.who,
          at: c.at,
          why: c.why,
        })),
      ),
    ],
  );
  await emitWebhookEvents(tx, changes.map(changeEvent), Math.max(...changes.map((c) => c.at)));
}

/** A stage change is `lead.stage_changed`, an assignment `lead.routed`. */
export function changeEvent(change: CustomerChange): WebhookEvent {
  return {
    type: change.kind === 'stage' ? 'lead.stage_changed' : 'lead.routed',
    cause: change.id,
    customerId: change.customerId,
    data: { from: change.from, to: change.to, who: change.who, why: change.why },
  };
}
