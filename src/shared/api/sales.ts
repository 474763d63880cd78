import { z } from 'zod';
import type { Grade, Stage } from '../intelligence';
import type { NextStep } from '../schemas/qualification';
import { storableString, TimestampSchema } from '../schemas/common';

/**
 * The sales half of DESIGN.md "Follow-up and hand-off": the inbox, returning a lead with a
 * reason, follow-up tasks and reassignment.
 */

/** Why sales hands a lead back to marketing; 'other' needs words of its own. */
export const RETURN_REASONS = [
  'no_budget',
  'no_need',
  'not_reachable',
  'wrong_contact',
  'too_early',
  'competitor',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_NOTE_MAX = 1000;

/** `POST /customers/:id/return`: back to nurture, with a reason from the list and free text. */
export const ReturnBodySchema = z
  .strictObject({
    reason: z.enum(RETURN_REASONS),
    note: storableString().trim().max(RETURN_NOTE_MAX).default(''),
  })
  .refine((body) => body.reason !== 'other' || body.note !== '', {
    message: 'a return for another reason needs a note',
    path: ['note'],
  });
export type ReturnBody = z.input<typeof ReturnBodySchema>;

/** The newest return of a lead by sales, as marketing sees it in the list and the 360. */
export interface SalesReturn {
  reason: ReturnReason;
  note: string;
  by: string;
  byName: string | null;
  at: number;
}

/** The stage history's why for a return: the reason code, then the note (what people read). */
export function returnWhy(reason: ReturnReason, note: string): string {
  return note === '' ? reason : `${reason}: ${note}`;
}

/** The reason and note a return's why was made of; null when it names no listed reason. */
export function parseReturnWhy(why: string): { reason: ReturnReason; note: string } | null {
  const colon = why.indexOf(': ');
  const code = colon === -1 ? why : why.slice(0, colon);
  if (!(RETURN_REASONS as readonly string[]).includes(code)) return null;
  return { reason: code as ReturnReason, note: colon === -1 ? '' : why.slice(colon + 2) };
}

/** A follow-up task: the booth's next step for the owner, or one someone added. */
export interface FollowUpTask {
  id: string;
  customerId: string;
  owner: string;
  /** The booth's next step this task came from; null for a task someone typed. */
  nextStep: NextStep | null;
  title: string;
  dueAt: number;
  doneAt: number | null;
  doneBy: string | null;
  createdBy: string;
  createdAt: number;
}

export const TASK_TITLE_MAX = 200;

/** `POST /customers/:id/tasks`: a task for the lead's owner. */
export const TaskCreateBodySchema = z.strictObject({
  title: storableString().trim().min(1).max(TASK_TITLE_MAX),
  dueAt: TimestampSchema,
});
export type TaskCreateBody = z.infer<typeof TaskCreateBodySchema>;

/** `PATCH /tasks/:id`: re-date it, or mark it done (or not done again). */
export const TaskUpdateBodySchema = z
  .strictObject({ dueAt: TimestampSchema.optional(), done: z.boolean().optional() })
  .refine((body) => body.dueAt !== undefined || body.done !== undefined, {
    message: 'give dueAt or done',
  });
export type TaskUpdateBody = z.infer<typeof TaskUpdateBodySchema>;

export interface TaskListResponse {
  tasks: FollowUpTask[];
}

export interface TaskResponse {
  task: FollowUpTask;
}

/** `POST /customers/:id/owner`: give the lead to another person, saying why. */
export const ReassignBodySchema = z.strictObject({
  to: z.string().min(1).max(64),
  why: storableString().trim().min(1).max(1000),
});
export type ReassignBody = z.infer<typeof ReassignBodySchema>;

export interface ReassignResponse {
  owner: string;
  from: string | null;
}

/** `GET /sales/assignees`: the people the caller may give a lead to. */
export interface AssigneesResponse {
  assignees: { id: string; name: string }[];
}

/** One lead of `GET /sales/inbox`. */
export interface InboxLead {
  id: string;
  name: string;
  company: string;
  province: string;
  grade: Grade;
  score: number;
  stage: Stage;
  owner: string;
  ownerName: string | null;
  slaDueAt: number | null;
  /**
   * What the lead is waiting for and by when: an MQL for acceptance by its SLA; an accepted
   * lead (SAL, SQL) for its soonest open task. Null: nothing is due.
   */
  due: { kind: 'sla' | 'task'; at: number } | null;
  /** Open tasks, soonest first. */
  tasks: FollowUpTask[];
}

/**
 * `GET /sales/inbox`: the caller's open leads (MQL, SAL, SQL) and, for a team lead, their team's.
 * MQLs come first, soonest SLA first (so overdue ones on top), then accepted leads by their
 * soonest task; leads with nothing due come last.
 */
export interface InboxResponse {
  leads: InboxLead[];
  /** More open leads than the inbox shows: the customers list has them all. */
  truncated: boolean;
  now: number;
}
