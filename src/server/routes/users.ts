import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CreateUserBodySchema,
  type CreateUserResponse,
  type UserListResponse,
} from '../../shared/api';
import { authenticate, hashToken, newToken, requireUser, USER_TOKEN_PREFIX } from '../auth';
import type { PoolDeps } from '../deps';
import { badRequest, notFound } from '../http-errors';
import { publishRevocation } from '../services/revocations';
import { parseApi } from './events';

const UserParamsSchema = z.object({ id: z.string().max(64) });

/** Pool users and their tokens: only admins manage them. */
export function registerUserRoutes(api: FastifyInstance, deps: PoolDeps): void {
  const { db, clock, newId } = deps;

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
    const users = await db.query<UserListResponse['users'][number]>(
      `select id, name, role, created_at as "createdAt", revoked_at as "revokedAt"
         from users order by created_at, id`,
    );
    const response: UserListResponse = {
      users: users.map((u) => ({
        ...u,
        createdAt: Number(u.createdAt),
        revokedAt: u.revokedAt === null ? null : Number(u.revokedAt),
      })),
    };
    return response;
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
      // Told at commit to every pool instance: each ends the user's open live streams.
      if (rows.length > 0) await publishRevocation(tx, `user:${id}`);
      return rows.length > 0;
    });
    if (!revoked) throw notFound('no active user with that id');
    return { revoked: true };
  });
}
