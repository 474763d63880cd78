import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AUTH_API_ERRORS,
  CreateUserBodySchema,
  InviteBodySchema,
  UpdateUserBodySchema,
  type CreateUserResponse,
  type InviteResponse,
  type OpenInvitesResponse,
  type UserListResponse,
  type UserSummary,
} from '../../shared/api';
import { createInvite, invitePath } from '../accounts/invites';
import { endSessionsOf } from '../accounts/sessions';
import { authenticate, hashToken, newToken, requireUser, USER_TOKEN_PREFIX } from '../auth';
import type { PoolDeps } from '../deps';
import { badRequest, conflict, notFound } from '../http-errors';
import { publishRevocation } from '../services/revocations';
import { parseApi } from './events';

const UserParamsSchema = z.object({ id: z.string().max(64) });

/** Pool users, their tokens and invitations: only admins manage them. */
export function registerUserRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId, publicUrl } = deps;

  api.post('/users', async (request, reply) => {
    requireUser(await authenticate(db, request), ['admin']);
    const body = parseApi(CreateUserBodySchema, request.body);
    const id = newId();
    const token = newToken(USER_TOKEN_PREFIX);
    await db.query(
      'insert into users (id, name, role, token_hash, created_at) values ($1, $2, $3, $4, $5)',
      [id, body.name, body.role, hashToken(token), clock()],
    );
    const response: CreateUserResponse = { id, name: body.name, role: body.role, token };
    return reply.status(201).send(response);
  });

  api.get('/users', async (request) => {
    requireUser(await authenticate(db, request), ['admin']);
    const users = await db.query<UserSummary>(
      `select id, name, role, email, created_at as "createdAt",
              last_sign_in_at as "lastSignInAt", revoked_at as "revokedAt"
         from users order by created_at, id`,
    );
    const orNull = (value: number | null) => (value === null ? null : Number(value));
    const response: UserListResponse = {
      users: users.map((u) => ({
        ...u,
        createdAt: Number(u.createdAt),
        lastSignInAt: orNull(u.lastSignInAt),
        revokedAt: orNull(u.revokedAt),
      })),
    };
    return response;
  });

  api.post('/users/invites', async (request, reply) => {
    const admin = requireUser(await authenticate(db, request), ['admin']);
    const body = parseApi(InviteBodySchema, request.body);
    const id = newId();
    const issued = await db.transaction(async (tx) => {
      const taken = await tx.query('select 1 from users where email = $1', [body.email]);
      if (taken.length > 0) {
        throw conflict('a user with this email exists already', AUTH_API_ERRORS.emailTaken);
      }
      return createInvite(tx, { id, ...body, createdBy: admin.userId, now: clock() });
    });
    const link = invitePath(issued.token);
    const response: InviteResponse = {
      invite: {
        id,
        email: body.email,
        name: body.name,
        role: body.role,
        expiresAt: issued.expiresAt,
      },
      link,
      url: `${publicUrl()}${link}`,
    };
    return reply.status(201).send(response);
  });

  api.get('/users/invites', async (request) => {
    requireUser(await authenticate(db, request), ['admin']);
    const rows = await db.query<{
      id: string;
      email: string;
      name: string;
      role: UserSummary['role'];
      created_at: string | number;
      expires_at: string | number;
    }>(
      `select id, email, name, role, created_at, expires_at from invites
        where accepted_at is null and expires_at > $1 order by created_at, id`,
      [clock()],
    );
    const response: OpenInvitesResponse = {
      invites: rows.map((row) => ({
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      })),
    };
    return response;
  });

  api.patch('/users/:id', async (request) => {
    const admin = requireUser(await authenticate(db, request), ['admin']);
    const { id } = parseApi(UserParamsSchema, request.params, 'path');
    const body = parseApi(UpdateUserBodySchema, request.body);
    // An admin demoting themselves could leave the pool without one; another admin can.
    if (id === admin.userId && body.role !== undefined && body.role !== 'admin') {
      throw badRequest('you cannot take the admin role from yourself');
    }
    // Read by every request's authenticate(): a new role holds from the next request on.
    const [row] = await db.query<{ id: string }>(
      `update users set role = coalesce($2, role), name = coalesce($3, name)
        where id = $1 and revoked_at is null returning id`,
      [id, body.role ?? null, body.name ?? null],
    );
    if (!row) throw notFound('no active user with that id');
    return { updated: true };
  });

  api.post('/users/:id/revoke', async (request) => {
    const admin = requireUser(await authenticate(db, request), ['admin']);
    const { id } = parseApi(UserParamsSchema, request.params, 'path');
    // Revoking your own token could leave the pool without an admin; another admin can do it.
    if (id === admin.userId) throw badRequest('you cannot revoke your own token');
    const revoked = await db.transaction(async (tx) => {
      const rows = await tx.query(
        'update users set revoked_at = $2 where id = $1 and revoked_at is null returning id',
        [id, clock()],
      );
      if (rows.length === 0) return false;
      // Signed out everywhere at once, and told at commit to every pool instance: each ends the
      // user's open live streams.
      await endSessionsOf(tx, id);
      await publishRevocation(tx, `user:${id}`);
      return true;
    });
    if (!revoked) throw notFound('no active user with that id');
    return { revoked: true };
  });
}
