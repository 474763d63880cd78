import type { InboxLead, InboxResponse } from '../../shared/api';
import type { Grade, Stage } from '../../shared/intelligence';
import type { SqlExecutor } from '../db/sql';
import { openTasksOf } from './follow-up-tasks';

/** An inbox is a working list, not the whole pool: beyond this the customers list has them. */
export const INBOX_LIMIT = 200;

const NOTHING_DUE = 9_999_999_999_999;

interface InboxRow {
  id: string;
  profile: Record<string, unknown>;
  grade: Grade;
  score: number;
  stage: Stage;
  owner: string;
  owner_name: string | null;
  sla_due_at: number | string | null;
  task_due_at: number | string | null;
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** The open leads (MQL, SAL, SQL) of these owners, in the order a salesperson works them. */
export async function loadInbox(
  tx: SqlExecutor,
  owners: readonly string[],
  now: number,
): Promise<InboxResponse> {
  const rows = await tx.query<InboxRow>(
    `select c.id, c.profile, c.grade, c.score, c.stage, c.owner, u.name as owner_name,
            c.sla_due_at, t.task_due_at
       from customers c
       left join users u on u.id = c.owner
       left join lateral (select min(ft.due_at) as task_due_at from follow_up_tasks ft
                           where ft.customer_id = c.id and ft.done_at is null) t on true
      where c.merged_into is null and c.stage in ('MQL', 'SAL', 'SQL')
        and c.owner = any($1::text[])
      order by (c.stage <> 'MQL'),
               coalesce(case when c.stage = 'MQL' then c.sla_due_at else t.task_due_at end, $2),
               c.id
      limit $3`,
    [[...owners], NOTHING_DUE, INBOX_LIMIT + 1],
  );
  const page = rows.slice(0, INBOX_LIMIT);
  const tasks = await openTasksOf(
    tx,
    page.map((row) => row.id),
  );
  const leads: InboxLead[] = page.map((row) => {
    const slaDueAt = row.sla_due_at === null ? null : Number(row.sla_due_at);
    const taskDueAt = row.task_due_at === null ? null : Number(row.task_due_at);
    const due =
      row.stage === 'MQL'
        ? slaDueAt === null
          ? null
          : { kind: 'sla' as const, at: slaDueAt }
        : taskDueAt === null
          ? null
          : { kind: 'task' as const, at: taskDueAt };
    return {
      id: row.id,
      name: textOf(row.profile.name),
      company: textOf(row.profile.company),
      province: textOf(row.profile.province),
      grade: row.grade,
      score: Number(row.score),
      stage: row.stage,
      owner: row.owner,
      ownerName: row.owner_name,
      slaDueAt,
      due,
      tasks: tasks.get(row.id) ?? [],
    };
  });
  return { leads, truncated: rows.length > INBOX_LIMIT, now };
}
