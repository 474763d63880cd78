import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AcceptInviteBodySchema,
  AUTH_API_ERRORS,
  LoginBodySchema,
  SetupBodySchema,
  type SessionResponse,
  type SessionUser,
} from '../../shared/api';
import { beginLoginTry, forgetLoginTry, loginSubjects } from '../accounts/login-limiter';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../accounts/passwords';
import { refuseForeignOrigin } from '../accounts/session-hook';
import {
  clearSessionCookie,
  endSession,
  endSessionsOf,
  setSessionCookie,
  startSession,
} from '../accounts/sessions';
import { spendSetupToken } from '../accounts/setup-link';
import { spendInvite } from '../accounts/invites';
import { authenticate, requireUser } from '../auth';
import type { SqlExecutor } from '../db/sql';
import type { PoolDeps } from '../deps';
import { ApiError, conflict, unauthorized } from '../http-errors';
import { publishRevocation } from '../services/revocations';
import { parseApi } from './events';

const ALL_ROLES = ['admin', 'marketing', 'sales'] as const;

/** Sign-in of the web app: set-up link, email + password, invites, sign-out (everywhere). */
export function registerAuthRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId, publicUrl } = deps;
  // Made now, so the first sign-in with an unknown email is no slower than a wrong password.
  void dummyPasswordHash();

  /** A new session (never one the browser brought along) for the user, and its cookie. */
  const signIn = async (
    tx: SqlExecutor,
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
  ): Promise<SessionResponse> => {
    // The browser is changing hands: a session it still held ends here.
    if (request.sessionPrincipal) await endSession(tx, request.sessionPrincipal.sessionId);
    const sessionId = await startSession(tx, userId, clock());
    setSessionCookie(reply, request, sessionId, publicUrl());
    return { user: await loadSessionUser(tx, userId) };
  };

  api.get('/auth/me', async (request) => {
    const user = requireUser(await authenticate(db, request), [...ALL_ROLES]);
    const response: SessionResponse = { user: await loadSessionUser(db, user.userId) };
    return response;
  });

  api.post('/auth/setup', async (request, reply) => {
    refuseForeignOrigin(request, publicUrl());
    const body = parseApi(SetupBodySchema, request.body);
    const passwordHash = await hashPassword(body.password);
    return db.transaction(async (tx) => {
      if (!(await spendSetupToken(tx, body.token, clock()))) {
        throw new ApiError(
          400,
          AUTH_API_ERRORS.setupInvalid,
          'this set-up link is used up or unknown; an admin can invite you instead',
        );
      }
      const id = newId();
      await insertSignInUser(tx, {
        id,
        name: body.name,
        email: body.email,
        role: 'admin',
        passwordHash,
        now: clock(),
      });
      return signIn(tx, request, reply, id);
    });
  });

  api.post('/auth/login', async (request, reply) => {
    refuseForeignOrigin(request, publicUrl());
    const body = parseApi(LoginBodySchema, request.body);
    const attempt = await beginLoginTry(db, loginSubjects(body.email, request.ip), clock());
    if (!attempt.allowed) {
      throw new ApiError(
        429,
        AUTH_API_ERRORS.tooManyAttempts,
        'too many failed sign-ins for this email or from this address; try again in 15 minutes',
      );
    }
    const [user] = await db.query<{
      id: string;
      password_hash: string | null;
      revoked_at: unknown;
    }>('select id, password_hash, revoked_at from users where email = $1', [body.email]);
    // Unknown email, no password, revoked: the same check, the same time, the same answer.
    const matches = await verifyPassword(
      body.password,
      user?.password_hash ?? (await dummyPasswordHash()),
    );
    if (!user || !user.password_hash || user.revoked_at !== null || !matches) {
      throw new ApiError(401, AUTH_API_ERRORS.invalidCredentials, 'the email or password is wrong');
    }
    await forgetLoginTry(db, attempt.ids);
    return db.transaction((tx) => signIn(tx, request, reply, user.id));
  });

  api.post('/auth/invite/accept', async (request, reply) => {
    refuseForeignOrigin(request, publicUrl());
    const body = parseApi(AcceptInviteBodySchema, request.body);
    const passwordHash = await hashPassword(body.password);
    return db.transaction(async (tx) => {
      const invite = await spendInvite(tx, body.token, clock());
      if (!invite) {
        throw new ApiError(
          400,
          AUTH_API_ERRORS.inviteInvalid,
          'this invitation is used up, expired or unknown; ask an admin for a new one',
        );
      }
      const id = newId();
      await insertSignInUser(tx, { id, ...invite, passwordHash, now: clock() });
      return signIn(tx, request, reply, id);
    });
  });

  api.post('/auth/logout', async (request, reply) => {
    const principal = requireUser(await authenticate(db, request), [...ALL_ROLES]);
    // A bearer token has no session to end (admins revoke tokens); a session ends here.
    if (principal.sessionId) await endSession(db, principal.sessionId);
    clearSessionCookie(reply, request, publicUrl());
    return reply.status(204).send();
  });

  api.post('/auth/logout-all', async (request, reply) => {
    const principal = requireUser(await authenticate(db, request), [...ALL_ROLES]);
    await db.transaction(async (tx) => {
      await endSessionsOf(tx, principal.userId);
      // Their open live streams end too, on every pool instance.
      await publishRevocation(tx, `user:${principal.userId}`);
    });
    clearSessionCookie(reply, request, publicUrl());
    return reply.status(204).send();
  });
}

export async function loadSessionUser(db: SqlExecutor, userId: string): Promise<SessionUser> {
  const [row] = await db.query<SessionUser>(
    'select id, name, email, role from users where id = $1',
    [userId],
  );
  if (!row) throw unauthorized('this user no longer exists');
  return row;
}

async function insertSignInUser(
  tx: SqlExecutor,
  user: {
    id: string;
    name: string;
    email: string;
    role: SessionUser['role'];
    passwordHash: string;
    now: number;
  },
): Promise<void> {
  const taken = await tx.query('select 1 from users where email = $1', [user.email]);
  if (taken.length > 0) {
    throw conflict('a user with this email exists already', AUTH_API_ERRORS.emailTaken);
  }
  await tx.query(
    `insert into users (id, name, role, email, password_hash, created_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [user.id, user.name, user.role, user.email, user.passwordHash, user.now],
  );
}
