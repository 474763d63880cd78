import { z } from 'zod';

/**
 * The enrollment QR a booth device scans: `leadpond-enroll:<pool URL>#<code>`. It names the pool
 * so a fresh device needs nothing typed. Parsing is total: any text gives a result or null.
 */
const PREFIX = 'leadpond-enroll:';
const CodeSchema = z.string().regex(/^[A-Z0-9-]{6,64}$/);

export interface EnrollmentTarget {
  poolUrl: string;
  code: string;
}

export function formatEnrollmentQr({ poolUrl, code }: EnrollmentTarget): string {
  return `${PREFIX}${poolUrl}#${code}`;
}

export function parseEnrollmentQr(text: string): EnrollmentTarget | null {
  if (typeof text !== 'string' || text.length > 600 || !text.startsWith(PREFIX)) return null;
  const rest = text.slice(PREFIX.length);
  const hash = rest.lastIndexOf('#');
  if (hash < 0) return null;
  const poolUrl = rest.slice(0, hash);
  const code = rest.slice(hash + 1);
  if (!CodeSchema.safeParse(code).success) return null;
  let url: URL;
  try {
    url = new URL(poolUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { poolUrl: url.origin + url.pathname.replace(/\/$/, ''), code };
}
