import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from './loopback';

describe('isLoopbackUrl', () => {
  it('knows the addresses only this machine can open', () => {
    for (const url of [
      'http://127.0.0.1:8787',
      'http://127.1.2.3/',
      'http://localhost:5173/#/kiosk',
      'http://app.localhost',
      'http://[::1]:8787',
      'http://0.0.0.0:8787',
    ])
      expect(isLoopbackUrl(url), url).toBe(true);
  });

  it('lets LAN and public addresses through, and garbage is no loopback', () => {
    for (const url of [
      'http://192.168.1.23:8788',
      'https://pool.example.cn',
      'http://[fe80::1]/',
      'not a url',
      '',
    ])
      expect(isLoopbackUrl(url), url).toBe(false);
  });
});
