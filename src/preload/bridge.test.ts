import { describe, expect, it, vi } from 'vitest';
import { buildBridge } from './bridge';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, _payload?: unknown) =>
  channel === 'kiosk:open' ? { opened: true } : { error: { code: 'failed', message: 'nope' } },
);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => invoke(channel, payload),
    send: vi.fn(),
    on: vi.fn(),
  },
}));

describe('preload bridge', () => {
  it('exposes only named methods as window.leadpond — no ipcRenderer, invoke, require or process', async () => {
    await import('./index');
    const api = exposed.leadpond as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['leadpond']);
    expect(Object.keys(api).sort()).toEqual([
      'answerLanRequest',
      'appInfo',
      'clearBackups',
      'clearToken',
      'closeKiosk',
      'lanInterfaces',
      'lanStatus',
      'listDisplays',
      'loadToken',
      'onLanRequest',
      'openDrawScreen',
      'openKiosk',
      'saveExport',
      'saveToken',
      'startLan',
      'stopLan',
      'writeBackup',
    ]);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('validates a request before it reaches main', async () => {
    invoke.mockClear();
    const bridge = buildBridge({ invoke } as never);
    await expect(
      bridge.saveExport({ suggestedName: 'a/b.csv', mime: 'text/csv', bytes: new Uint8Array() }),
    ).rejects.toThrow(/forbidden characters/);
    await expect(bridge.openKiosk({ displayId: 1.5 })).rejects.toThrow();
    await expect(bridge.openDrawScreen({ drawId: '../../etc/passwd' })).rejects.toThrow();
    expect(invoke).not.toHaveBeenCalled();
    await expect(bridge.openKiosk({ displayId: 2 })).resolves.toEqual({ opened: true });
    expect(invoke).toHaveBeenCalledWith('kiosk:open', { displayId: 2 });
  });

  it('turns a typed error from main into a rejected promise', async () => {
    const bridge = buildBridge({ invoke } as never);
    await expect(bridge.appInfo()).rejects.toThrow('nope');
  });

  it('hands the page only valid LAN requests pushed by main, and unsubscribes', () => {
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const ipc = {
      invoke,
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) =>
        listeners.set(channel, fn),
      removeListener: (channel: string) => listeners.delete(channel),
    };
    const bridge = buildBridge(ipc as never);
    const seen: unknown[] = [];
    const stop = bridge.onLanRequest((request) => seen.push(request));
    const relay = listeners.get('lan:request')!;
    const valid = {
      id: 'abcdefgh1234',
      kind: 'context',
      body: { boothToken: 'a.b', visitorToken: 'v'.repeat(22) },
    };
    relay({}, valid);
    relay({}, { ...valid, kind: 'drop_tables' });
    relay({}, { ...valid, body: { boothToken: 'a.b', visitorToken: 'short' } });
    relay({}, 'garbage');
    expect(seen).toEqual([valid]);
    stop();
    expect(listeners.has('lan:request')).toBe(false);
  });

  it('checks a LAN answer and a start request before they reach main', async () => {
    invoke.mockClear();
    const bridge = buildBridge({ invoke } as never);
    await expect(bridge.startLan({ address: 'evil.example' })).rejects.toThrow();
    await expect(
      bridge.answerLanRequest({ id: 'x', result: { ok: true, value: 1 } } as never),
    ).rejects.toThrow();
    expect(invoke).not.toHaveBeenCalled();
  });
});
