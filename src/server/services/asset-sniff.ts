import { createHash } from 'node:crypto';
import type { AssetMime } from '../../shared/schemas';

/**
 * What a file is, by its bytes: a white paper's type is never taken from its name or the
 * declared Content-Type alone (a renamed .zip or .html must not be served as a PDF).
 */
export type SniffResult = { ok: true; mime: AssetMime } | { ok: false; looksLike: string };

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/** Signatures of files people upload by mistake (or on purpose): named in the 415 message. */
const KNOWN: { looksLike: string; test: (b: Uint8Array) => boolean }[] = [
  {
    looksLike: 'a ZIP archive (or a .docx/.xlsx/.pptx)',
    test: (b) => ascii(b, 0, 4) === 'PK\x03\x04',
  },
  { looksLike: 'a Windows executable', test: (b) => ascii(b, 0, 2) === 'MZ' },
  { looksLike: 'an ELF executable', test: (b) => ascii(b, 0, 4) === '\x7fELF' },
  { looksLike: 'a PNG image', test: (b) => ascii(b, 0, 4) === '\x89PNG' },
  { looksLike: 'a JPEG image', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    looksLike: 'an HTML page',
    test: (b) => /^\s*(<!doctype html|<html|<head|<body|<script|<\?xml)/i.test(ascii(b, 0, 512)),
  },
  {
    looksLike: 'an old Office document (OLE2)',
    test: (b) => ascii(b, 0, 4) === '\xd0\xcf\x11\xe0',
  },
];

/**
 * PDF: starts with `%PDF-1.x`/`%PDF-2.x` and has an end-of-file marker in its last kilobyte
 * (a truncated upload has none).
 */
function isPdf(bytes: Uint8Array): boolean {
  if (!/^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8))) return false;
  return ascii(bytes, Math.max(0, bytes.length - 1024), bytes.length).includes('%%EOF');
}

export function sniffAsset(bytes: Uint8Array): SniffResult {
  if (isPdf(bytes)) return { ok: true, mime: 'application/pdf' };
  if (ascii(bytes, 0, 5) === '%PDF-') return { ok: false, looksLike: 'a truncated or damaged PDF' };
  const known = KNOWN.find((k) => k.test(bytes));
  return { ok: false, looksLike: known?.looksLike ?? 'an unknown file type' };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
