import {
  cleanBadgeFields,
  vcardBadgeText,
  mecardParser,
  plainParser,
  vcardParser,
  type BadgeFields,
  type BadgeParser,
} from './badges';
import { isTicketText } from './tickets';

/** The most a QR code can hold (alphanumeric mode, version 40): longer text came from elsewhere. */
export const MAX_SCAN_LENGTH = 4296;
/** A contact file with a large photo still reads; past this it is not a badge at all. */
export const MAX_VCARD_FILE_LENGTH = 2_000_000;
/** What a person's badge code keeps of the raw text (the person schema's limit). */
export const MAX_BADGE_CODE_LENGTH = 500;

export const DEFAULT_BADGE_PARSERS: readonly BadgeParser[] = [
  vcardParser,
  mecardParser,
  plainParser,
];

export type ScanRejection = 'empty' | 'tooLong' | 'binary';

export type ScanResult =
  | { kind: 'ticket'; text: string }
  | { kind: 'badge'; format: string; fields: BadgeFields; badgeCode: string }
  | { kind: 'unknown'; badgeCode: string }
  | { kind: 'rejected'; reason: ScanRejection };

// Control characters other than tab/CR/LF; GS (0x1d) is allowed, GS1 barcodes use it as separator.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001c\u001e\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Decides what a scanned text is: a Leadpond ticket, a badge in a known format (with the fields
 * it carries), an unknown code kept raw for staff to complete, or a rejection with the reason.
 * Total: any input (binary, huge, broken UTF-16/UTF-8) gives one of these, never an exception.
 */
export function classifyScan(
  input: unknown,
  parsers: readonly BadgeParser[] = DEFAULT_BADGE_PARSERS,
): ScanResult {
  if (typeof input !== 'string') return { kind: 'rejected', reason: 'binary' };
  if (input.length > MAX_VCARD_FILE_LENGTH) return { kind: 'rejected', reason: 'tooLong' };
  // A contact card from an address book is read without its photo and past its first card;
  // only what is left has to fit what a QR code can hold.
  const scanned = /^\s*BEGIN:VCARD/i.test(input) ? vcardBadgeText(input) : input;
  if (scanned.length > MAX_SCAN_LENGTH) return { kind: 'rejected', reason: 'tooLong' };
  const controls = scanned.match(CONTROL)?.length ?? 0;
  // A stray prefix byte from a scanner is tolerated; mostly-binary data is not a badge.
  if (controls > 2 && controls * 10 > scanned.length) return { kind: 'rejected', reason: 'binary' };
  const text = scanned.replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd');
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'rejected', reason: 'empty' };
  if (isTicketText(trimmed)) return { kind: 'ticket', text: trimmed };
  const badgeCode = Array.from(trimmed).slice(0, MAX_BADGE_CODE_LENGTH).join('');
  for (const parser of parsers) {
    let found: BadgeFields | null;
    try {
      found = parser.parse(text);
    } catch {
      // A plug-in parser that throws is treated as "not my format"; the scan is never lost.
      found = null;
    }
    if (found)
      return { kind: 'badge', format: parser.id, fields: cleanBadgeFields(found), badgeCode };
  }
  return { kind: 'unknown', badgeCode };
}
