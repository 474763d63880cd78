/**
 * Tells a HID barcode scanner (a keyboard that types a whole code in a few milliseconds and
 * presses Enter) from a person typing. Fed every keydown with its timestamp; answers with a
 * scan when a fast burst ends in Enter.
 *
 * Scanners on USB send keys 1–20 ms apart; Bluetooth ones and busy hosts add the odd hiccup of
 * a few tens of milliseconds. People rarely type two keys under 35 ms apart and never a whole
 * code. So a scan is: a run that starts with `minLength` keys all under `maxGapMs` apart, in
 * which at most one gap in ten is slower (none slower than `pauseMs`), ending in Enter. Keys
 * typed slowly before the run are not part of it, so a half-typed search does not spoil a scan.
 */
export interface BurstOptions {
  minLength: number;
  maxGapMs: number;
  /** A gap this long ends any burst: nothing before it belongs to the next scan. */
  pauseMs: number;
}

export const DEFAULT_BURST: BurstOptions = { minLength: 6, maxGapMs: 35, pauseMs: 250 };

interface Stroke {
  text: string;
  /** Milliseconds since the previous key. */
  gap: number;
}

export class KeystrokeBurstDetector {
  private strokes: Stroke[] = [];
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly options: BurstOptions;

  constructor(options: Partial<BurstOptions> = {}) {
    this.options = { ...DEFAULT_BURST, ...options };
  }

  /**
   * `key` as in KeyboardEvent.key; `at` in milliseconds (KeyboardEvent.timeStamp). Returns the
   * scanned text when this key is the Enter that ends a burst, else null.
   */
  feed(key: string, at: number): string | null {
    const gap = at - this.lastAt;
    this.lastAt = at;
    if (gap > this.options.pauseMs) this.strokes = [];
    if (key === 'Enter' && isInsideMultilineCard(this.text())) {
      // A vCard arrives line by line: its inner Enters are newlines, not the end of the scan.
      this.strokes.push({ text: '\n', gap });
      return null;
    }
    if (key === 'Enter') {
      const scanned = this.burst(gap);
      this.strokes = [];
      return scanned;
    }
    if (key.length !== 1 && !isSingleCodePoint(key)) return null;
    this.strokes.push({ text: key, gap });
    return null;
  }

  reset(): void {
    this.strokes = [];
    this.lastAt = Number.NEGATIVE_INFINITY;
  }

  private text(from = 0): string {
    let text = '';
    for (let i = from; i < this.strokes.length; i++) text += this.strokes[i]!.text;
    return text;
  }

  private burst(enterGap: number): string | null {
    const { minLength, maxGapMs } = this.options;
    const fast = (i: number) => this.strokes[i]!.gap <= maxGapMs;
    // The burst starts at the first key followed by minLength - 1 fast keys.
    let start = -1;
    for (let i = 0; i + minLength <= this.strokes.length && start < 0; i++) {
      let run = true;
      for (let j = i + 1; j < i + minLength && run; j++) run = fast(j);
      if (run) start = i;
    }
    if (start < 0) return null;
    let slow = enterGap > maxGapMs ? 1 : 0;
    for (let i = start + 1; i < this.strokes.length; i++) if (!fast(i)) slow++;
    const length = this.strokes.length - start;
    return slow <= Math.floor(length / 10) ? this.text(start) : null;
  }
}

/** Inside `BEGIN:VCARD` … until the `END:VCARD` line has been typed. */
function isInsideMultilineCard(buffer: string): boolean {
  return /^BEGIN:VCARD/i.test(buffer) && !/(^|\n)END:VCARD\s*$/i.test(buffer);
}

function isSingleCodePoint(key: string): boolean {
  return key.length === 2 && key.codePointAt(0)! > 0xffff;
}
