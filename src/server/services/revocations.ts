import type { Principal } from '../auth';
import { isSessionLive } from '../accounts/sessions';
import type { SqlExecutor } from '../db/sql';

/**
 * Revocations, told to every pool instance (DESIGN.md "Trust": revocation is immediate). A
 * request with a revoked token is refused at once anyway (authenticate reads revoked_at); what
 * needs telling is the live streams already open, on whichever instance holds them. The NOTIFY
 * goes out when the revocation commits; the payload names the principal (`device:<id>`,
 * `user:<id>`). An empty payload (a LISTEN connection that came back) means "you may have
 * missed some": every open stream is checked again.
 */
export const REVOCATIONS_CHANNEL = 'leadpond_revocations';

export type PrincipalKey = `device:${string}` | `user:${string}`;

export const principalKey = (principal: Principal): PrincipalKey =>
  principal.kind === 'device' ? `device:${principal.deviceId}` : `user:${principal.userId}`;

export async function publishRevocation(tx: SqlExecutor, key: PrincipalKey): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [REVOCATIONS_CHANNEL, key]);
}

/** False once the device or user is revoked (or gone), or the user's session ended. */
export async function isStillActive(db: SqlExecutor, principal: Principal): Promise<boolean> {
  if (principal.kind === 'user' && principal.sessionId !== undefined) {
    if (!(await isSessionLive(db, principal.sessionId))) return false;
  }
  const rows =
    principal.kind === 'device'
      ? await db.query('select 1 from devices where id = $1 and revoked_at is null', [
          principal.deviceId,
        ])
      : await db.query('select 1 from users where id = $1 and revoked_at is null', [
          principal.userId,
        ]);
  return rows.length > 0;
}
