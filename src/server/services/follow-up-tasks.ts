import type { FollowUpTask, TaskCreateBody, TaskUpdateBody } from '../../shared/api';
import type { IdGenerator } from '../../shared/ids';
import { NEXT_STEPS, type NextStep } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';

/**
 * Follow-up tasks of a lead's owner (table follow_up_tasks). A booth's next step (a demo, a
 * quote …) becomes a task the moment the lead reaches a person; owners add their own, complete
 * and re-date them. A task follows its lead: open tasks move with a reassignment.
 */

/** When the booth set no date: the lead's SLA, else this long after routing. */
export const NEXT_STEP_DEFAULT_MS = 3 * 24 * 3_600_000;

interface TaskRow {
  id: string;
  customer_id: string;
  owner: string;
  next_step: string | null;
  title: string;
  due_at: number | string;
  done_at: number | string | null;
  done_by: string | null;
  created_by: string;
  created_at: number | string;
}

const TASK_COLUMNS = `id, customer_id, owner, next_step, title, due_at, done_at, done_by,
  created_by, created_at`;

const STEP_SET = new Set<string>(NEXT_STEPS);

export function taskOf(row: TaskRow): FollowUpTask {
  return {
    id: row.id,
    customerId: row.customer_id,
    owner: row.owner,
    nextStep:
      row.next_step !== null && STEP_SET.has(row.next_step) ? (row.next_step as NextStep) : null,
    title: row.title,
    dueAt: Number(row.due_at),
    doneAt: row.done_at === null ? null : Number(row.done_at),
    doneBy: row.done_by,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

export interface RoutedLeadSteps {
  customerId: string;
  owner: string;
  /** The booth's next steps for this lead ('none' left out by the caller or here). */
  steps: readonly string[];
  dueAt: number | null;
}

/**
 * Makes each routed lead's booth next steps tasks of its owner, once per lead and step (routing
 * the lead again adds none), and hands the lead's open tasks to the new owner.
 */
export async function openRoutedTasks(
  tx: SqlExecutor,
  leads: readonly RoutedLeadSteps[],
  now: number,
  newId: IdGenerator,
): Promise<void> {
  const rows = leads.flatMap((lead) =>
    [...new Set(lead.steps)]
      .filter((step) => step !== 'none' && STEP_SET.has(step))
      .map((step) => ({
        id: newId(),
        customer_id: lead.customerId,
        owner: lead.owner,
        next_step: step,
        due_at: lead.dueAt ?? now + NEXT_STEP_DEFAULT_MS,
        source_key: `${lead.customerId}:${step}`,
      })),
  );
  if (leads.length > 0) {
    await tx.query(
      `update follow_up_tasks t set owner = l.owner, updated_at = $2
         from jsonb_to_recordset($1::jsonb) as l(customer_id text, owner text)
        where t.customer_id = l.customer_id and t.done_at is null and t.owner <> l.owner`,
      [JSON.stringify(leads.map((l) => ({ customer_id: l.customerId, owner: l.owner }))), now],
    );
  }
  if (rows.length === 0) return;
  await tx.query(
    `insert into follow_up_tasks (id, customer_id, owner, next_step, title, due_at, created_by,
       created_at, updated_at, source_key)
     select r.id, r.customer_id, r.owner, r.next_step, '', r.due_at, 'system', $2, $2, r.source_key
       from jsonb_to_recordset($1::jsonb) as r(id text, customer_id text, owner text,
         next_step text, due_at bigint, source_key text)
     on conflict (source_key) do nothing`,
    [JSON.stringify(rows), now],
  );
}

/** A lead's tasks, open ones first, each group soonest first. */
export async function tasksOfCustomer(
  tx: SqlExecutor,
  customerId: string,
): Promise<FollowUpTask[]> {
  const rows = await tx.query<TaskRow>(
    `select ${TASK_COLUMNS} from follow_up_tasks where customer_id = $1
      order by (done_at is not null), due_at, id`,
    [customerId],
  );
  return rows.map(taskOf);
}

/** Open tasks of these leads, soonest first, grouped by lead. */
export async function openTasksOf(
  tx: SqlExecutor,
  customerIds: readonly string[],
): Promise<Map<string, FollowUpTask[]>> {
  const tasks = new Map<string, FollowUpTask[]>();
  if (customerIds.length === 0) return tasks;
  const rows = await tx.query<TaskRow>(
    `select ${TASK_COLUMNS} from follow_up_tasks
      where customer_id = any($1::text[]) and done_at is null order by due_at, id`,
    [[...customerIds]],
  );
  for (const row of rows) {
    const list = tasks.get(row.customer_id) ?? [];
    list.push(taskOf(row));
    tasks.set(row.customer_id, list);
  }
  return tasks;
}

export async function addTask(
  tx: SqlExecutor,
  task: { customerId: string; owner: string; createdBy: string; now: number; id: string },
  body: TaskCreateBody,
): Promise<FollowUpTask> {
  const [row] = await tx.query<TaskRow>(
    `insert into follow_up_tasks (id, customer_id, owner, title, due_at, created_by, created_at,
       updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) returning ${TASK_COLUMNS}`,
    [task.id, task.customerId, task.owner, body.title, body.dueAt, task.createdBy, task.now],
  );
  return taskOf(row!);
}

/** The task with its lead's owner, locked for an update; null when there is none. */
export async function lockTask(
  tx: SqlExecutor,
  taskId: string,
): Promise<{ task: FollowUpTask; leadOwner: string | null } | null> {
  const [row] = await tx.query<TaskRow & { lead_owner: string | null }>(
    `select t.id, t.customer_id, t.owner, t.next_step, t.title, t.due_at, t.done_at, t.done_by,
            t.created_by, t.created_at, c.owner as lead_owner
       from follow_up_tasks t left join customers c on c.id = t.customer_id
      where t.id = $1 for update of t`,
    [taskId],
  );
  return row ? { task: taskOf(row), leadOwner: row.lead_owner } : null;
}

export async function updateTask(
  tx: SqlExecutor,
  taskId: string,
  body: TaskUpdateBody,
  who: string,
  now: number,
): Promise<FollowUpTask> {
  const [row] = await tx.query<TaskRow>(
    `update follow_up_tasks
        set due_at = coalesce($2, due_at),
            done_at = case when $3::boolean is null then done_at
                           when $3 then coalesce(done_at, $5) else null end,
            done_by = case when $3::boolean is null then done_by
                           when $3 then coalesce(done_by, $4) else null end,
            updated_at = $5
      where id = $1 returning ${TASK_COLUMNS}`,
    [taskId, body.dueAt ?? null, body.done ?? null, who, now],
  );
  return taskOf(row!);
}
