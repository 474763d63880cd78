import { describe, expect, it } from 'vitest';
import { boothQrTarget } from './BoothQr';

const enrollment = {
  poolUrl: 'https://pool.example.cn',
  deviceId: '0192f0a4-1c2b-7d3e-8f40-123456789abc',
  eventId: '0192f0a4-1c2b-7d3e-8f40-0000000000e1',
  enrolledAt: 1,
};
const lanOn = { running: true, url: 'http://192.168.1.23:8788' };
const lanOff = { running: false, url: null };

describe('where the booth QR points', () => {
  it('to the pool while it is reachable, even with the LAN server on', () => {
    for (const state of ['synced', 'syncing'] as const) {
      expect(boothQrTarget({ state, enrollment }, lanOn)).toEqual({
        base: 'https://pool.example.cn',
        via: 'pool',
        loopback: false,
      });
    }
  });

  it('to the booth LAN server when the pool is not reachable or there is none', () => {
    for (const state of ['offline', 'error', 'not_enrolled'] as const) {
      const sync = { state, enrollment: state === 'not_enrolled' ? null : enrollment };
      expect(boothQrTarget(sync, lanOn)).toEqual({ base: lanOn.url, via: 'lan', loopback: false });
      expect(boothQrTarget(sync, lanOff)).toBeNull();
    }
  });

  it('prefers an address phones can open: a pool on 127.0.0.1 yields to the booth Wi-Fi', () => {
    const local = {
      state: 'synced' as const,
      enrollment: { ...enrollment, poolUrl: 'http://127.0.0.1:8787' },
    };
    expect(boothQrTarget(local, lanOn)).toEqual({ base: lanOn.url, via: 'lan', loopback: false });
    // With nothing better, the code is still shown, marked so the screen can say why phones fail.
    expect(boothQrTarget(local, lanOff)).toEqual({
      base: 'http://127.0.0.1:8787',
      via: 'pool',
      loopback: true,
    });
    const loopbackLan = { running: true, url: 'http://127.0.0.1:8788' };
    expect(boothQrTarget({ state: 'offline', enrollment }, loopbackLan)).toMatchObject({
      via: 'lan',
      loopback: true,
    });
  });
});
