import { describe, expect, it } from 'vitest';
import { KeystrokeBurstDetector } from './keystroke-burst';

function typeAt(detector: KeystrokeBurstDetector, keys: string[], start: number, gap: number) {
  const results = keys.map((key, i) => detector.feed(key, start + i * gap));
  return results.filter((r) => r !== null);
}

const chars = (text: string) => [...text];

describe('keystroke bursts', () => {
  it('turns a fast burst ending in Enter into a scan, Shift keys included', () => {
    const detector = new KeystrokeBurstDetector();
    expect(typeAt(detector, [...chars('LP1.ab'), 'Shift', 'C', 'Enter'], 1000, 4)).toEqual([
      'LP1.abC',
    ]);
  });

  it('ignores the same text typed by a person', () => {
    const detector = new KeystrokeBurstDetector();
    expect(typeAt(detector, [...chars('LP1.abcdef'), 'Enter'], 1000, 120)).toEqual([]);
  });

  it('ignores a short fast pair (key rollover) and a burst whose Enter comes late', () => {
    const detector = new KeystrokeBurstDetector();
    expect(typeAt(detector, ['a', 'b', 'Enter'], 0, 5)).toEqual([]);
    expect(typeAt(detector, chars('abcdefgh'), 100, 5)).toEqual([]);
    expect(detector.feed('Enter', 1000)).toBeNull();
  });

  it('starts a burst fresh after a pause, dropping slow keys typed before it', () => {
    const detector = new KeystrokeBurstDetector();
    typeAt(detector, chars('zs'), 0, 200);
    expect(typeAt(detector, [...chars('ABC123'), 'Enter'], 2000, 8)).toEqual(['ABC123']);
  });

  it('keeps a vCard typed line by line together until its END line', () => {
    const detector = new KeystrokeBurstDetector();
    const card = 'BEGIN:VCARD\nFN:Alice\nEND:VCARD';
    const keys = [...card].map((ch) => (ch === '\n' ? 'Enter' : ch));
    expect(typeAt(detector, [...keys, 'Enter'], 0, 3)).toEqual([card]);
  });

  it('handles characters outside the BMP', () => {
    const detector = new KeystrokeBurstDetector({ minLength: 3, maxGapMs: 35 });
    expect(typeAt(detector, ['😀', 'a', 'b', 'Enter'], 0, 3)).toEqual(['😀ab']);
  });
});
