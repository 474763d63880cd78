import { portableSignatureValid, type SignatureCheck } from '../../shared/scan';

/**
 * Ticket signatures checked by Web Crypto's native Ed25519: a fraction of a millisecond, where the
 * portable check takes milliseconds (tens on a busy laptop, and ~75 ms for its first use) between
 * a scan and the green screen. The event key is imported once; an engine without Ed25519 in Web
 * Crypto gets the portable check.
 */
export function createWebSignatureCheck(subtle: SubtleCrypto): SignatureCheck {
  const keys = new Map<string, Promise<CryptoKey | null>>();
  const keyFor = (publicKey: Uint8Array) => {
    const id = String.fromCharCode(...publicKey);
    let key = keys.get(id);
    if (!key) {
      key = subtle
        .importKey('raw', publicKey.slice(), { name: 'Ed25519' }, false, ['verify'])
        .catch(() => null);
      keys.set(id, key);
    }
    return key;
  };
  return async (signature, payload, publicKey) => {
    const key = await keyFor(publicKey);
    if (!key) return portableSignatureValid(signature, payload, publicKey);
    return subtle.verify({ name: 'Ed25519' }, key, signature.slice(), payload.slice());
  };
}
