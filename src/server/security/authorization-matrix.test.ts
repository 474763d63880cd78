import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerListResponse, EnrollmentCodesResponse } from '../../shared/api';
import { boothKeyFromSecret, issueBoothToken } from '../../shared/attendee';
import { newId } from '../../shared/ids';
import { hashToken, newToken, USER_TOKEN_PREFIX } from '../auth';
import { contentRequest, pdfBytes, uploadedAsset } from '../routes/assets.test-kit';
import { inviteToken, signedInUser, TEST_PASSWORD } from '../routes/auth.test-kit';
import { bearer, createUser, enrollDevice } from '../routes/routes.test-kit';
import { DEFAULT_CONFIG } from '../../shared/intelligence';
import { downloadLinkForRequest } from '../services/download-tokens';
import { loadConfig } from '../services/intelligence-config';
import { startTestPool, testDeviceToken, type TestPool } from '../testing';
import { openScene, personOf, push, type Scene } from './security.test-kit';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

/**
 * Every route the pool registers × every kind of caller, against an explicit table of expected
 * outcomes. The routes come from the app's own route table (onRoute), so a route added without a
 * rule here fails the suite, and so does a rule for a route that no longer exists.
 */
const CREDENTIALS = [
  'none',
  'garbage',
  'revokedDevice',
  'deviceA',
  'deviceB',
  'admin',
  'marketing',
  'sales',
  'booth',
  'sessionlessUser',
  'revokedUser',
] as const;
type Credential = (typeof CREDENTIALS)[number];

/**
 * 'ok': any 2xx. A number: exactly that status (the caller is authorized but the target says no,
 * or — 400 — a public route whose credential is in the body turns down a bad one; 303 — a public
 * form post answered with the page to go to).
 */
type Outcome = 'ok' | 303 | 400 | 401 | 403 | 404;
type Expectations = Record<Credential, Outcome>;

/** Callers who are nobody: no token, a made-up one, revoked ones, a booth token used as bearer. */
const NOBODY = {
  none: 401,
  garbage: 401,
  revokedDevice: 401,
  booth: 401,
  sessionlessUser: 401,
  revokedUser: 401,
} as const;

/** Marketing's and admins' routes: sales and every device are refused. */
const managers = (ok: Outcome = 'ok'): Expectations => ({
  ...NOBODY,
  deviceA: 403,
  deviceB: 403,
  admin: ok,
  marketing: ok,
  sales: 403,
});
const adminOnly = (): Expectations => ({ ...managers(), marketing: 403 });
/** Any signed-in user, whatever the role; devices are no users. */
const anyUser = (): Expectations => ({ ...managers(), sales: 'ok' });
/** Sync of event A: its own device and managers (who name the event); event B's device is refused. */
const syncOfEventA = (): Expectations => ({ ...managers(), deviceA: 'ok' });
/** Public routes: the credential is in the URL or body (a link token, a booth token), or none. */
const everyone = (outcome: Outcome): Expectations =>
  Object.fromEntries(CREDENTIALS.map((c) => [c, outcome])) as Expectations;

interface Call {
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Read the status only, then hang up (live streams never end by themselves). */
  stream?: boolean;
  /** Report a redirect as such rather than follow it. */
  noFollow?: boolean;
}

interface Rule {
  /** The request, made fresh for each caller (destructive routes get a target of their own). */
  call: (credential: Credential) => Promise<Call> | Call;
  expect: Expectations;
}

