import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLanBridge } from './bridge';
import { createLanController, type LanController } from './controller';
import { LOOPBACK } from './interfaces';
import { createWebBridgeServer, WEB_BRIDGE_PATHS } from './web-bridge';

const SECRET = 'bridge-secret-0123456789abcdef';
const VISITOR = 'v'.repeat(22);
let server: Server;
let controller: LanController;
let dir: string;

async function start() {
  dir = await mkdtemp(join(tmpdir(), 'lan-web-'));
  const bridge = createLanBridge({ timeoutMs: 2_000 });
  controller = createLanController({ bridge, root: dir, listInterfaces: () => [LOOPBACK] });
  server = createWebBridgeServer({ bridge, controller, secret: SECRET });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await controller?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${SECRET}` };

describe('web-mode LAN bridge', () => {
  it('wants the secret and a loopback origin', async () => {
    const base = await start();
    expect((await fetch(`${base}${WEB_BRIDGE_PATHS.status}`)).status).toBe(401);
    const wrong = { authorization: `Bearer ${SECRET.slice(1)}x` };
    expect((await fetch(`${base}${WEB_BRIDGE_PATHS.status}`, { headers: wrong })).status).toBe(401);
    const evil = await fetch(`${base}${WEB_BRIDGE_PATHS.status}`, {
      headers: { ...auth, origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    const ok = await fetch(`${base}${WEB_BRIDGE_PATHS.status}`, {
      headers: { ...auth, origin: 'http://127.0.0.1:5173' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(await ok.json()).toMatchObject({ running: false, bridged: false });
  });

  it('starts the LAN server, streams a phone’s request to the page and returns its answer', async () => {
    const base = await start();
    const started = await fetch(`${base}${WEB_BRIDGE_PATHS.start}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ address: '127.0.0.1', port: 0 }),
    });
    const status = (await started.json()) as { running: boolean; url: string };
    expect(status.running).toBe(true);

    // The booth page's side: an event stream of requests (access_token: EventSource has no headers).
    const stream = await fetch(`${base}${WEB_BRIDGE_PATHS.requests}?access_token=${SECRET}`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await expect.poll(async () => (await controller.status()).bridged).toBe(true);

    const phone = fetch(`${status.url}/m/api/context`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boothToken: 'x.y', visitorToken: VISITOR }),
    });
    let text = '';
    while (!text.includes('"kind":"context"')) text += (await reader.read()).value ?? '';
    const request = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf('data: {')))![1]!) as {
      id: string;
    };
    const answered = await fetch(`${base}${WEB_BRIDGE_PATHS.answers}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: request.id,
        result: { ok: false, error: { code: 'booth_token_invalid', message: 'scan again' } },
      }),
    });
    expect(answered.status).toBe(200);
    const response = await phone;
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'booth_token_invalid' } });
    // The same answer twice is refused: the request is settled.
    const again = await fetch(`${base}${WEB_BRIDGE_PATHS.answers}`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: request.id, result: { ok: true, value: {} } }),
    });
    expect(again.status).toBe(400);
    await reader.cancel();
    await expect.poll(async () => (await controller.status()).bridged).toBe(false);
  });
});
