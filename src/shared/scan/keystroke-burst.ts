/**
 * Tells a HID barcode scanner (a keyboard that types a whole code in a few milliseconds and
 * presses Enter) from a person typing. Fed every keydown with its timestamp; answers with a
 * scan when a fast burst ends in Enter.
 *
 * A burst is at least `minLength` characters whose gaps are all under `maxGapMs`. Scanners on
 * USB and Bluetooth send keys 1–20 ms apart; people rarely type two keys under 35 ms apart and
 * never a whole code.
 */
export interface BurstOptions {
  minLength: number;
  maxGapMs: number;
}

export const DEFAULT_BURST: BurstOptions = { minLength: 6, maxGapMs: 35 };

export class KeystrokeBurstDetector {
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BurstOptions = DEFAULT_BURST) {}

  /**
   * `key` as in KeyboardEvent.key; `at` in milliseconds (KeyboardEvent.timeStamp). Returns the
   * scanned text when this key is the Enter that ends a burst, else null.
   */
  feed(key: string, at: number): string | null {
    const gap = at - this.lastAt;
    this.lastAt = at;
    if (gap > this.options.maxGapMs) this.buffer = '';
    if (key === 'Enter' && isInsideMultilineCard(this.buffer)) {
      // A vCard arrives line by line: its inner Enters are newlines, not the end of the scan.
      this.buffer += '\n';
      return null;
    }
    if (key === 'Enter') {
      const text = this.buffer;
      this.buffer = '';
      return text.length >= this.options.minLength ? text : null;
    }
    if (key.length !== 1 && !isSingleCodePoint(key)) return null;
    this.buffer += key;
    return null;
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}

/** Inside `BEGIN:VCARD` … until the `END:VCARD` line has been typed. */
function isInsideMultilineCard(buffer: string): boolean {
  return /^BEGIN:VCARD/i.test(buffer) && !/(^|\n)END:VCARD\s*$/i.test(buffer);
}

function isSingleCodePoint(key: string): boolean {
  return key.length === 2 && key.codePointAt(0)! > 0xffff;
}
