import type { NetworkInterfaceInfo } from 'node:os';
import type { LanInterface } from '../../shared/attendee/lan-bridge';

export const LOOPBACK: LanInterface = { name: 'loopback', address: '127.0.0.1', internal: true };

/**
 * The addresses staff may bind the booth LAN server to: every non-internal IPv4 interface (the
 * venue Wi-Fi, a hotspot, a cable), plus loopback when allowed (tests and demos on one computer).
 * Phones cannot reach loopback, so it is offered only on request.
 */
export function lanInterfaces(
  system: NodeJS.Dict<NetworkInterfaceInfo[]>,
  options: { allowLoopback?: boolean } = {},
): LanInterface[] {
  const found: LanInterface[] = [];
  for (const [name, infos] of Object.entries(system)) {
    for (const info of infos ?? []) {
      if (info.family === 'IPv4' && !info.internal) {
        found.push({ name, address: info.address, internal: false });
      }
    }
  }
  if (options.allowLoopback) found.push(LOOPBACK);
  return found;
}
