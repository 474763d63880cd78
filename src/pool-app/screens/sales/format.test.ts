import { describe, expect, it } from 'vitest';
import { formatSpan } from './format';

describe('deadline spans', () => {
  it('says the largest unit that fits, never less than a minute, either side of now', () => {
    expect(formatSpan(20_000, 'en')).toBe('1 minute');
    expect(formatSpan(-45 * 60_000, 'en')).toBe('45 minutes');
    expect(formatSpan(5 * 3_600_000, 'en')).toBe('5 hours');
    expect(formatSpan(-30 * 3_600_000, 'en')).toBe('30 hours');
    expect(formatSpan(3 * 86_400_000, 'en')).toBe('3 days');
    expect(formatSpan(2 * 3_600_000, 'zh-CN')).toBe('2小时');
  });
});
