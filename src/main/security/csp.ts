/** Served with every page of the app: no remote code, no eval, no plugins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // WebAssembly compilation only (the QR decoder ships as .wasm); JavaScript eval stays off.
  "script-src 'self' 'wasm-unsafe-eval'",
  // React sets inline style attributes; no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  // The customer pool: loopback in development, https in the field.
  "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
  "font-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
