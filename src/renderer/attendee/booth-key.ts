import { bytesToHex } from '@noble/hashes/utils.js';
import { boothKeyFromSecret } from '../../shared/attendee';
import type { TokenStore } from '../platform/index-types';
import type { LeadDatabase } from '../store/database';
import { loadEnrollment } from '../sync/enrollment';

const LOCAL_SECRET_ID = 'booth-qr-secret';

/**
 * The key of this booth's QR tokens: SHA-256 of the device token when enrolled (the pool keeps
 * the same hash, so it verifies the booth's tokens too), else of a random secret made once and
 * kept in this device's settings (a local document, never replicated).
 */
export async function loadBoothKey(db: LeadDatabase, tokens: TokenStore): Promise<Uint8Array> {
  if (await loadEnrollment(db)) {
    const token = await tokens.load();
    if (token) return boothKeyFromSecret(token);
  }
  return boothKeyFromSecret(await localSecret(db));
}

async function localSecret(db: LeadDatabase): Promise<string> {
  const existing = await db.getLocal<{ secret: string }>(LOCAL_SECRET_ID);
  if (existing) return existing.toJSON().data.secret;
  const secret = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  try {
    await db.insertLocal(LOCAL_SECRET_ID, { secret });
    return secret;
  } catch {
    // Another window made it at the same moment: use theirs.
    const made = await db.getLocal<{ secret: string }>(LOCAL_SECRET_ID);
    return made?.toJSON().data.secret ?? secret;
  }
}
