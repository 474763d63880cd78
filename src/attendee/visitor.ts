/** The phone's own random id: how this phone is recognized on its next visit (no cookie, no login). */
export const VISITOR_STORAGE_KEY = 'leadpond.visitor';

const TOKEN_BYTES = 24;

/** 24 random bytes as base64url: 32 characters, within VisitorTokenSchema. */
export function newVisitorToken(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(TOKEN_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function isVisitorToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22,64}$/.test(value);
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The stored token, or a new one that is stored. A phone whose storage is blocked (private mode)
 * still works: it gets a token for this page view and is simply not recognized next time.
 */
export function visitorToken(
  store: KeyValueStore | null,
  random: (bytes: Uint8Array) => Uint8Array,
): string {
  try {
    const stored = store?.getItem(VISITOR_STORAGE_KEY);
    if (isVisitorToken(stored)) return stored;
  } catch {
    // storage unreadable: fall through to a fresh token
  }
  const token = newVisitorToken(random);
  try {
    store?.setItem(VISITOR_STORAGE_KEY, token);
  } catch {
    // storage full or blocked: this visit still works
  }
  return token;
}
