import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth';
import { startTestPool, type TestPool } from '../testing';
import { bearer, createEvent, createUser, enrollDevice } from './routes.test-kit';

describe('user routes', () => {
  let pool: TestPool;
  beforeAll(async () => {
    pool = await startTestPool();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
  });

  const post = (url: string, token: string, payload?: object) =>
    pool.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(token), payload });

  it('creates a user whose token is shown once and stored only as a hash', async () => {
    const created = await post('/users', pool.adminToken, { name: '  Mei  ', role: 'marketing' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: 'Mei', role: 'marketing' });
    expect(body.token).toMatch(/^lpu_[A-Za-z0-9_-]{43}$/);
    const [row] = await pool.db.query<{ token_hash: string; role: string }>(
      'select token_hash, role from users where id = $1',
      [body.id],
    );
    expect(row).toEqual({ token_hash: hashToken(body.token), role: 'marketing' });

    const list = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(pool.adminToken),
    });
    expect(list.json().users).toContainEqual(
      expect.objectContaining({ id: body.id, name: 'Mei', role: 'marketing', revokedAt: null }),
    );
    expect(list.body).not.toContain(body.token);
  });

  it('rejects bad bodies with 400', async () => {
    const badRole = await post('/users', pool.adminToken, { name: 'X', role: 'root' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.message).toMatch(/role/);
    const noName = await post('/users', pool.adminToken, { name: '  ', role: 'sales' });
    expect(noName.json().error.message).toMatch(/name: a name is required/);
    const extra = await post('/users', pool.adminToken, { name: 'X', role: 'sales', token: 'x' });
    expect(extra.statusCode).toBe(400);
  });

  it('revokes a token: 401 afterwards, and nobody but an admin manages users', async () => {
    const marketing = await createUser(pool, 'marketing');
    const event = await createEvent(pool);
    const device = await enrollDevice(pool, event.id);
    for (const token of [marketing.token, device]) {
      const create = await post('/users', token, { name: 'Eve', role: 'admin' });
      expect(create.statusCode).toBe(403);
      const revoke = await post(`/users/${marketing.id}/revoke`, token);
      expect(revoke.statusCode).toBe(403);
    }
    const revoked = await post(`/users/${marketing.id}/revoke`, pool.adminToken);
    expect(revoked.json()).toEqual({ revoked: true });
    const after = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/events',
      headers: bearer(marketing.token),
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/revoked/);
    expect((await post(`/users/${marketing.id}/revoke`, pool.adminToken)).statusCode).toBe(404);
  });

  it('does not let an admin revoke their own token', async () => {
    const admin = await createUser(pool, 'admin');
    const self = await post(`/users/${admin.id}/revoke`, admin.token);
    expect(self.statusCode).toBe(400);
    const stillWorks = await pool.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: bearer(admin.token),
    });
    expect(stillWorks.statusCode).toBe(200);
  });
});
