import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTHING_DONE, type AttendeeContext } from '../../shared/attendee/protocol';
import type { LanBridgeRequest } from '../../shared/attendee/lan-bridge';
import { createLanBridge, type LanBridge } from './bridge';
import { createLanController, type LanController } from './controller';
import { lanInterfaces, LOOPBACK } from './interfaces';

const EVENT_ID = '0192f0a4-1c2b-7d3e-8f40-123456789abc';
const VISITOR = 'v'.repeat(22);
const CONTEXT: AttendeeContext = {
  event: { id: EVENT_ID, name: '工博会', consentText: '同意', consentVersion: 'v3' },
  ask: ['name', 'phone'],
  required: ['name', 'phone'],
  recognized: false,
  assets: [],
  draws: [],
  done: NOTHING_DONE,
  servedBy: 'booth',
};

let dir: string;
let root: string;
let bridge: LanBridge;
let controller: LanController;
let base: string;
let seen: LanBridgeRequest[];

async function startWith(
  answer: ((request: LanBridgeRequest) => unknown) | null,
  extra: { perMinute?: number } = {},
) {
  bridge = createLanBridge({ timeoutMs: 200 });
  seen = [];
  if (answer) {
    bridge.connect((request) => {
      seen.push(request);
      const reply = answer(request);
      if (reply !== undefined) setTimeout(() => bridge.answer(reply), 1);
      return true;
    });
  }
  controller = createLanController({
    bridge,
    root,
    listInterfaces: () => [LOOPBACK],
    ...extra,
  });
  const status = await controller.start({ address: '127.0.0.1', port: 0 });
  expect(status).toMatchObject({ running: true, address: '127.0.0.1', error: null });
  base = status.url ?? '';
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const contextBody = JSON.stringify({ boothToken: 'abc.def', visitorToken: VISITOR });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lan-'));
  root = join(dir, 'dist-attendee');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>m</title>');
  await writeFile(join(root, 'assets', 'page-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'the device token');
});

afterEach(async () => {
  await controller?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('booth LAN server', () => {
  it('serves the page under /m/ only, with security headers', async () => {
    await startWith(null);
    const page = await fetch(`${base}/m/${EVENT_ID}?b=token`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>m</title>');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const script = await fetch(`${base}/m/assets/page-abc123.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/', '/index.html', '/api/v1/health', '/m/nope.js', '/m/not-an-event']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it('never serves a file outside its folder', async () => {
    await symlink(join(dir, 'secret.txt'), join(root, 'link.txt'));
    await startWith(null);
    for (const path of [
      '/m/../secret.txt',
      '/m/%2e%2e/secret.txt',
      '/m/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/m/..%5csecret.txt',
      '/m/link.txt',
      '/m/%00',
    ]) {
      const status = await rawGet(path);
      expect(status, path).toBe(404);
    }
  });

  it('refuses wrong methods, non-JSON, oversized and invalid bodies before the bridge', async () => {
    await startWith(() => undefined);
    expect((await fetch(`${base}/m/api/context`)).status).toBe(405);
    expect((await fetch(`${base}/m/${EVENT_ID}`, { method: 'POST' })).status).toBe(405);
    const text = await post('/m/api/context', contextBody, { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    const big = await post('/m/api/submit', JSON.stringify({ pad: 'x'.repeat(20_000) }));
    expect(big.status).toBe(413);
    const garbage = await post('/m/api/context', '{"boothToken":');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: 'invalid_input' } });
    const invalid = await post('/m/api/context', JSON.stringify({ boothToken: 1 }));
    expect(invalid.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('forwards a valid request over the bridge and answers with the renderer’s result', async () => {
    await startWith((request) => ({ id: request.id, result: { ok: true, value: CONTEXT } }));
    const answer = await post('/m/api/context', contextBody);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.json()).toEqual(CONTEXT);
    expect(seen).toEqual([
      {
        id: expect.any(String),
        kind: 'context',
        body: { boothToken: 'abc.def', visitorToken: VISITOR },
      },
    ]);
  });

  it('maps the renderer’s typed errors to the protocol’s statuses', async () => {
    await startWith((request) => ({
      id: request.id,
      result: { ok: false, error: { code: 'booth_token_expired', message: 'scan again' } },
    }));
    const answer = await post('/m/api/context', contextBody);
    expect(answer.status).toBe(410);
    expect(await answer.json()).toEqual({
      error: { code: 'booth_token_expired', message: 'scan again' },
    });
  });

  it('answers 503 unavailable when no renderer is connected, none answers, or the answer is malformed', async () => {
    await startWith(null);
    const none = await post('/m/api/context', contextBody);
    expect(none.status).toBe(503);
    expect(await none.json()).toMatchObject({ error: { code: 'unavailable' } });
    await controller.stop();

    await startWith(() => undefined);
    expect((await post('/m/api/context', contextBody)).status).toBe(503);
    await controller.stop();

    // A value of the wrong shape (someone else's data, a leak of internals) never reaches a phone.
    await startWith((request) => ({
      id: request.id,
      result: { ok: true, value: { ...CONTEXT, people: [{ name: '别人' }], ask: 'everything' } },
    }));
    const bad = await post('/m/api/context', contextBody);
    expect(bad.status).toBe(503);
    expect(JSON.stringify(await bad.json())).not.toContain('别人');
  });

  it('limits requests per address', async () => {
    await startWith(null, { perMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${base}/m/${EVENT_ID}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('binds only to an interface of this computer and reports why a start failed', async () => {
    await startWith(null);
    const taken = Number(new URL(base).port);
    const other = createLanController({ bridge, root, listInterfaces: () => [LOOPBACK] });
    expect(await other.start({ address: '10.9.8.7' })).toMatchObject({
      running: false,
      error: expect.stringContaining('not an interface'),
    });
    expect(await other.start({ address: '127.0.0.1', port: taken })).toMatchObject({
      running: false,
      error: expect.stringContaining('EADDRINUSE'),
    });
    expect(await other.start({ address: 'localhost' })).toMatchObject({ running: false });
  });
});

describe('interfaces', () => {
  it('lists non-internal IPv4 addresses, loopback only when allowed', () => {
    const system = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      wlan0: [
        { address: '192.168.1.23', family: 'IPv4', internal: false },
        { address: 'fe80::1', family: 'IPv6', internal: false },
      ],
    } as unknown as Parameters<typeof lanInterfaces>[0];
    expect(lanInterfaces(system)).toEqual([
      { name: 'wlan0', address: '192.168.1.23', internal: false },
    ]);
    expect(lanInterfaces(system, { allowLoopback: true })).toHaveLength(2);
  });
});

/** fetch() normalizes dot segments away; a raw request sends the path as written. */
function rawGet(path: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
