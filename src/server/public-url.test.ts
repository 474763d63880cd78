import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultPublicUrl, loopbackWarning } from './public-url';

const info = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  (family === 'IPv4'
    ? { address, internal, family, netmask: '', mac: '', cidr: null }
    : {
        address,
        internal,
        family,
        netmask: '',
        mac: '',
        cidr: null,
        scopeid: 0,
      }) as NetworkInterfaceInfo;

describe('the address other devices are given', () => {
  const interfaces = {
    lo: [info('127.0.0.1', true)],
    eth0: [info('fe80::1', false, 'IPv6'), info('192.168.1.23', false)],
  };

  it('a pool on every interface is given by its LAN address, never 0.0.0.0', () => {
    expect(defaultPublicUrl('0.0.0.0', 8787, interfaces)).toBe('http://192.168.1.23:8787');
    expect(defaultPublicUrl('::', 8787, interfaces)).toBe('http://192.168.1.23:8787');
    expect(defaultPublicUrl('0.0.0.0', 8787, { lo: interfaces.lo })).toBe('http://127.0.0.1:8787');
  });

  it('a pool bound to one address is given by it', () => {
    expect(defaultPublicUrl('10.0.0.5', 8787, interfaces)).toBe('http://10.0.0.5:8787');
    expect(defaultPublicUrl('::1', 8787, interfaces)).toBe('http://[::1]:8787');
  });

  it('says plainly when only this computer can reach it', () => {
    expect(loopbackWarning('http://127.0.0.1:8787')).toMatch(
      /this computer only.*LEADPOND_POOL_HOST=0\.0\.0\.0/,
    );
    expect(loopbackWarning('http://192.168.1.23:8787')).toBeNull();
  });
});
