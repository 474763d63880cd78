import { generateEventKeyPair, issueTicket } from '../../shared/scan/tickets';
import type { SqlExecutor } from '../db/sql';

/**
 * The ticket signing keys of pool events. The pool owns each private key (table event_keys);
 * the event document carries only the public half, which devices use to verify offline.
 */
export async function createEventKey(tx: SqlExecutor, eventId: string): Promise<string> {
  const keys = generateEventKeyPair();
  await tx.query('insert into event_keys (event_id, private_key) values ($1, $2)', [
    eventId,
    keys.privateKey,
  ]);
  return keys.publicKey;
}

export async function privateKeyOf(tx: SqlExecutor, eventId: string): Promise<string | null> {
  const [row] = await tx.query<{ private_key: string }>(
    'select private_key from event_keys where event_id = $1',
    [eventId],
  );
  return row?.private_key ?? null;
}

/** A signer for one event's tickets, or null when the pool does not hold its key. */
export async function ticketSigner(
  tx: SqlExecutor,
  eventId: string,
): Promise<((personId: string, issuedAt: number) => string) | null> {
  const privateKey = await privateKeyOf(tx, eventId);
  if (!privateKey) return null;
  return (personId, issuedAt) => issueTicket({ eventId, personId, issuedAt }, privateKey);
}
