import { describe, expect, it } from 'vitest';
import { isTakeOverRequest, mayTakeOver, takeOverAccepted, takeOverRequest } from './app-shell';

describe('app shell take-over messages', () => {
  it('recognizes the request and nothing else', () => {
    expect(isTakeOverRequest(takeOverRequest)).toBe(true);
    expect(isTakeOverRequest(JSON.parse(JSON.stringify(takeOverRequest)))).toBe(true);
    for (const other of [null, undefined, 'leadpond:take-over', { type: 'SKIP_WAITING' }, {}])
      expect(isTakeOverRequest(other)).toBe(false);
  });

  it('counts only an explicit yes as accepted', () => {
    expect(takeOverAccepted({ type: 'leadpond:take-over', accepted: true })).toBe(true);
    expect(takeOverAccepted({ type: 'leadpond:take-over', accepted: false })).toBe(false);
    expect(takeOverAccepted({ type: 'leadpond:take-over', accepted: 'yes' })).toBe(false);
    expect(takeOverAccepted({ type: 'other', accepted: true })).toBe(false);
    expect(takeOverAccepted(null)).toBe(false);
  });

  it('lets a new version take over only from the one window of the app', () => {
    expect(mayTakeOver(0)).toBe(true);
    expect(mayTakeOver(1)).toBe(true);
    expect(mayTakeOver(2)).toBe(false);
  });
});
