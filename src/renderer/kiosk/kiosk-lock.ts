const LOCK_KEY = 'leadpond.kioskLock';

/**
 * Once staff open the kiosk on this screen it stays locked — across reloads and typed URLs —
 * until someone enters the staff PIN.
 */
export function isKioskLocked(): boolean {
  // The Electron kiosk window is a kiosk by birth; it closes only through the PIN.
  return isKioskWindow() || localStorage.getItem(LOCK_KEY) === '1';
}

/** The separate full-screen kiosk window of the desktop app (main opens it with ?kiosk=window). */
export function isKioskWindow(): boolean {
  return new URLSearchParams(window.location.search).get('kiosk') === 'window';
}

export function lockKiosk(): void {
  localStorage.setItem(LOCK_KEY, '1');
}

export function unlockKiosk(): void {
  localStorage.removeItem(LOCK_KEY);
}
