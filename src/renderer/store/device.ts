import type { IdGenerator } from '../../shared/ids';
import type { LeadDatabase } from './database';

/** Settings of this one device, kept as RxDB local documents (never replicated). */
export interface DeviceSettings {
  deviceId: string;
  deviceName: string;
  currentEventId: string;
  /** PBKDF2 hash of the staff PIN ('' until staff set one). */
  pinHash: string;
  pinSalt: string;
}

const SETTINGS_ID = 'device-settings';

export async function loadDeviceSettings(
  db: LeadDatabase,
  newId: IdGenerator,
): Promise<DeviceSettings> {
  const doc = await db.getLocal<DeviceSettings>(SETTINGS_ID);
  if (doc) return doc.toJSON().data;
  const deviceId = newId();
  const settings: DeviceSettings = {
    deviceId,
    deviceName: `Booth-${deviceId.slice(-4).toUpperCase()}`,
    currentEventId: '',
    pinHash: '',
    pinSalt: '',
  };
  await db.insertLocal(SETTINGS_ID, settings);
  return settings;
}

export async function updateDeviceSettings(
  db: LeadDatabase,
  patch: Partial<DeviceSettings>,
): Promise<DeviceSettings> {
  const doc = await db.getLocal<DeviceSettings>(SETTINGS_ID);
  if (!doc) throw new Error('device settings missing');
  const next = { ...doc.toJSON().data, ...patch };
  await db.upsertLocal(SETTINGS_ID, next);
  return next;
}

const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** PBKDF2-SHA256 with a per-device salt: the PIN itself is never stored. */
export async function hashPin(pin: string, saltHex: string): Promise<string> {
  const salt = new Uint8Array(saltHex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  const key = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 100_000 },
    key,
    256,
  );
  return toHex(bits);
}

export function newPinSalt(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

export const PIN_PATTERN = /^\d{4,8}$/;

/** A fresh salt and the PIN's hash under it: what settings store instead of the PIN. */
export async function pinSecret(pin: string): Promise<Pick<DeviceSettings, 'pinSalt' | 'pinHash'>> {
  if (!PIN_PATTERN.test(pin)) throw new Error('PIN must be 4 to 8 digits');
  const pinSalt = newPinSalt();
  return { pinSalt, pinHash: await hashPin(pin, pinSalt) };
}

export async function setStaffPin(db: LeadDatabase, pin: string): Promise<DeviceSettings> {
  return updateDeviceSettings(db, await pinSecret(pin));
}

export async function checkStaffPin(settings: DeviceSettings, pin: string): Promise<boolean> {
  if (settings.pinHash === '' || !PIN_PATTERN.test(pin)) return false;
  const candidate = await hashPin(pin, settings.pinSalt);
  // Not secret-comparable in timing terms on purpose: the hash is local and the PIN is rate-limited by the UI.
  return candidate === settings.pinHash;
}
