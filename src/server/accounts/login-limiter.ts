import type { SqlExecutor } from '../db/sql';

/**
 * Failed sign-ins, counted in the database so every pool instance shares one budget: at most
 * LOGIN_MAX_FAILURES wrong passwords per email and per client address within the window. A
 * success is not counted; a refused try is not counted either (it checked no password), so the
 * lock ends one window after the last real failure.
 *
 * Each try is written before its password is checked and counted with it: tries racing each
 * other all see one another, so no burst gets more than the budget of checks.
 */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export interface LoginTry {
  /** The rows of this try: kept when the password was wrong, dropped otherwise. */
  ids: string[];
  allowed: boolean;
}

export const loginSubjects = (email: string, address: string) => [
  `email:${email}`,
  `ip:${address}`,
];

export async function beginLoginTry(
  db: SqlExecutor,
  subjects: string[],
  now: number,
): Promise<LoginTry> {
  // Old failures are of no use to anyone: each try sweeps them (indexed, a few rows at most).
  await db.query('delete from login_failures where at <= $1', [now - LOGIN_WINDOW_MS]);
  const ids: string[] = [];
  for (const subject of subjects) {
    const [row] = await db.query<{ id: string }>(
      'insert into login_failures (subject, at) values ($1, $2) returning id',
      [subject, now],
    );
    if (row) ids.push(String(row.id));
  }
  const counts = await db.query<{ subject: string; tries: string | number }>(
    `select subject, count(*) as tries from login_failures
      where subject = any($1::text[]) and at > $2 group by subject`,
    [subjects, now - LOGIN_WINDOW_MS],
  );
  const allowed = counts.every((row) => Number(row.tries) <= LOGIN_MAX_FAILURES);
  if (!allowed) await forgetLoginTry(db, ids);
  return { ids, allowed };
}

/** The try was no failure (right password, or refused unchecked): it does not count. */
export async function forgetLoginTry(db: SqlExecutor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('delete from login_failures where id = any($1::bigint[])', [ids]);
}
