import { describe, expect, it } from 'vitest';
import { parseReturnWhy, RETURN_REASONS, ReturnBodySchema, returnWhy } from './sales';

describe('a return by sales', () => {
  it('needs a listed reason, and words for "other"', () => {
    expect(ReturnBodySchema.safeParse({ reason: 'no_budget' }).success).toBe(true);
    expect(ReturnBodySchema.safeParse({ note: '预算明年才有' }).success).toBe(false);
    expect(ReturnBodySchema.safeParse({ reason: 'other', note: '  ' }).success).toBe(false);
    expect(ReturnBodySchema.safeParse({ reason: 'other', note: '换了负责人' }).success).toBe(true);
    expect(ReturnBodySchema.safeParse({ reason: 'nope', note: 'x' }).success).toBe(false);
  });

  it('writes its why so the reason and the note come back out of it', () => {
    for (const reason of RETURN_REASONS) {
      for (const note of ['', '预算明年才有', 'a: b: c']) {
        expect(parseReturnWhy(returnWhy(reason, note))).toEqual({ reason, note });
      }
    }
    expect(parseReturnWhy('预算明年才有')).toBeNull();
  });
});
