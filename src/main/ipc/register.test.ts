import { describe, expect, it, vi } from 'vitest';
import { IPC_CONTRACT } from '../../shared/ipc/contract';
import { registerHandlers, type IpcHandlers } from './register';

vi.mock('electron', () => ({}));

const LAN_STOPPED = {
  running: false,
  address: null,
  port: 8788,
  url: null,
  bridged: false,
  error: null,
};

function setup() {
  const routes = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) =>
      routes.set(channel, fn),
  };
  const handlers = {
    'export:save': vi.fn(async () => ({ saved: true, location: '/tmp/x.csv' })),
    'display:list': vi.fn(async () => []),
    'kiosk:open': vi.fn(async () => ({ opened: true })),
    'kiosk:close': vi.fn(async () => ({ closed: true })),
    'backup:write': vi.fn(async () => {
      throw new Error('disk full at /secret/path');
    }),
    'backup:clear': vi.fn(async () => ({ removed: 0 })),
    'app:info': vi.fn(async () => ({ version: '1', platform: 'linux' })),
    'token:save': vi.fn(async () => ({ saved: true })),
    'token:load': vi.fn(async () => ({ token: null })),
    'token:clear': vi.fn(async () => ({ cleared: true })),
    'lan:interfaces': vi.fn(async () => []),
    'lan:status': vi.fn(async () => LAN_STOPPED),
    'lan:start': vi.fn(async () => LAN_STOPPED),
    'lan:stop': vi.fn(async () => LAN_STOPPED),
    'lan:answer': vi.fn(async () => ({ accepted: true })),
    'draw:openScreen': vi.fn(async () => ({ opened: true })),
  } satisfies IpcHandlers;
  registerHandlers(ipcMain as never, IPC_CONTRACT, handlers);
  const fromApp = { senderFrame: { url: 'app://leadpond/index.html' } };
  return { routes, handlers, fromApp };
}

describe('IPC registration', () => {
  it('registers every channel of the contract', () => {
    expect([...setup().routes.keys()].sort()).toEqual(Object.keys(IPC_CONTRACT).sort());
  });

  it('answers a valid request from the app', async () => {
    const { routes, handlers, fromApp } = setup();
    const bytes = new Uint8Array([1, 2, 3]);
    const answer = await routes.get('export:save')?.(fromApp, {
      suggestedName: '展会-leads.csv',
      mime: 'text/csv',
      bytes,
    });
    expect(answer).toEqual({ saved: true, location: '/tmp/x.csv' });
    expect(handlers['export:save']).toHaveBeenCalledWith(
      { suggestedName: '展会-leads.csv', mime: 'text/csv', bytes },
      fromApp,
    );
  });

  it('refuses senders that are not the app', async () => {
    const { routes, handlers } = setup();
    for (const sender of [
      { senderFrame: { url: 'https://evil.example/' } },
      { senderFrame: null },
      {},
    ]) {
      expect(await routes.get('kiosk:open')?.(sender, {})).toMatchObject({
        error: { code: 'forbidden' },
      });
    }
    expect(handlers['kiosk:open']).not.toHaveBeenCalled();
  });

  it('rejects invalid payloads with a typed error and never calls the handler', async () => {
    const { routes, handlers, fromApp } = setup();
    for (const payload of [
      { suggestedName: '../../etc/passwd', mime: 'text/csv', bytes: new Uint8Array() },
      { suggestedName: 'a.csv', mime: 'text/csv', bytes: 'not bytes' },
      { suggestedName: 'a.csv', mime: 'text/csv', bytes: new Uint8Array(), extra: true },
      'garbage',
      null,
    ]) {
      expect(await routes.get('export:save')?.(fromApp, payload)).toMatchObject({
        error: { code: 'invalid_request' },
      });
    }
    expect(await routes.get('kiosk:open')?.(fromApp, { displayId: 'x' })).toMatchObject({
      error: { code: 'invalid_request' },
    });
    expect(handlers['export:save']).not.toHaveBeenCalled();
  });

  it('accepts only a plausible device token and never echoes it in the error', async () => {
    const { routes, handlers, fromApp } = setup();
    const secret = 'lpd_0123456789abcdefghijklmnopqrstuvwxyz';
    for (const payload of [{}, { token: 'short' }, { token: `${secret} with space` }]) {
      const answer = await routes.get('token:save')?.(fromApp, payload);
      expect(answer).toMatchObject({ error: { code: 'invalid_request' } });
      expect(JSON.stringify(answer)).not.toContain(secret);
    }
    expect(handlers['token:save']).not.toHaveBeenCalled();
    expect(await routes.get('token:save')?.(fromApp, { token: secret })).toEqual({ saved: true });
    expect(
      await routes.get('token:load')?.({ senderFrame: { url: 'https://evil/' } }, {}),
    ).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('turns a handler failure into a typed error without details', async () => {
    const { routes, fromApp } = setup();
    const answer = await routes.get('backup:write')?.(fromApp, { json: '{}' });
    expect(answer).toEqual({ error: { code: 'failed', message: 'backup:write failed' } });
  });

  it('lets the LAN server bind only to an IPv4 address and takes only well-formed answers', async () => {
    const { routes, handlers, fromApp } = setup();
    for (const payload of [{ address: '0.0.0.0.0' }, { address: 'example.com' }, { port: 80 }]) {
      expect(await routes.get('lan:start')?.(fromApp, payload)).toMatchObject({
        error: { code: 'invalid_request' },
      });
    }
    expect(await routes.get('lan:start')?.(fromApp, { address: '192.168.1.5' })).toEqual(
      LAN_STOPPED,
    );
    for (const payload of [
      { id: 'abcdefgh', result: { ok: 'yes' } },
      { id: '../../x', result: { ok: true, value: 1 } },
      { id: 'abcdefgh', result: { ok: true, value: 1 }, extra: 1 },
    ]) {
      expect(await routes.get('lan:answer')?.(fromApp, payload)).toMatchObject({
        error: { code: 'invalid_request' },
      });
    }
    expect(handlers['lan:answer']).not.toHaveBeenCalled();
  });
});
