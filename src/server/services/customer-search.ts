import { buildSearchKey, queryTokens } from '../../shared/search';
import type { SqlExecutor } from '../db/sql';

/**
 * The search key of a customer: the booth's key (shared/search.ts) of the merged profile, so the
 * pool finds people by the same forms staff type at the booth — pinyin in full, pinyin initials
 * ("zs" for 张三), Latin initials ("js" for John Smith), company, phone digits, email, WeChat id.
 */
export function customerSearchKey(profile: Record<string, unknown>): string {
  const text = (key: string) => (typeof profile[key] === 'string' ? (profile[key] as string) : '');
  return buildSearchKey({
    name: text('name'),
    company: text('company'),
    phone: text('phone'),
    email: text('email'),
    wechatId: text('wechatId'),
  });
}

/** The words of a search, each matched as a substring of the key (as the booth's index does). */
export const searchWords = (q: string): string[] => queryTokens(q).slice(0, 8);

const BACKFILL_BATCH = 1000;

/**
 * Keys for customers written before the key existed (migration 85), a batch at a time so a large
 * pool starts without one huge transaction. Returns how many were filled.
 */
export async function backfillCustomerSearchKeys(db: SqlExecutor): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.query<{ id: string; profile: Record<string, unknown> }>(
      `select id, profile from customers where search_key is null and merged_into is null
        order by id limit ${BACKFILL_BATCH}`,
    );
    if (rows.length === 0) return filled;
    await db.query(
      `update customers c set search_key = u.key
         from unnest($1::text[], $2::text[]) as u(id, key) where c.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => customerSearchKey(r.profile))],
    );
    filled += rows.length;
  }
}
