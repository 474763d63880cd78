import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isLoopbackUrl } from '../shared/loopback';

/**
 * The address phones and other laptops are given (enrollment QR codes, mail links) when
 * LEADPOND_POOL_PUBLIC_URL does not name one. A pool bound to every interface (0.0.0.0 or ::) is
 * given by its first LAN IPv4 address, since "0.0.0.0" opens nowhere; a pool bound to one
 * address is given by it.
 */
export function defaultPublicUrl(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (wildcard) {
    const lan = Object.values(interfaces)
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal);
    if (lan) return `http://${lan.address}:${port}`;
    return `http://127.0.0.1:${port}`;
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What start-up says when the pool can only be reached from this machine, and how to change it. */
export function loopbackWarning(publicUrl: string): string | null {
  if (!isLoopbackUrl(publicUrl)) return null;
  return (
    `Note: this pool is reachable from this computer only (${publicUrl}). Enrollment QR codes ` +
    'and phone links will not open on other devices. To serve the booth laptops and phones on ' +
    'the LAN, start it with LEADPOND_POOL_HOST=0.0.0.0 (and LEADPOND_POOL_PUBLIC_URL=' +
    'http://<this computer’s LAN address>:<port> behind a proxy or when several addresses exist).'
  );
}
