/**
 * Where a draw's randomness comes from. Winners are picked from uint32 values; the values are
 * recorded so a verifier can replay the same picks. Shared code has no `crypto` global: the
 * caller injects the platform's CSPRNG fill (Web Crypto's `getRandomValues`).
 */
export interface RandomSource {
  nextUint32(): number;
}

export type FillRandom = (array: Uint32Array) => Uint32Array;

const BUFFER = 256;

/** uint32 values from a CSPRNG fill, fetched in blocks (one call per 256 values). */
export function cryptoRandomSource(fill: FillRandom): RandomSource {
  const buffer = new Uint32Array(BUFFER);
  let next = BUFFER;
  return {
    nextUint32() {
      if (next === BUFFER) {
        fill(buffer);
        next = 0;
      }
      return buffer[next++] as number;
    },
  };
}

/** Wraps a source and keeps every value it hands out, in order. */
export function recordingSource(source: RandomSource): { source: RandomSource; values: number[] } {
  const values: number[] = [];
  return {
    values,
    source: {
      nextUint32() {
        const value = source.nextUint32();
        values.push(value);
        return value;
      },
    },
  };
}

export class RandomValuesExhausted extends Error {
  constructor() {
    super('the recorded random values ran out before the selection finished');
  }
}

/** Hands out recorded values again; `used` says how many were consumed. */
export function replaySource(values: readonly number[]): RandomSource & { used(): number } {
  let index = 0;
  return {
    nextUint32() {
      if (index >= values.length) throw new RandomValuesExhausted();
      return values[index++] as number;
    },
    used: () => index,
  };
}

/**
 * A deterministic source for tests and benchmarks only (never for a real draw): SplitMix32-style
 * mixing of a counter, so the same seed always gives the same sequence.
 */
export function seededRandomSource(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    nextUint32() {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    },
  };
}
