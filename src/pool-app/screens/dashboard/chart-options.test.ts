import { describe, expect, it } from 'vitest';
import { everyHour } from './chart-options';

describe('everyHour', () => {
  it('fills the quiet hours between the first and the last with zeros, across midnight', () => {
    expect(
      everyHour([
        { label: '2026-11-26 22:00', value: 2 },
        { label: '2026-11-27 01:00', value: 1 },
      ]),
    ).toEqual([
      { label: '2026-11-26 22:00', value: 2 },
      { label: '2026-11-26 23:00', value: 0 },
      { label: '2026-11-27 00:00', value: 0 },
      { label: '2026-11-27 01:00', value: 1 },
    ]);
  });

  it('leaves a span longer than two weeks sparse, and nothing as nothing', () => {
    const sparse = [
      { label: '2026-01-01 09:00', value: 1 },
      { label: '2026-03-01 09:00', value: 1 },
    ];
    expect(everyHour(sparse)).toEqual(sparse);
    expect(everyHour([])).toEqual([]);
  });
});
