import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';

describe('parseConfig', () => {
  it('accepts the default config, also as JSON text', () => {
    expect(parseConfig(DEFAULT_CONFIG)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(parseConfig(JSON.stringify(DEFAULT_CONFIG))).toEqual({
      ok: true,
      config: DEFAULT_CONFIG,
    });
  });

  it('reports text that is not JSON as invalid_json', () => {
    const result = parseConfig('{version: 1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_json');
  });

  it('reports a wrong version with its path', () => {
    const result = parseConfig({ ...DEFAULT_CONFIG, version: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.code === 'invalid_config')
      expect(result.error.issues.map((i) => i.path)).toContain('version');
  });

  it('refuses a negative rule that decays, since the score would then rise with age', () => {
    const result = parseConfig({
      ...DEFAULT_CONFIG,
      engagement: { email_bounced: { points: -20, cap: 20, halfLifeDays: 30 } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_config',
        issues: [{ path: 'engagement.email_bounced.halfLifeDays' }],
      },
    });
  });

  it('refuses grade thresholds that do not descend and unknown fact types', () => {
    const thresholds = { A: 20, B: 40, C: 10 };
    expect(
      parseConfig({ ...DEFAULT_CONFIG, grading: { ...DEFAULT_CONFIG.grading, thresholds } }).ok,
    ).toBe(false);
    expect(
      parseConfig({
        ...DEFAULT_CONFIG,
        engagement: { made_up: { points: 1, cap: 1, halfLifeDays: 1 } },
      }).ok,
    ).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.anything()), (value) => {
        const result = parseConfig(value);
        expect(result.ok).toBe(false);
      }),
    );
  });
});
