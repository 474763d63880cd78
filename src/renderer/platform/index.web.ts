import type {
  DisplayInfo,
  Platform,
  SaveFileRequest,
  SaveFileResult,
  TokenStore,
} from './index-types';
import { startAppShell } from './app-shell';
import { createWebBoothLan } from './booth-lan.web';

export const WEB_TOKEN_KEY = 'leadpond.deviceToken';

/**
 * Web mode's token store. Browsers offer no OS keychain to a web page, so the token lives in this
 * profile's localStorage under one clear key: anyone with the profile has the token. That is why
 * the pool can revoke a device, and why a revoked device wipes itself at its next contact.
 */
export function createWebTokenStore(storage: Storage = localStorage): TokenStore {
  return {
    async save(token) {
      storage.setItem(WEB_TOKEN_KEY, token);
    },
    async load() {
      return storage.getItem(WEB_TOKEN_KEY);
    },
    async clear() {
      storage.removeItem(WEB_TOKEN_KEY);
    },
  };
}

/**
 * Web mode: a service worker keeps the app's files offline, files go through the browser's
 * download, the kiosk runs in the same window.
 */
export const webPlatform: Platform = {
  kind: 'web',
  tokens: createWebTokenStore(),
  startAppShell() {
    return startAppShell({
      // Only secure origins (https, localhost) have one.
      container: 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
      // Set by vite.web.config.ts only, the build that emits the service worker.
      scriptUrl: import.meta.env.LEADPOND_SERVICE_WORKER,
      reload: () => window.location.reload(),
      log: (message, error) => console.warn(message, error),
    });
  },
  async saveFile({ suggestedName, mime, bytes }: SaveFileRequest): Promise<SaveFileResult> {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
    try {
      const link = document.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    } finally {
      // Let the download start before the URL goes away.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return { saved: true, location: suggestedName };
  },
  async listDisplays(): Promise<DisplayInfo[]> {
    return [{ id: 0, label: 'screen', primary: true, width: screen.width, height: screen.height }];
  },
  async openDrawScreen(drawId: string): Promise<boolean> {
    // The projector gets its own window: the staff keep the console in this one.
    window.open(`#/draw/${encodeURIComponent(drawId)}`, '_blank', 'noopener');
    return true;
  },
  async openKiosk(): Promise<boolean> {
    return false;
  },
  async closeKiosk(): Promise<boolean> {
    return false;
  },
  async writeBackup(): Promise<void> {
    // The browser's own storage is the only place web mode can keep data.
  },
  async clearBackups(): Promise<void> {
    // No backups outside the browser's storage in web mode.
  },
  // The LAN server of `npm run booth-lan`, when /config.json names it; lazy: no request at load.
  boothLan: createWebBoothLan({
    fetch: (...args) => window.fetch(...args),
    EventSource: typeof EventSource === 'undefined' ? (undefined as never) : EventSource,
    log: (message, error) => console.warn(message, error),
  }),
};
