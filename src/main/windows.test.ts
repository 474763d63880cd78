import { describe, expect, it, vi } from 'vitest';
import {
  createDrawScreenWindow,
  createKioskWindow,
  createStaffWindow,
  drawScreenUrl,
  KIOSK_URL,
  STAFF_URL,
} from './windows';

vi.mock('electron', () => ({}));

class FakeWindow {
  static created: FakeWindow[] = [];
  listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  loaded = '';
  webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
  constructor(readonly options: Record<string, unknown>) {
    FakeWindow.created.push(this);
  }
  on(name: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners.set(name, listener);
  }
  once() {}
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  tryClose() {
    let prevented = false;
    this.listeners.get('close')?.({ preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

const deps = {
  BrowserWindow: FakeWindow as never,
  shell: { openExternal: vi.fn() },
  preloadPath: '/app/preload/index.cjs',
};
const display = { id: 2, bounds: { x: 1920, y: 0, width: 1080, height: 1920 } } as never;

describe('windows', () => {
  it('staff window loads the app origin with hardened preferences and locked navigation', () => {
    createStaffWindow(deps);
    const window = FakeWindow.created.at(-1) as FakeWindow;
    expect(window.loaded).toBe(STAFF_URL);
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('kiosk fills the chosen display, is marked as kiosk, and closes only when allowed', () => {
    const kiosk = createKioskWindow(deps, display);
    const window = FakeWindow.created.at(-1) as FakeWindow;
    expect(window.options).toMatchObject({
      x: 1920,
      y: 0,
      width: 1080,
      height: 1920,
      fullscreen: true,
      kiosk: true,
    });
    expect(window.loaded).toBe(KIOSK_URL);
    expect(KIOSK_URL).toContain('kiosk=window');
    expect(window.tryClose()).toBe(false);
    kiosk.allowClose();
    expect(window.tryClose()).toBe(true);
  });

  it('draw big screen fills the chosen display at the draw route, hardened like every window', () => {
    const drawId = '01935f4e-0000-7000-8000-000000000001';
    createDrawScreenWindow(deps, display, drawId);
    const window = FakeWindow.created.at(-1) as FakeWindow;
    expect(window.loaded).toBe(drawScreenUrl(drawId));
    expect(window.loaded).toMatch(/^app:\/\/leadpond\/index\.html#\/draw\/01935f4e-/);
    expect(window.options).toMatchObject({
      x: 1920,
      y: 0,
      width: 1080,
      height: 1920,
      fullscreen: true,
    });
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
  });
});