describe('authorization matrix: every route × every credential', () => {
  let pool: TestPool;
  let scene: Scene;
  const tokens = {} as Record<Credential, string | null>;
  let customerId: string;
  let assetId: string;
  let downloadPath: string;
  let deviceAId: string;
  let rules: Record<string, Rule>;

  beforeAll(async () => {
    const pageDir = mkdtempSync(join(tmpdir(), 'leadpond-page-'));
    mkdirSync(join(pageDir, 'assets'));
    writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(pageDir, 'assets', 'page-1.js'), 'void 0;');
    pool = await startTestPool({
      enrollPerMinute: 10_000,
      attendeePageDir: pageDir,
      // A stand-in build of the pool app: its page is public, the API behind it is not.
      poolAppDir: pageDir,
    });
    await pool.listen();
    scene = await openScene(pool);
    const { eventA } = scene;
    const deviceIdOf = async (token: string) =>
      (await pool.app.inject({ url: '/api/v1/devices/me', headers: bearer(token) })).json()
        .deviceId as string;
    deviceAId = await deviceIdOf(scene.deviceA);

    const revokedDevice = await enrollDevice(pool, eventA.id);
    await pool.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${await deviceIdOf(revokedDevice)}/revoke`,
      headers: bearer(pool.adminToken),
    });
    const revokedUser = await createUser(pool, 'marketing');
    await pool.app.inject({
      method: 'POST',
      url: `/api/v1/users/${revokedUser.id}/revoke`,
      headers: bearer(pool.adminToken),
    });
    Object.assign(tokens, {
      none: null,
      garbage: 'not-a-token-at-all',
      revokedDevice,
      deviceA: scene.deviceA,
      deviceB: scene.deviceB,
      admin: pool.adminToken,
      marketing: scene.marketing,
      sales: scene.sales,
      booth: issueBoothToken(
        deviceAId,
        boothKeyFromSecret(scene.deviceA),
        Date.now(),
        crypto.getRandomValues(new Uint8Array(6)),
      ),
      // Shaped like a user token, but no user holds it: signed out, deleted, never issued.
      sessionlessUser: newToken(USER_TOKEN_PREFIX),
      revokedUser: revokedUser.token,
    } satisfies Record<Credential, string | null>);

    const lead = personOf(eventA.id, { name: '矩阵', email: 'matrix@example.com' });
    expect((await push(pool, scene.deviceA, 'people', [lead])).statusCode).toBe(200);
    const found = await pool.app.inject({
      url: '/api/v1/customers?q=matrix',
      headers: bearer(pool.adminToken),
    });
    customerId = (found.json() as CustomerListResponse).customers[0]?.id ?? '';
    assetId = (await uploadedAsset(pool, eventA.id, '矩阵白皮书', 'matrix')).id;
    const request = contentRequest(eventA.id, lead.id, assetId, 'matrix@example.com');
    expect((await push(pool, scene.deviceA, 'interactions', [request])).statusCode).toBe(200);
    const link = await downloadLinkForRequest(
      pool.db,
      { clock: Date.now, publicUrl: () => pool.url },
      request.id,
    );
    downloadPath = new URL(link?.url ?? '').pathname;

    const A = eventA.id;
    const visitor = () => `v_${newId().replaceAll('-', '')}`;
    const json = (method: string, path: string, body?: unknown): Call => ({
      method,
      path,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), contentType: 'application/json' }),
    });
    const get = (path: string): Call => json('GET', path);
    const freshSegment = async (): Promise<string> => {
      const response = await pool.app.inject({
        method: 'POST',
        url: '/api/v1/segments',
        headers: bearer(pool.adminToken),
        payload: { name: `segment ${newId()}`, filter: {} },
      });
      return (response.json() as { id: string }).id;
    };
    const freshCrmMapping = async (): Promise<string> => {
      const response = await pool.app.inject({
        method: 'POST',
        url: '/api/v1/crm-mappings',
        headers: bearer(pool.adminToken),
        payload: { name: `mapping ${newId()}`, columns: [{ header: 'Name', field: 'name' }] },
      });
      return (response.json() as { id: string }).id;
    };
    // The phone page's API takes its credential in the body: each caller's token goes there.
    const boothBody = (credential: Credential, extra: Record<string, unknown> = {}) => ({
      eventId: A,
      boothToken: tokens[credential] ?? '',
      visitorToken: visitor(),
      ...extra,
    });
    const freshDevice = async () => {
      const token = await testDeviceToken(pool.db, A, 'Spare');
      const [row] = await pool.db.query<{ id: string }>(
        'select id from devices where token_hash = $1',
        [hashToken(token)],
      );
      return row?.id ?? '';
    };

    // A webhook of its own for each caller of a route that changes or deletes one.
    /** A send of event A's tickets, made by an admin (no SMTP: its mails stay queued). */
    const freshTicketSend = async () => {
      const id = newId();
      const response = await pool.app.inject({
        method: 'POST',
        url: `/api/v1/events/${A}/ticket-sends`,
        headers: bearer(pool.adminToken),
        payload: { id },
      });
      if (response.statusCode !== 201) throw new Error(`ticket send: ${response.body}`);
      return id;
    };
    /** The ticket of someone who registered on event A's public page. */
    const registeredTicket = async () => {
      const response = await pool.app.inject({
        method: 'POST',
        url: `/r/${A}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `name=${encodeURIComponent('报名者')}&phone=13700137001&consent=yes&consentVersion=v3`,
      });
      const location = String(response.headers.location ?? '');
      if (response.statusCode !== 303) throw new Error(`registration: ${response.body}`);
      return location;
    };
    const freshWebhook = async () => {
      const id = newId();
      await pool.db.query(
        `insert into webhooks (id, url, events, secret, created_by, created_at)
         values ($1, 'https://crm.example.com/x', '{customer.created}', 'whsec_AAAA', 'test', 0)`,
        [id],
      );
      return id;
    };

    const [salesUser] = await pool.db.query<{ id: string }>(
      'select id from users where token_hash = $1',
      [hashToken(scene.sales)],
    );
    const salesId = salesUser?.id ?? '';
    // An MQL for the sales user to accept, or a raw lead for a manager to make an MQL.
    const freshLead = async (owner: string | null) => {
      const id = newId();
      await pool.db.query(
        `insert into customers (id, profile, created_at, updated_at, stage, owner)
         values ($1, '{}', $2, $2, $3, $4)`,
        [id, Date.now(), owner === null ? 'RL' : 'MQL', owner],
      );
      return id;
    };

    // An open task on a fresh lead of `owner`.
    const freshTask = async (owner: string) => {
      const id = newId();
      await pool.db.query(
        `insert into follow_up_tasks (id, customer_id, owner, title, due_at, created_by,
           created_at, updated_at)
         values ($1, $2, $3, 'matrix', 0, 'test', 0, 0)`,
        [id, await freshLead(owner), owner],
      );
      return id;
    };

    rules = {
      // CORS preflight: it answers with headers only, for anyone (bearer tokens, not cookies).
      'OPTIONS *': {
        call: () => ({
          method: 'OPTIONS',
          path: '/api/v1/customers',
          headers: {
            origin: 'http://booth.example',
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        }),
        expect: everyone('ok'),
      },
      // The pool app's static files: the page is the same for everyone; it signs in by the API.
      'GET /': { call: () => get('/'), expect: everyone('ok') },
      'GET /app': { call: () => get('/app'), expect: everyone('ok') },
      'GET /app/*': { call: () => get('/app/'), expect: everyone('ok') },
      'GET /api/v1/health': { call: () => get('/api/v1/health'), expect: everyone('ok') },
      'POST /api/v1/devices/enroll': {
        // A fresh one-time code for each caller: whoever holds a code may enroll, header or not.
        call: async () => {
          const issued = await pool.app.inject({
            method: 'POST',
            url: `/api/v1/events/${A}/enrollment-codes`,
            headers: bearer(pool.adminToken),
            payload: {},
          });
          const code = (issued.json() as EnrollmentCodesResponse).codes[0]?.code;
          return json('POST', '/api/v1/devices/enroll', { code });
        },
        expect: everyone('ok'),
      },
      'GET /api/v1/devices/me': {
        call: () => get('/api/v1/devices/me'),
        expect: { ...managers(404), deviceA: 'ok', deviceB: 'ok', sales: 404 },
      },
      'GET /api/v1/events/:eventId/devices': {
        call: () => get(`/api/v1/events/${A}/devices`),
        expect: managers(),
      },
      'POST /api/v1/devices/:deviceId/revoke': {
        call: async () => json('POST', `/api/v1/devices/${await freshDevice()}/revoke`),
        expect: managers(),
      },
      // The pool's scoring rules, for booths to score offline: any device, and users who sync.
      'GET /api/v1/sync/intelligence': {
        call: () => get('/api/v1/sync/intelligence'),
        expect: { ...managers(), deviceA: 'ok', deviceB: 'ok' },
      },
      'GET /api/v1/sync/:collection/pull': {
        call: () => get(`/api/v1/sync/people/pull?eventId=${A}`),
        expect: syncOfEventA(),
      },
      'POST /api/v1/sync/:collection/push': {
        call: () =>
          json('POST', '/api/v1/sync/people/push', [
            { newDocumentState: { ...personOf(A, { name: '推送' }), _deleted: false } },
          ]),
        // Devices only: users edit through the routes that check their edits. A device of
        // another event is answered 200 with its rows refused one by one (DESIGN.md "Trust":
        // the rest of a push is unaffected); that nothing is stored is asserted below and in
        // identity-attacks.test.ts.
        expect: { ...managers(403), deviceA: 'ok', deviceB: 'ok' },
      },
      'GET /api/v1/sync/:collection/stream': {
        call: () => ({ ...get(`/api/v1/sync/people/stream?eventId=${A}`), stream: true }),
        expect: syncOfEventA(),
      },
      'GET /api/v1/sync/stream': {
        call: () => ({
          ...get(`/api/v1/sync/stream?collections=people,interactions&eventId=${A}`),
          stream: true,
        }),
        expect: syncOfEventA(),
      },
      'GET /api/v1/customers/merges': {
        call: () => get('/api/v1/customers/merges'),
        expect: managers(),
      },
      'POST /api/v1/customers/merges/:id/undo': {
        // No such merge: authorized callers learn that, nobody else does.
        call: () => json('POST', `/api/v1/customers/merges/${newId()}/undo`),
        expect: managers(404),
      },
      'GET /api/v1/customers/duplicates': {
        call: () => get('/api/v1/customers/duplicates'),
        expect: managers(),
      },
      'POST /api/v1/customers/duplicates/:id/confirm': {
        // No such pair: authorized callers learn that, nobody else does.
        call: () => json('POST', `/api/v1/customers/duplicates/${newId()}/confirm`),
        expect: managers(404),
      },
      'POST /api/v1/customers/duplicates/:id/reject': {
        call: () => json('POST', `/api/v1/customers/duplicates/${newId()}/reject`),
        expect: managers(404),
      },
      'POST /api/v1/users': {
        call: () => json('POST', '/api/v1/users', { name: 'New', role: 'sales' }),
        expect: adminOnly(),
      },
      'GET /api/v1/users': { call: () => get('/api/v1/users'), expect: adminOnly() },
      'POST /api/v1/users/:id/revoke': {
        call: async () =>
          json('POST', `/api/v1/users/${(await createUser(pool, 'sales')).id}/revoke`),
        expect: adminOnly(),
      },
      'POST /api/v1/users/invites': {
        call: () =>
          json('POST', '/api/v1/users/invites', {
            name: 'Invited',
            email: `matrix-${newId()}@example.com`,
            role: 'sales',
          }),
        expect: adminOnly(),
      },
      'GET /api/v1/users/invites': {
        call: () => get('/api/v1/users/invites'),
        expect: adminOnly(),
      },
      'PATCH /api/v1/users/:id': {
        call: async () =>
          json('PATCH', `/api/v1/users/${(await createUser(pool, 'sales')).id}`, {
            name: 'Renamed',
          }),
        expect: adminOnly(),
      },
      'GET /api/v1/auth/me': { call: () => get('/api/v1/auth/me'), expect: anyUser() },
      // Sign-in routes: the credential is the body's (a password, a one-time link), or none.
      'POST /api/v1/auth/login': {
        // A user of their own for each caller, signed in with the right password: successes
        // spend no one's failed-try budget, so this never meets the limiter.
        call: async () => {
          const { email } = await signedInUser(pool, 'sales');
          return json('POST', '/api/v1/auth/login', { email, password: TEST_PASSWORD });
        },
        expect: everyone('ok'),
      },
      'POST /api/v1/auth/setup': {
        // Set-up is the first admin's alone; a made-up link is turned down for everyone.
        call: () =>
          json('POST', '/api/v1/auth/setup', {
            token: newToken('lps_'),
            name: 'Mallory',
            email: 'mallory@example.com',
            password: TEST_PASSWORD,
          }),
        expect: everyone(400),
      },
      'POST /api/v1/auth/invite/accept': {
        call: async () =>
          json('POST', '/api/v1/auth/invite/accept', {
            token: (await inviteToken(pool, 'sales')).token,
            password: TEST_PASSWORD,
          }),
        expect: everyone('ok'),
      },
      // With a bearer token there is no session to end: answered, nothing else happens.
      'POST /api/v1/auth/logout': {
        call: () => json('POST', '/api/v1/auth/logout'),
        expect: anyUser(),
      },
      'POST /api/v1/auth/logout-all': {
        call: () => json('POST', '/api/v1/auth/logout-all'),
        expect: anyUser(),
      },
      'POST /api/v1/events': {
        call: () =>
          json('POST', '/api/v1/events', {
            name: 'X',
            startsOn: '2026-01-01',
            endsOn: '2026-01-02',
          }),
        expect: managers(),
      },
      'GET /api/v1/events': { call: () => get('/api/v1/events'), expect: managers() },
      'GET /api/v1/events/:id': { call: () => get(`/api/v1/events/${A}`), expect: managers() },
      'PATCH /api/v1/events/:id': {
        call: () => json('PATCH', `/api/v1/events/${A}`, { venue: 'Hall 2' }),
        expect: managers(),
      },
      'POST /api/v1/events/:id/enrollment-codes': {
        call: () => json('POST', `/api/v1/events/${A}/enrollment-codes`, {}),
        expect: managers(),
      },
      'GET /api/v1/events/:id/tickets': {
        call: () => get(`/api/v1/events/${A}/tickets`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/registration': {
        call: () => get(`/api/v1/events/${A}/registration?c=wechat`),
        expect: managers(),
      },
      'POST /api/v1/events/:id/ticket-sends': {
        call: () => json('POST', `/api/v1/events/${A}/ticket-sends`, { id: newId() }),
        expect: managers(),
      },
      'GET /api/v1/events/:id/ticket-sends': {
        call: () => get(`/api/v1/events/${A}/ticket-sends`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/ticket-sends/:sendId': {
        call: async () => get(`/api/v1/events/${A}/ticket-sends/${await freshTicketSend()}`),
        expect: managers(),
      },
      'POST /api/v1/events/:id/ticket-sends/:sendId/resend': {
        call: async () =>
          json('POST', `/api/v1/events/${A}/ticket-sends/${await freshTicketSend()}/resend`),
        expect: managers(),
      },
      'GET /api/v1/intelligence/config': {
        call: () => get('/api/v1/intelligence/config'),
        expect: managers(),
      },
      'PUT /api/v1/intelligence/config': {
        // Based on the revision in force, so every authorized caller's save is accepted.
        call: async () =>
          json('PUT', '/api/v1/intelligence/config', {
            config: DEFAULT_CONFIG,
            baseRevision: (await loadConfig(pool.db)).revision,
          }),
        expect: managers(),
      },
      'POST /api/v1/intelligence/preview': {
        call: () => json('POST', '/api/v1/intelligence/preview', { config: DEFAULT_CONFIG }),
        expect: managers(),
      },
      // A sales user lists the leads routed to them (none here) and reads only those.
      'GET /api/v1/customers': {
        call: () => get('/api/v1/customers'),
        expect: { ...managers(), sales: 'ok' },
      },
      'GET /api/v1/customers/:id': {
        call: () => get(`/api/v1/customers/${customerId}`),
        expect: { ...managers(), sales: 404 },
      },
      // A fresh lead for each caller; the sales user's is routed to them (that they cannot move
      // another's lead is customers-intelligence.test.ts's, judged by the lead's stage).
      'POST /api/v1/customers/:id/stage': {
        call: async (credential) =>
          json(
            'POST',
            `/api/v1/customers/${await freshLead(credential === 'sales' ? salesId : null)}/stage`,
            { to: credential === 'sales' ? 'SAL' : 'MQL' },
          ),
        expect: { ...managers(), sales: 'ok' },
      },
      // Sales follow-up (routes/sales.ts; by outcome in sales.test.ts). Everyone's inbox is the
      // leads routed to them; only managers and team leads (none here) list assignees.
      'GET /api/v1/sales/inbox': { call: () => get('/api/v1/sales/inbox'), expect: anyUser() },
      'GET /api/v1/sales/assignees': {
        call: () => get('/api/v1/sales/assignees'),
        expect: managers(),
      },
      'POST /api/v1/customers/:id/return': {
        call: async (credential) =>
          json(
            'POST',
            `/api/v1/customers/${await freshLead(credential === 'sales' ? salesId : null)}/return`,
            { reason: 'no_budget', note: '矩阵' },
          ),
        expect: { ...managers(), sales: 'ok' },
      },
      // The sales user leads no team: even their own lead is not theirs to give away.
      'POST /api/v1/customers/:id/owner': {
        call: async (credential) =>
          json(
            'POST',
            `/api/v1/customers/${await freshLead(credential === 'sales' ? salesId : null)}/owner`,
            { to: salesId, why: '矩阵' },
          ),
        expect: { ...managers(), sales: 403 },
      },
      'GET /api/v1/customers/:id/tasks': {
        call: () => get(`/api/v1/customers/${customerId}/tasks`),
        expect: { ...managers(), sales: 404 },
      },
      'POST /api/v1/customers/:id/tasks': {
        call: async () =>
          json('POST', `/api/v1/customers/${await freshLead(salesId)}/tasks`, {
            title: '矩阵',
            dueAt: Date.now(),
          }),
        expect: anyUser(),
      },
      'PATCH /api/v1/tasks/:id': {
        call: async () =>
          json('PATCH', `/api/v1/tasks/${await freshTask(salesId)}`, { done: true }),
        expect: anyUser(),
      },
      'PUT /api/v1/customers/:id/tags': {
        call: () => json('PUT', `/api/v1/customers/${customerId}/tags`, { manual: ['矩阵'] }),
        expect: managers(),
      },
      // Destructive: a fresh customer for each caller.
      'POST /api/v1/customers/:id/erase': {
        call: async () => json('POST', `/api/v1/customers/${await freshLead(null)}/erase`),
        expect: adminOnly(),
      },
      // The customers list (issue 13): counts and segment counts are scoped for sales by the
      // route itself (customers-list.test.ts); saving segments and exports are marketing's.
      'GET /api/v1/customers/count': {
        call: () => get('/api/v1/customers/count'),
        expect: anyUser(),
      },
      'GET /api/v1/customers/export.csv': {
        call: () => get('/api/v1/customers/export.csv'),
        expect: managers(),
      },
      'GET /api/v1/customers/export.xlsx': {
        call: () => get('/api/v1/customers/export.xlsx'),
        expect: managers(),
      },
      'GET /api/v1/segments': { call: () => get('/api/v1/segments'), expect: anyUser() },
      'POST /api/v1/segments': {
        call: () => json('POST', '/api/v1/segments', { name: `矩阵 ${newId()}`, filter: {} }),
        expect: managers(),
      },
      'PUT /api/v1/segments/:id': {
        call: async () =>
          json('PUT', `/api/v1/segments/${await freshSegment()}`, {
            name: `矩阵 ${newId()}`,
            filter: { grade: 'A' },
          }),
        expect: managers(),
      },
      'DELETE /api/v1/segments/:id': {
        call: async () => json('DELETE', `/api/v1/segments/${await freshSegment()}`),
        expect: managers(),
      },
      'GET /api/v1/crm-mappings': { call: () => get('/api/v1/crm-mappings'), expect: managers() },
      'POST /api/v1/crm-mappings': {
        call: () =>
          json('POST', '/api/v1/crm-mappings', {
            name: `矩阵 ${newId()}`,
            columns: [{ header: 'Email', field: 'email' }],
          }),
        expect: managers(),
      },
      'PUT /api/v1/crm-mappings/:id': {
        call: async () =>
          json('PUT', `/api/v1/crm-mappings/${await freshCrmMapping()}`, {
            name: `矩阵 ${newId()}`,
            columns: [{ header: 'Phone', field: 'phone' }],
          }),
        expect: managers(),
      },
      'DELETE /api/v1/crm-mappings/:id': {
        call: async () => json('DELETE', `/api/v1/crm-mappings/${await freshCrmMapping()}`),
        expect: managers(),
      },
      'GET /api/v1/segments/:id/export.csv': {
        call: async () => get(`/api/v1/segments/${await freshSegment()}/export.csv`),
        expect: managers(),
      },
      'GET /api/v1/segments/:id/export.xlsx': {
        call: async () => get(`/api/v1/segments/${await freshSegment()}/export.xlsx`),
        expect: managers(),
      },
      'GET /api/v1/events/roi': { call: () => get('/api/v1/events/roi'), expect: managers() },
      'GET /api/v1/events/:id/roi': {
        call: () => get(`/api/v1/events/${A}/roi`),
        expect: managers(),
      },
      'GET /api/v1/events/dashboard': {
        call: () => get(`/api/v1/events/dashboard?ids=${A}`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/dashboard': {
        call: () => get(`/api/v1/events/${A}/dashboard?tz=Asia/Shanghai`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/export.csv': {
        call: () => get(`/api/v1/events/${A}/export.csv`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/export.xlsx': {
        call: () => get(`/api/v1/events/${A}/export.xlsx`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/assets': {
        call: () => get(`/api/v1/events/${A}/assets`),
        expect: managers(),
      },
      'GET /api/v1/events/:id/assets/:assetId/file': {
        call: () => get(`/api/v1/events/${A}/assets/${assetId}/file`),
        expect: managers(),
      },
      'DELETE /api/v1/events/:id/assets/:assetId': {
        call: async () =>
          json(
            'DELETE',
            `/api/v1/events/${A}/assets/${(await uploadedAsset(pool, A, 'Spare', newId())).id}`,
          ),
        expect: managers(),
      },
      'GET /api/v1/mail/outbox': { call: () => get('/api/v1/mail/outbox'), expect: managers() },
      'POST /api/v1/events/:id/attendees/import': {
        call: () => ({
          method: 'POST',
          path: `/api/v1/events/${A}/attendees/import`,
          body: `name,phone\n导入${newId().slice(-6)},1380013${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}\n`,
          contentType: 'text/csv',
        }),
        expect: managers(),
      },
      'POST /api/v1/events/:id/assets': {
        call: () => ({
          method: 'POST',
          path: `/api/v1/events/${A}/assets?title=${encodeURIComponent('上传')}`,
          body: pdfBytes(newId()),
          contentType: 'application/pdf',
        }),
        expect: managers(),
      },
      'POST /api/v1/events/:id/attendees/preview': {
        call: () => ({
          method: 'POST',
          path: `/api/v1/events/${A}/attendees/preview`,
          body: '姓名,手机\n预览,13800138000\n',
          contentType: 'text/csv',
        }),
        expect: managers(),
      },
      'GET /api/v1/events/:id/draws': {
        call: () => get(`/api/v1/events/${A}/draws`),
        expect: managers(),
      },
      // No draw was run in the scene: an authorized caller is told there is no such audit.
      'GET /api/v1/events/:id/draws/:drawId/audit': {
        call: () => get(`/api/v1/events/${A}/draws/${newId()}/audit`),
        expect: managers(404),
      },
      // The phone page: only a booth token of an enrolled, unrevoked device opens it.
      'POST /m/api/context': {
        call: (credential) => json('POST', '/m/api/context', boothBody(credential)),
        expect: { ...everyone(401), booth: 'ok' },
      },
      'POST /m/api/submit': {
        call: (credential) =>
          json(
            'POST',
            '/m/api/submit',
            boothBody(credential, {
              fields: { name: '访客', phone: '13700137000' },
              consent: { granted: true, version: 'v3' },
              requests: { contentIds: [], drawIds: [], demo: false, trial: false },
            }),
          ),
        expect: { ...everyone(401), booth: 'ok' },
      },
      'GET /m/assets/:file': { call: () => get('/m/assets/page-1.js'), expect: everyone('ok') },
      'GET /m/:eventId': { call: () => get(`/m/${A}`), expect: everyone('ok') },
      // The registration page is public; a registration is answered with its ticket page.
      'GET /r/:eventId': { call: () => get(`/r/${A}?c=partner`), expect: everyone('ok') },
      'POST /r/:eventId': {
        call: () => ({
          method: 'POST',
          path: `/r/${A}`,
          body: `name=${encodeURIComponent('访客')}&phone=13700137002&consent=yes&consentVersion=v3`,
          contentType: 'application/x-www-form-urlencoded',
          noFollow: true,
        }),
        expect: everyone(303),
      },
      // The ticket is the credential of its holder's page, whoever else the caller is.
      'GET /t/:eventId': {
        call: async () => get(await registeredTicket()),
        expect: everyone('ok'),
      },
      // The link's token is the credential: anyone holding the mail's link downloads.
      'GET /d/:token': { call: () => get(downloadPath), expect: everyone('ok') },
      'POST /api/v1/webhooks': {
        call: () =>
          json('POST', '/api/v1/webhooks', {
            url: 'https://crm.example.com/leadpond',
            events: ['customer.created'],
          }),
        expect: adminOnly(),
      },
      'GET /api/v1/webhooks': { call: () => get('/api/v1/webhooks'), expect: adminOnly() },
      'DELETE /api/v1/webhooks/:id': {
        call: async () => json('DELETE', `/api/v1/webhooks/${await freshWebhook()}`),
        expect: adminOnly(),
      },
      'POST /api/v1/webhooks/:id/rotate': {
        call: async () => json('POST', `/api/v1/webhooks/${await freshWebhook()}/rotate`),
        expect: adminOnly(),
      },
      'POST /api/v1/webhooks/:id/enable': {
        call: async () => json('POST', `/api/v1/webhooks/${await freshWebhook()}/enable`),
        expect: adminOnly(),
      },
      'GET /api/v1/webhooks/:id/deliveries': {
        call: async () => get(`/api/v1/webhooks/${await freshWebhook()}/deliveries`),
        expect: adminOnly(),
      },
      'POST /api/v1/webhooks/:id/messages/:messageId/replay': {
        // No such message: only an admin learns that.
        call: async () =>
          json('POST', `/api/v1/webhooks/${await freshWebhook()}/messages/msg_none/replay`),
        expect: { ...adminOnly(), admin: 404 },
      },
    };
  });
  afterAll(async () => {
    await pool.close();
  });

  async function perform(call: Call, credential: Credential): Promise<number> {
    const token = tokens[credential];
    const controller = new AbortController();
    const response = await fetch(`${pool.url}${call.path}`, {
      method: call.method,
      headers: {
        ...(token === null ? {} : bearer(token)),
        ...(call.contentType ? { 'content-type': call.contentType } : {}),
        ...call.headers,
      },
      ...(call.body === undefined ? {} : { body: call.body }),
      signal: controller.signal,
      ...(call.noFollow ? { redirect: 'manual' as const } : {}),
    });
    if (call.stream) controller.abort();
    else await response.arrayBuffer();
    return response.status;
  }

  const matches = (outcome: Outcome, status: number) =>
    outcome === 'ok' ? status >= 200 && status < 300 : status === outcome;

  it('has a rule for every registered route, and no rule for a route that is gone', () => {
    const registered = pool.routes.map((route) => `${route.method} ${route.url}`);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.filter((route) => !(route in rules))).toEqual([]);
    expect(Object.keys(rules).filter((route) => !registered.includes(route))).toEqual([]);
  });

  it('answers every route as its rule says, for every credential', async () => {
    const mismatches: string[] = [];
    for (const { method, url } of pool.routes) {
      const rule = rules[`${method} ${url}`];
      if (!rule) continue;
      for (const credential of CREDENTIALS) {
        const status = await perform(await rule.call(credential), credential);
        if (!matches(rule.expect[credential], status)) {
          mismatches.push(
            `${method} ${url} as ${credential}: expected ${rule.expect[credential]}, got ${status}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a device of event A is refused on event B, and B keeps its data', async () => {
    const { eventB, deviceA } = scene;
    const B = eventB.id;
    const theirs = personOf(B, { name: '乙方', phone: '13800138999' });
    expect((await push(pool, scene.deviceB, 'people', [theirs])).statusCode).toBe(200);
    for (const path of [
      `/api/v1/events/${B}/export.csv`,
      `/api/v1/sync/people/pull?eventId=${B}`,
      `/api/v1/events/${B}/tickets`,
      `/api/v1/events/${B}/ticket-sends`,
      `/api/v1/events/${B}/registration`,
      `/api/v1/events/${B}`,
    ]) {
      const response = await pool.app.inject({ url: path, headers: bearer(deviceA) });
      expect(response.statusCode, path).toBe(403);
      expect(response.body).not.toContain('乙方');
    }
    const intrusion = { ...theirs, name: '被改名' };
    // Refused row by row: the push is answered, nothing of it is stored.
    expect((await push(pool, deviceA, 'people', [intrusion])).statusCode).toBe(200);
    const [row] = await pool.db.query<{ name: string }>(
      `select data->>'name' as name from documents where collection = 'people' and id = $1`,
      [theirs.id],
    );
    expect(row?.name).toBe('乙方');
  });
});
