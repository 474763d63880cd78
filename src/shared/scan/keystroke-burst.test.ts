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
    const detector = new KeystrokeBurstDetector({ minLength: 3 });
    expect(typeAt(detector, ['😀', 'a', 'b', 'Enter'], 0, 3)).toEqual(['😀ab']);
  });

  it('keeps a long scan whole through the odd slow gap (Bluetooth jitter, a busy page)', () => {
    const detector = new KeystrokeBurstDetector();
    const ticket = 'LP1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd.c2lnbmF0dXJl';
    const gaps = [...ticket].map((_, i) => (i === 20 || i === 41 ? 90 : 4));
    let at = 1000;
    for (const [i, ch] of [...ticket].entries()) {
      at += gaps[i]!;
      expect(detector.feed(ch, at)).toBeNull();
    }
    expect(detector.feed('Enter', at + 5)).toBe(ticket);
  });

  it('refuses a burst with too many slow gaps rather than return a fragment', () => {
    const keys = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123');
    const scan = (slowAt: number[]) => {
      const detector = new KeystrokeBurstDetector();
      let at = 0;
      for (const [i, key] of keys.entries())
        detector.feed(key, (at += slowAt.includes(i) ? 80 : 5));
      return detector.feed('Enter', at + 5);
    };
    // 30 keys: three slow gaps are tolerated, a fourth is one in ten too many.
    expect(scan([8, 15, 22])).toBe(keys.join(''));
    expect(scan([8, 15, 22, 28])).toBeNull();
  });

  it('leaves out keys a person typed slowly just before the scanner fired', () => {
    const detector = new KeystrokeBurstDetector();
    typeAt(detector, chars('zs'), 0, 150);
    expect(typeAt(detector, [...chars('ABC123XYZ'), 'Enter'], 300, 5)).toEqual(['ABC123XYZ']);
  });

  it('never takes brisk typing (40–60 ms a key) for a scan', () => {
    for (const gap of [40, 50, 60]) {
      const detector = new KeystrokeBurstDetector();
      expect(typeAt(detector, [...chars('LP1.abcdefghij'), 'Enter'], 1000, gap)).toEqual([]);
    }
  });
});
