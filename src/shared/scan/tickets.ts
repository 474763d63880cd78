import { ed25519 } from '@noble/curves/ed25519.js';
import { base64urlnopad } from '@scure/base';
import { parse as parseUuid, stringify as stringifyUuid, validate as isUuid } from 'uuid';

/**
 * Signed ticket QR: `LP1.<payload>.<signature>`, both base64url without padding.
 *
 * The payload is 28 bytes so the code stays a low QR version that scans fast at arm's length:
 * 8 bytes of the event id (its random tail, enough to tell events apart), the person's 16-byte
 * UUID and the issue time in seconds. The signature is Ed25519 over the payload bytes, made by
 * whoever holds the event's private key (the pool; a device only for events it made itself).
 * Devices verify offline with the event's public key.
 */
export const TICKET_PREFIX = 'LP1.';
const EVENT_TAG_BYTES = 8;
const PAYLOAD_BYTES = EVENT_TAG_BYTES + 16 + 4;
const SIGNATURE_BYTES = 64;
/** Anything longer than a well-formed ticket plus slack is not one; no work is done on it. */
const MAX_TICKET_LENGTH = 200;

export interface TicketClaims {
  /** Hex of the event id's last 8 bytes. */
  eventTag: string;
  personId: string;
  /** Milliseconds since the epoch, rounded down to the second. */
  issuedAt: number;
}

export type TicketRejection = 'malformed' | 'foreignEvent' | 'badSignature' | 'noEventKey';

export type TicketVerdict =
  | { ok: true; claims: TicketClaims }
  | { ok: false; reason: TicketRejection; claims?: TicketClaims };

export interface EventKeyPair {
  /** base64url of the 32-byte Ed25519 public key: what the event document carries. */
  publicKey: string;
  /** base64url of the 32-byte secret key: never leaves the place that made it. */
  privateKey: string;
}

export function isTicketText(text: string): boolean {
  return text.startsWith(TICKET_PREFIX);
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function eventTag(eventId: string): string {
  return toHex(parseUuid(eventId).subarray(16 - EVENT_TAG_BYTES));
}

function decodeBase64url(text: string): Uint8Array | null {
  try {
    return base64urlnopad.decode(text);
  } catch {
    return null;
  }
}

export function generateEventKeyPair(): EventKeyPair {
  const { secretKey, publicKey } = ed25519.keygen();
  return {
    publicKey: base64urlnopad.encode(publicKey),
    privateKey: base64urlnopad.encode(secretKey),
  };
}

function encodePayload(eventId: string, personId: string, issuedAt: number): Uint8Array {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  payload.set(parseUuid(eventId).subarray(16 - EVENT_TAG_BYTES), 0);
  payload.set(parseUuid(personId), EVENT_TAG_BYTES);
  new DataView(payload.buffer).setUint32(EVENT_TAG_BYTES + 16, Math.floor(issuedAt / 1000));
  return payload;
}

export function issueTicket(
  claims: { eventId: string; personId: string; issuedAt: number },
  privateKey: string,
): string {
  const payload = encodePayload(claims.eventId, claims.personId, claims.issuedAt);
  const secret = decodeBase64url(privateKey);
  if (!secret || secret.length !== 32) throw new Error('event private key is not 32 bytes');
  const signature = ed25519.sign(payload, secret);
  return `${TICKET_PREFIX}${base64urlnopad.encode(payload)}.${base64urlnopad.encode(signature)}`;
}

interface ReadTicket {
  claims: TicketClaims;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** Splits and decodes a ticket without checking the signature; null if it is not well formed. */
export function readTicket(text: string): ReadTicket | null {
  if (text.length > MAX_TICKET_LENGTH || !isTicketText(text)) return null;
  const parts = text.slice(TICKET_PREFIX.length).split('.');
  if (parts.length !== 2) return null;
  const payload = decodeBase64url(parts[0] ?? '');
  const signature = decodeBase64url(parts[1] ?? '');
  if (payload?.length !== PAYLOAD_BYTES || signature?.length !== SIGNATURE_BYTES) return null;
  const personBytes = payload.subarray(EVENT_TAG_BYTES, EVENT_TAG_BYTES + 16);
  const personId = stringifyUnchecked(personBytes);
  if (personId === null) return null;
  const seconds = new DataView(payload.buffer, payload.byteOffset).getUint32(EVENT_TAG_BYTES + 16);
  return {
    claims: {
      eventTag: toHex(payload.subarray(0, EVENT_TAG_BYTES)),
      personId,
      issuedAt: seconds * 1000,
    },
    payload,
    signature,
  };
}

function stringifyUnchecked(bytes: Uint8Array): string | null {
  try {
    const id = stringifyUuid(bytes);
    return isUuid(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Ed25519 verification by the platform (Web Crypto runs it natively, asynchronously): true for a
 * valid signature, false otherwise, never a rejection.
 */
export type SignatureCheck = (
  signature: Uint8Array,
  payload: Uint8Array,
  publicKey: Uint8Array,
) => Promise<boolean>;

/** The portable Ed25519 check (pure JavaScript), for platforms without a native one. */
export function portableSignatureValid(
  signature: Uint8Array,
  payload: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  try {
    return ed25519.verify(signature, payload, publicKey);
  } catch {
    return false;
  }
}

/** Everything but the signature: a verdict already, or what the signature check needs. */
function checkBeforeSignature(
  text: string,
  event: { id: string; publicKey: string },
): { verdict: TicketVerdict } | { ticket: ReadTicket; publicKey: Uint8Array } {
  const ticket = readTicket(text);
  if (!ticket) return { verdict: { ok: false, reason: 'malformed' } };
  const { claims } = ticket;
  if (claims.eventTag !== eventTag(event.id))
    return { verdict: { ok: false, reason: 'foreignEvent', claims } };
  const publicKey = decodeBase64url(event.publicKey);
  if (!publicKey || publicKey.length !== 32)
    return { verdict: { ok: false, reason: 'noEventKey', claims } };
  return { ticket, publicKey };
}

const signatureVerdict = (claims: TicketClaims, valid: boolean): TicketVerdict =>
  valid ? { ok: true, claims } : { ok: false, reason: 'badSignature', claims };

/**
 * The offline check a device makes before it lets anyone in. Total: any text gives a verdict.
 * The event is checked before the signature so staff learn "wrong event" rather than "forged"
 * when someone shows the ticket of another show.
 */
export function verifyTicket(
  text: string,
  event: { id: string; publicKey: string },
): TicketVerdict {
  const checked = checkBeforeSignature(text, event);
  if ('verdict' in checked) return checked.verdict;
  const { ticket, publicKey } = checked;
  return signatureVerdict(
    ticket.claims,
    portableSignatureValid(ticket.signature, ticket.payload, publicKey),
  );
}

/** verifyTicket with the signature checked by the platform (the check-in desk: fast feedback). */
export async function verifyTicketBy(
  text: string,
  event: { id: string; publicKey: string },
  check: SignatureCheck,
): Promise<TicketVerdict> {
  const checked = checkBeforeSignature(text, event);
  if ('verdict' in checked) return checked.verdict;
  const { ticket, publicKey } = checked;
  return signatureVerdict(
    ticket.claims,
    await check(ticket.signature, ticket.payload, publicKey).catch(() => false),
  );
}
