import type { UserRole } from '../auth';
import { hashToken, newToken } from '../auth';
import type { SqlExecutor } from '../db/sql';

export const INVITE_TOKEN_PREFIX = 'lpi_';
export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

/** The web app's page an invitation opens (a fragment: the token never reaches a server log). */
export const invitePath = (token: string) => `/app/#/invite/${token}`;

export interface NewInvite {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  createdBy: string;
  now: number;
}

/** Stores the invitation's hash; returns the token, shown to the admin once. */
export async function createInvite(
  tx: SqlExecutor,
  invite: NewInvite,
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken(INVITE_TOKEN_PREFIX);
  const expiresAt = invite.now + INVITE_TTL_MS;
  await tx.query(
    `insert into invites (id, token_hash, email, name, role, created_by, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      invite.id,
      hashToken(token),
      invite.email,
      invite.name,
      invite.role,
      invite.createdBy,
      invite.now,
      expiresAt,
    ],
  );
  return { token, expiresAt };
}

/** Marks the open, unexpired invitation of this token accepted; null when there is none. */
export async function spendInvite(
  tx: SqlExecutor,
  token: string,
  now: number,
): Promise<{ email: string; name: string; role: UserRole } | null> {
  const [row] = await tx.query<{ email: string; name: string; role: UserRole }>(
    `update invites set accepted_at = $2
      where token_hash = $1 and accepted_at is null and expires_at > $2
      returning email, name, role`,
    [hashToken(token), now],
  );
  return row ?? null;
}
