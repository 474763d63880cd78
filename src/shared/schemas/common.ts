import { z } from 'zod';

/** Epoch milliseconds. Bounded so RxDB can index it (indexed numbers need a range). */
export const TimestampSchema = z.number().int().min(0).max(9_999_999_999_999);

/** UUIDv7 ids are born where the document is born (device or pool), so offline devices never collide. */
export const IdSchema = z.uuid().max(36);

/** An optional text field that is stored as '' when empty (Dexie requires indexed fields to be present). */
export const text = (max: number) => z.string().trim().max(max, { message: 'errors.tooLong' });
