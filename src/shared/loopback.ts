/**
 * Whether a URL names this machine only (127.0.0.0/8, ::1, localhost, 0.0.0.0): a QR code
 * holding such an address opens on no phone and no other laptop, however well it scans.
 */
export function isLoopbackUrl(url: string): boolean {
  // The authority's host, without user info or port (shared code has no URL parser of the platform).
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  if (!match?.[1]) return false;
  const host = match[1].toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    host === '::' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
