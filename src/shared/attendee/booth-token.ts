import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import { parse as parseUuid, stringify as stringifyUuid, validate as isUuid } from 'uuid';

/**
 * Booth token: what the booth QR carries so a phone's visit is tied to one booth and goes stale.
 *
 * `<payload>.<mac>`, base64url. The payload is the booth device's id (16 bytes), the expiry in
 * seconds (4 bytes) and 6 random bytes; the mac is HMAC-SHA256 over it, cut to 16 bytes. The key
 * is SHA-256 of the device token: the device knows its token, and the pool stores exactly that
 * hash, so both the booth's LAN server (offline) and the pool (online) can check a token without
 * asking anyone. A device without a pool uses a random local secret instead.
 */
const DEVICE_BYTES = 16;
const PAYLOAD_BYTES = DEVICE_BYTES + 4 + 6;
const MAC_BYTES = 16;
const MAX_TOKEN_LENGTH = 80;

/** The QR on screen renews this often. */
export const BOOTH_TOKEN_ROTATE_MS = 5 * 60_000;
/** A scanned code opens the page for this long after it was shown. */
export const BOOTH_TOKEN_VALID_MS = 10 * 60_000;
/** A page opened in time may still be submitted this long after the token expired. */
export const BOOTH_TOKEN_SUBMIT_GRACE_MS = 30 * 60_000;

export type BoothTokenVerdict =
  | { ok: true; deviceId: string; expiresAt: number }
  | { ok: false; reason: 'booth_token_invalid' | 'booth_token_expired'; deviceId?: string };

/** The HMAC key for a device token: hex SHA-256, the same value the pool keeps as token_hash. */
export function boothKeyFromSecret(secret: string): Uint8Array {
  return sha256(utf8ToBytes(secret));
}

export function issueBoothToken(
  deviceId: string,
  key: Uint8Array,
  now: number,
  random: Uint8Array,
): string {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  payload.set(parseUuid(deviceId), 0);
  new DataView(payload.buffer).setUint32(
    DEVICE_BYTES,
    Math.floor((now + BOOTH_TOKEN_VALID_MS) / 1000),
  );
  payload.set(random.subarray(0, 6), DEVICE_BYTES + 4);
  const mac = hmac(sha256, key, payload).subarray(0, MAC_BYTES);
  return `${base64urlnopad.encode(payload)}.${base64urlnopad.encode(mac)}`;
}

/** Reads the device id without checking anything: the verifier needs it to find the key. */
export function boothTokenDevice(token: string): string | null {
  const payload = decodePayload(token);
  return payload ? stringifyUuid(payload.subarray(0, DEVICE_BYTES)) : null;
}

function decodePayload(token: string): Uint8Array | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const [payloadText, macText, extra] = token.split('.');
  if (payloadText === undefined || macText === undefined || extra !== undefined) return null;
  try {
    const payload = base64urlnopad.decode(payloadText);
    return payload.length === PAYLOAD_BYTES ? payload : null;
  } catch {
    return null;
  }
}

/**
 * Total: any string gives a verdict. `graceMs` is 0 when opening the page and
 * BOOTH_TOKEN_SUBMIT_GRACE_MS when accepting a submission.
 */
export function verifyBoothToken(
  token: string,
  key: Uint8Array,
  now: number,
  graceMs = 0,
): BoothTokenVerdict {
  const payload = decodePayload(token);
  if (!payload) return { ok: false, reason: 'booth_token_invalid' };
  let mac: Uint8Array;
  try {
    mac = base64urlnopad.decode(token.split('.')[1] ?? '');
  } catch {
    return { ok: false, reason: 'booth_token_invalid' };
  }
  const expected = hmac(sha256, key, payload).subarray(0, MAC_BYTES);
  if (mac.length !== MAC_BYTES || !constantTimeEqual(mac, expected)) {
    return { ok: false, reason: 'booth_token_invalid' };
  }
  const deviceId = stringifyUuid(payload.subarray(0, DEVICE_BYTES));
  if (!isUuid(deviceId)) return { ok: false, reason: 'booth_token_invalid' };
  const expiresAt = new DataView(payload.buffer, payload.byteOffset).getUint32(DEVICE_BYTES) * 1000;
  if (now > expiresAt + graceMs) return { ok: false, reason: 'booth_token_expired', deviceId };
  return { ok: true, deviceId, expiresAt };
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
