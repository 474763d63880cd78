import { describe, expect, it } from 'vitest';
import { rebase } from './rebase';

describe('rebase', () => {
  const started = {
    mql: { anyOf: [{ kind: 'fact' }] },
    routing: { defaultQueue: 'inbox', slaHours: { A: 8, B: 24 } },
    grading: { need: 5 },
  };

  it('keeps their edits and replays mine, key by key', () => {
    const mine = { ...started, routing: { ...started.routing, slaHours: { A: 4, B: 24 } } };
    const theirs = { ...started, routing: { ...started.routing, defaultQueue: 'east' } };
    expect(rebase(started, mine, theirs)).toEqual({
      ...started,
      routing: { defaultQueue: 'east', slaHours: { A: 4, B: 24 } },
    });
  });

  it('takes a list I changed whole, and mine wins where we both changed one value', () => {
    const mine = { ...started, mql: { anyOf: [{ kind: 'rating' }] }, grading: { need: 7 } };
    const theirs = { ...started, mql: { anyOf: [] }, grading: { need: 9 } };
    expect(rebase(started, mine, theirs)).toEqual({
      ...started,
      mql: { anyOf: [{ kind: 'rating' }] },
      grading: { need: 7 },
    });
  });

  it('without edits of mine it is theirs', () => {
    const theirs = { ...started, grading: { need: 1 } };
    expect(rebase(started, started, theirs)).toEqual(theirs);
  });
});
