import type { Clock } from '../../shared/ids';
import { hashToken, newToken } from '../auth';
import type { SqlExecutor } from '../db/sql';

export const SETUP_TOKEN_PREFIX = 'lps_';

/** The web app's page that a set-up token opens (a fragment: it never reaches a server log). */
export const setupPath = (token: string) => `/app/#/setup/${token}`;

/** True once some admin signs in with a password: set-up links are dead from then on. */
export async function setupDone(db: SqlExecutor): Promise<boolean> {
  const rows = await db.query(
    `select 1 from users where role = 'admin' and password_hash is not null
        and revoked_at is null limit 1`,
  );
  return rows.length > 0;
}

/**
 * A one-time set-up token while no admin has a password yet (else null): the pool prints it at
 * start, the first admin opens it to choose their email and password. Only its hash is stored.
 * Each start makes a new one; all of them die when any is used.
 */
export async function issueSetupLink(db: SqlExecutor, clock: Clock): Promise<string | null> {
  if (await setupDone(db)) return null;
  const token = newToken(SETUP_TOKEN_PREFIX);
  await db.query('insert into setup_tokens (token_hash, created_at) values ($1, $2)', [
    hashToken(token),
    clock(),
  ]);
  return token;
}

/**
 * Spends the set-up token inside the caller's transaction: true when it was open and no admin had
 * a password yet. The table lock makes two set-ups racing each other (two links) take turns.
 */
export async function spendSetupToken(
  tx: SqlExecutor,
  token: string,
  now: number,
): Promise<boolean> {
  await tx.query('lock table setup_tokens in exclusive mode');
  if (await setupDone(tx)) return false;
  const rows = await tx.query(
    'update setup_tokens set used_at = $2 where token_hash = $1 and used_at is null returning 1',
    [hashToken(token), now],
  );
  if (rows.length === 0) return false;
  // Every other link printed earlier dies with this one.
  await tx.query('update setup_tokens set used_at = $1 where used_at is null', [now]);
  return true;
}
