import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { IPC_CONTRACT } from '../shared/ipc/contract';
import { clearBackups, writeBackup } from './backup';
import { registerHandlers, senderIsApp } from './ipc/register';
import { createElectronLanHost } from './lan/electron-host';
import { lanInterfaces } from './lan/interfaces';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './security/protocol';
import { applyPermissionPolicy } from './security/permissions';
import { APP_SCHEME } from './security/origin';
import { createTokenStore } from './token-store';
import {
  createDrawScreenWindow,
  createKioskWindow,
  createStaffWindow,
  type WindowDeps,
} from './windows';

// The composition root of the main process: windows, protocol, IPC, security. No business logic.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const rendererRoot = join(__dirname, '../renderer');
const deps: WindowDeps = {
  BrowserWindow,
  shell,
  preloadPath: join(__dirname, '../preload/index.cjs'),
};
let kiosk: ReturnType<typeof createKioskWindow> | null = null;
let staffWindow: BrowserWindow | null = null;

/** The pool credential is the staff window's business; the attendee-facing kiosk never gets it. */
function assertNotKiosk(event: IpcMainInvokeEvent): void {
  if (kiosk && !kiosk.window.isDestroyed() && event.sender === kiosk.window.webContents) {
    throw new Error('the kiosk window has no access to the device token');
  }
}

app.enableSandbox();

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
  applyPermissionPolicy(session.defaultSession);
  const backupDir = join(app.getPath('userData'), 'backups');
  // The booth LAN server for phones when the venue has no internet; started from Settings.
  const lan = createElectronLanHost({
    staffContents: () =>
      staffWindow && !staffWindow.isDestroyed() ? staffWindow.webContents : null,
    root: process.env.LEADPOND_ATTENDEE_ROOT ?? join(app.getAppPath(), 'dist-attendee'),
    listInterfaces: () =>
      lanInterfaces(networkInterfaces(), {
        allowLoopback: process.env.LEADPOND_BOOTH_LAN_LOOPBACK === '1',
      }),
    log: (m) => console.error(`[lan] ${m}`),
  });
  app.on('before-quit', () => {
    lan.bridge.failAll();
    void lan.controller.stop();
  });
  const tokens = createTokenStore({
    safeStorage,
    file: join(app.getPath('userData'), 'device-token.bin'),
    log: (m) => console.error(`[token] ${m}`),
  });
  registerHandlers(
    ipcMain,
    IPC_CONTRACT,
    {
      'export:save': async ({ suggestedName, bytes }) => {
        const result = await dialog.showSaveDialog({
          defaultPath: join(app.getPath('documents'), suggestedName),
        });
        if (result.canceled || !result.filePath) return { saved: false };
        await writeFile(result.filePath, bytes);
        return { saved: true, location: result.filePath };
      },
      'display:list': async () =>
        screen.getAllDisplays().map((d) => ({
          id: d.id,
          label: d.label || `${d.size.width}×${d.size.height}`,
          primary: d.id === screen.getPrimaryDisplay().id,
          width: d.size.width,
          height: d.size.height,
        })),
      'kiosk:open': async ({ displayId }) => {
        if (kiosk && !kiosk.window.isDestroyed()) return { opened: true };
        const displays = screen.getAllDisplays();
        const primary = screen.getPrimaryDisplay();
        // Default to a second display (facing the attendees) when there is one.
        const display =
          displays.find((d) => d.id === displayId) ??
          displays.find((d) => d.id !== primary.id) ??
          primary;
        kiosk = createKioskWindow(deps, display);
        return { opened: true };
      },
      'kiosk:close': async (_request, event) => {
        if (!kiosk || kiosk.window.isDestroyed() || event.sender !== kiosk.window.webContents)
          return { closed: false };
        kiosk.allowClose();
        kiosk.window.close();
        kiosk = null;
        return { closed: true };
      },
      'backup:write': async ({ json }) => ({ path: await writeBackup(backupDir, json) }),
      'backup:clear': async (_request, event) => {
        assertNotKiosk(event);
        return { removed: await clearBackups(backupDir) };
      },
      'app:info': async () => ({ version: app.getVersion(), platform: process.platform }),
      'token:save': async ({ token }, event) => {
        assertNotKiosk(event);
        await tokens.save(token);
        return { saved: true };
      },
      'token:load': async (_request, event) => {
        assertNotKiosk(event);
        return { token: await tokens.load() };
      },
      'draw:openScreen': async ({ drawId }, event) => {
        // The attendee-facing kiosk cannot put windows on the projector.
        assertNotKiosk(event);
        const primary = screen.getPrimaryDisplay();
        const display = screen.getAllDisplays().find((d) => d.id !== primary.id) ?? primary;
        createDrawScreenWindow(deps, display, drawId);
        return { opened: true };
      },
      'token:clear': async (_request, event) => {
        assertNotKiosk(event);
        await tokens.clear();
        return { cleared: true };
      },
      ...lan.handlers,
    },
    { isTrustedSender: senderIsApp, log: (m) => console.error(`[ipc] ${m}`) },
  );
  staffWindow = createStaffWindow(deps);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) staffWindow = createStaffWindow(deps);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
