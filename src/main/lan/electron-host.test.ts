import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronLanHost, type ElectronLanHost } from './electron-host';
import { LOOPBACK } from './interfaces';

vi.mock('electron', () => ({}));

const VISITOR = 'v'.repeat(22);
let host: ElectronLanHost;
let dir: string;

afterEach(async () => {
  await host?.controller.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('LAN server in the Electron main process', () => {
  it('sends phones’ requests to the staff window and takes answers from it only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lan-electron-'));
    const sent: { channel: string; payload: { id: string } }[] = [];
    const staff = {
      isDestroyed: () => false,
      send: (channel: string, payload: { id: string }) => sent.push({ channel, payload }),
    };
    const kiosk = { isDestroyed: () => false, send: vi.fn() };
    host = createElectronLanHost({
      staffContents: () => staff,
      root: dir,
      listInterfaces: () => [LOOPBACK],
      timeoutMs: 5_000,
    });
    const fromStaff = { sender: staff } as never;
    const fromKiosk = { sender: kiosk } as never;
    await expect(
      host.handlers['lan:start']({ address: '127.0.0.1', port: 0 }, fromKiosk),
    ).rejects.toThrow(/staff window/);
    const status = await host.handlers['lan:start']({ address: '127.0.0.1', port: 0 }, fromStaff);
    expect(status.running).toBe(true);

    const phone = fetch(`${status.url}/m/api/context`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boothToken: 'a.b', visitorToken: VISITOR }),
    });
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toMatchObject({ channel: 'lan:request', payload: { kind: 'context' } });
    const answer = {
      id: sent[0]!.payload.id,
      result: { ok: false as const, error: { code: 'booth_token_expired' as const, message: 'x' } },
    };
    expect(await host.handlers['lan:answer'](answer, fromKiosk)).toEqual({ accepted: false });
    expect(await host.handlers['lan:answer'](answer, fromStaff)).toEqual({ accepted: true });
    expect((await phone).status).toBe(410);
    expect(kiosk.send).not.toHaveBeenCalled();
    expect((await host.handlers['lan:stop']({}, fromStaff)).running).toBe(false);
  });
});
