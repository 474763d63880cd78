import type { FastifyRequest } from 'fastify';
import { hashToken } from './auth';
import type { SqlExecutor } from './db/sql';

/**
 * Whose budget a request spends. A bearer token counts as its own client only when the pool
 * issued it: keying by whatever Authorization header arrives would give every made-up header a
 * fresh budget (the enrollment-guessing hole of issue 11), while booths behind one venue NAT
 * share an address. So: a known token's requests are keyed by the token, everything else (no
 * header, a garbage or revoked one) by the client address.
 */
export function rateLimitKeyOf(db: SqlExecutor): (request: FastifyRequest) => Promise<string> {
  const known = new KnownTokens(db);
  return async (request) => {
    const token = presentedToken(request);
    if (token.length > 0 && token.length <= 200 && (await known.has(hashToken(token)))) {
      return `token:${hashToken(token)}`;
    }
    return addressKey(request);
  };
}

/**
 * The bearer token, or the live streams' `?access_token=` (EventSource has no headers): booths
 * behind one NAT reconnecting their streams each spend their own budget.
 */
function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.['access_token'];
  return typeof fromQuery === 'string' ? fromQuery : '';
}

/** The budget of an unauthenticated route: the client address, whatever headers it sends. */
export const addressKey = (request: Pick<FastifyRequest, 'ip'>) => `ip:${request.ip}`;

/** Token hashes found in devices or users, remembered for a while so most requests cost no query. */
class KnownTokens {
  private static readonly TTL_MS = 5 * 60_000;
  private static readonly MAX = 10_000;
  private readonly seen = new Map<string, number>();

  constructor(private readonly db: SqlExecutor) {}

  async has(hash: string): Promise<boolean> {
    const until = this.seen.get(hash);
    const now = Date.now();
    if (until !== undefined && until > now) return true;
    const rows = await this.db.query(
      `select 1 from devices where token_hash = $1 and revoked_at is null
       union all select 1 from users where token_hash = $1 and revoked_at is null limit 1`,
      [hash],
    );
    if (rows.length === 0) return false;
    // Unknown hashes are never remembered: made-up tokens cannot fill the map.
    if (this.seen.size >= KnownTokens.MAX) this.seen.clear();
    this.seen.set(hash, now + KnownTokens.TTL_MS);
    return true;
  }
}
