/**
 * Requests per address per window (fixed windows). Phones on a venue Wi-Fi may share one address
 * behind NAT, so the limit is generous; it is there to stop a script hammering the booth laptop.
 */
export interface RateLimiter {
  /** true when the request may go on. */
  take(address: string, now: number): boolean;
}

export function createRateLimiter(options: {
  limit: number;
  windowMs: number;
  /** Addresses remembered at most; the oldest windows are forgotten first. */
  maxAddresses?: number;
}): RateLimiter {
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(address, now) {
      let window = windows.get(address);
      if (!window || now - window.start >= options.windowMs) {
        windows.delete(address);
        if (windows.size >= maxAddresses) {
          const oldest = windows.keys().next().value;
          if (oldest !== undefined) windows.delete(oldest);
        }
        window = { start: now, count: 0 };
        windows.set(address, window);
      }
      window.count += 1;
      return window.count <= options.limit;
    },
  };
}
