import type {
  BrowserWindow as BrowserWindowType,
  BrowserWindowConstructorOptions,
  Display,
  Shell,
} from 'electron';
import { hardenedWebPreferences } from './security/web-preferences';
import { lockNavigation } from './security/navigation';
import { APP_ORIGIN } from './security/origin';

export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  shell: Pick<Shell, 'openExternal'>;
  preloadPath: string;
}

export const STAFF_URL = `${APP_ORIGIN}/index.html`;
/** The kiosk window carries `?kiosk=window`: the renderer treats it as locked until the PIN. */
export const KIOSK_URL = `${APP_ORIGIN}/index.html?kiosk=window#/kiosk`;

function create(
  deps: WindowDeps,
  options: BrowserWindowConstructorOptions,
  url: string,
): BrowserWindowType {
  const window = new deps.BrowserWindow({
    ...options,
    show: false,
    webPreferences: hardenedWebPreferences(deps.preloadPath),
  });
  lockNavigation(window.webContents, deps.shell);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}

export function createStaffWindow(deps: WindowDeps): BrowserWindowType {
  return create(
    deps,
    { width: 1280, height: 820, minWidth: 900, minHeight: 600, title: 'Leadpond' },
    STAFF_URL,
  );
}

/** A lucky draw's big screen (DESIGN.md "Lucky draws"): the renderer's `#/draw/:id` route. */
export function drawScreenUrl(drawId: string): string {
  return `${APP_ORIGIN}/index.html#/draw/${encodeURIComponent(drawId)}`;
}

/** The projector window: full-screen on the chosen display, closed like any window. */
export function createDrawScreenWindow(
  deps: WindowDeps,
  display: Display,
  drawId: string,
): BrowserWindowType {
  const { x, y, width, height } = display.bounds;
  return create(
    deps,
    { x, y, width, height, fullscreen: true, title: 'Leadpond Draw' },
    drawScreenUrl(drawId),
  );
}

/**
 * The attendee kiosk: full-screen on the chosen display (the second screen facing the queue).
 * It can only be closed through `kiosk:close`, which the renderer calls after the staff PIN.
 */
export function createKioskWindow(
  deps: WindowDeps,
  display: Display,
): { window: BrowserWindowType; allowClose(): void } {
  let closable = false;
  const { x, y, width, height } = display.bounds;
  const window = create(
    deps,
    { x, y, width, height, fullscreen: true, kiosk: true, frame: false, title: 'Leadpond Kiosk' },
    KIOSK_URL,
  );
  window.on('close', (event) => {
    if (!closable) event.preventDefault();
  });
  return {
    window,
    allowClose: () => {
      closable = true;
    },
  };
}
