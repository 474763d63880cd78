import type { LanInterface, LanStartRequest, LanStatus } from '../../shared/attendee/lan-bridge';
import type { AttendeeBackend } from '../../shared/attendee/protocol';

/**
 * The few capabilities that differ between the Electron app and web mode. One interface, one
 * implementation per platform (index.electron.ts, index.web.ts), chosen once at start-up.
 */
export interface SaveFileRequest {
  suggestedName: string;
  mime: string;
  bytes: Uint8Array;
}

export interface SaveFileResult {
  saved: boolean;
  /** Where the file went, when the platform knows (a path on disk in Electron). */
  location?: string;
}

export interface DisplayInfo {
  id: number;
  label: string;
  primary: boolean;
  width: number;
  height: number;
}

/**
 * Where the device token (the pool's bearer credential for this booth) is kept. Electron keeps it
 * encrypted with the OS keychain (safeStorage); web mode has no keychain and keeps it in the
 * browser profile. Only the token lives here: enrollment details are ordinary device settings.
 */
export interface TokenStore {
  save(token: string): Promise<void>;
  /** null when no token was saved, or it can no longer be decrypted. */
  load(): Promise<string | null>;
  clear(): Promise<void>;
}

export interface Platform {
  kind: 'electron' | 'web';
  tokens: TokenStore;
  /**
   * Keeps the app's own files (the page, lazily loaded chunks, wasm) loadable with no network.
   * Electron serves them from app:// and has nothing to do; web mode registers its service worker,
   * and when a newer build is waiting, switches to it now and answers 'reloading': stop starting.
   */
  startAppShell(): Promise<'ready' | 'reloading'>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  listDisplays(): Promise<DisplayInfo[]>;
  /**
   * Opens the kiosk full-screen on a display. Returns false when the platform has no separate
   * kiosk window (web mode): the caller then shows the kiosk in the current window.
   */
  openKiosk(displayId?: number): Promise<boolean>;
  /**
   * Opens a lucky draw's big screen (`#/draw/:id`) in a window of its own: full-screen on the
   * second display in Electron, a new tab or window in web mode.
   */
  openDrawScreen(drawId: string): Promise<boolean>;
  /** Closes the kiosk window after the staff PIN was checked; false when there is none. */
  closeKiosk(): Promise<boolean>;
  /** Keeps a periodic copy of the local store outside the browser storage (Electron only). */
  writeBackup(json: string): Promise<void>;
  /** Deletes the local backups (a revoked device wipes its data); no-op where there are none. */
  clearBackups(): Promise<void>;
  boothLan: BoothLan;
}

/**
 * The booth LAN server that serves the attendee mobile page to phones when the venue has no
 * internet (DESIGN.md "QR and scanning"). Electron runs it in the main process; web mode talks to
 * `npm run booth-lan` on 127.0.0.1. Phones' requests are answered by the renderer's backend.
 */
export interface BoothLan {
  /** false where no LAN server can run (web mode without `npm run booth-lan`). */
  available(): Promise<boolean>;
  interfaces(): Promise<LanInterface[]>;
  status(): Promise<LanStatus>;
  start(request: LanStartRequest): Promise<LanStatus>;
  stop(): Promise<LanStatus>;
  /** Makes `backend` the answerer of phones' requests; returns the function that stops it. */
  serve(backend: AttendeeBackend): () => void;
}
