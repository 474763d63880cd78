import { electronBoothLan } from './booth-lan.electron';
import type { Platform } from './index-types';

/** Electron: everything goes through the preload's typed, validated bridge. */
export const electronPlatform: Platform = {
  kind: 'electron',
  // The app's files come from the app:// protocol, network or not: no service worker.
  async startAppShell() {
    return 'ready';
  },
  // Main keeps the token encrypted with safeStorage (src/main/token-store.ts).
  tokens: {
    async save(token) {
      await window.leadpond.saveToken({ token });
    },
    async load() {
      return (await window.leadpond.loadToken()).token;
    },
    async clear() {
      await window.leadpond.clearToken();
    },
  },
  async saveFile(request) {
    return window.leadpond.saveExport(request);
  },
  async openDrawScreen(drawId) {
    return (await window.leadpond.openDrawScreen({ drawId })).opened;
  },
  async listDisplays() {
    return window.leadpond.listDisplays();
  },
  async openKiosk(displayId) {
    const result = await window.leadpond.openKiosk(displayId === undefined ? {} : { displayId });
    return result.opened;
  },
  async closeKiosk() {
    const result = await window.leadpond.closeKiosk();
    return result.closed;
  },
  async writeBackup(json) {
    await window.leadpond.writeBackup({ json });
  },
  async clearBackups() {
    await window.leadpond.clearBackups();
  },
  boothLan: electronBoothLan,
};
