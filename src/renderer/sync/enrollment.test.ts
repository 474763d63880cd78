import { describe, expect, it } from 'vitest';
import { formatEnrollmentQr, parseEnrollmentQr } from '../../shared/sync';
import { isPlausibleEnrollmentCode, normalizeEnrollmentCode, normalizePoolUrl } from './enrollment';
import { retryDelay, deriveState } from './status';

describe('enrollment input', () => {
  it('normalizes pool addresses and refuses what is not http(s)', () => {
    expect(normalizePoolUrl(' http://127.0.0.1:8787/ ')).toBe('http://127.0.0.1:8787');
    expect(normalizePoolUrl('pool.example.cn')).toBe('https://pool.example.cn');
    expect(normalizePoolUrl('https://example.cn/pool/')).toBe('https://example.cn/pool');
    for (const bad of [
      '',
      'ftp://x',
      'javascript:alert(1)',
      'http://u:p@x',
      'http://x/?a=1',
      'http://',
    ]) {
      expect(normalizePoolUrl(bad), bad).toBeNull();
    }
  });

  it('takes codes in any case and checks their shape', () => {
    expect(normalizeEnrollmentCode(' k7wd-p3xq ')).toBe('K7WD-P3XQ');
    expect(isPlausibleEnrollmentCode('K7WD-P3XQ')).toBe(true);
    expect(isPlausibleEnrollmentCode('K7W')).toBe(false);
    expect(isPlausibleEnrollmentCode('K7WD P3XQ')).toBe(false);
  });

  it('reads what the pool puts in the enrollment QR', () => {
    const text = formatEnrollmentQr({ poolUrl: 'https://pool.example.cn', code: 'K7WD-P3XQ' });
    expect(parseEnrollmentQr(text)).toEqual({
      poolUrl: 'https://pool.example.cn',
      code: 'K7WD-P3XQ',
    });
  });
});

describe('sync status', () => {
  const quiet = {
    enrolled: true,
    online: true,
    active: false,
    pending: 0,
    lastSuccessAt: 1,
    outcomes: [],
    localOnly: 0,
  };
  const failure = (kind: 'unreachable' | 'server') => ({
    ok: false as const,
    failure: { kind, message: '', at: 2 },
  });

  it('derives one word from what the replication did last', () => {
    expect(deriveState({ ...quiet, enrolled: false })).toBe('not_enrolled');
    expect(deriveState(quiet)).toBe('synced');
    expect(deriveState({ ...quiet, pending: 3 })).toBe('syncing');
    expect(deriveState({ ...quiet, active: true })).toBe('syncing');
    expect(deriveState({ ...quiet, online: false })).toBe('offline');
    expect(deriveState({ ...quiet, outcomes: [failure('unreachable')] })).toBe('offline');
    expect(deriveState({ ...quiet, outcomes: [{ ok: true, at: 3 }, failure('server')] })).toBe(
      'error',
    );
  });

  it('never says synced while leads of a local event are only on this device', () => {
    expect(deriveState({ ...quiet, localOnly: 11 })).toBe('local_only');
    expect(deriveState({ ...quiet, localOnly: 11, pending: 2 })).toBe('syncing');
    expect(deriveState({ ...quiet, localOnly: 11, online: false })).toBe('offline');
  });

  it('backs off exponentially with jitter, up to a ceiling', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4].map((n) => retryDelay(n, mid))).toEqual([2000, 2000, 4000, 8000, 16000]);
    expect(retryDelay(30, mid)).toBe(120_000);
    expect(retryDelay(1, () => 0)).toBe(1600);
    expect(retryDelay(1, () => 1)).toBe(2400);
  });
});
