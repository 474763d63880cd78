import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import {
  generateEventKeyPair,
  issueTicket,
  verifyTicket,
  verifyTicketBy,
} from '../../shared/scan/tickets';
import { createWebSignatureCheck } from './ticket-signatures';

const keys = generateEventKeyPair();
const event = { id: newId(), publicKey: keys.publicKey };
const ticket = issueTicket({ eventId: event.id, personId: newId(), issuedAt: 1 }, keys.privateKey);
const flip = (text: string, index: number) =>
  text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
const other = { id: newId(), ...generateEventKeyPair() };

/** Tickets staff may be shown: honest, tampered, forged, foreign, not a ticket at all. */
const shown = [
  ticket,
  flip(ticket, 'LP1.'.length + 14),
  flip(ticket, ticket.length - 5),
  issueTicket({ eventId: event.id, personId: newId(), issuedAt: 1 }, other.privateKey),
  issueTicket({ eventId: other.id, personId: newId(), issuedAt: 1 }, other.privateKey),
  'LP1.AAAA.BBBB',
  'not a ticket',
];

describe('ticket signatures by Web Crypto', () => {
  it('gives every ticket the verdict of the portable check', async () => {
    const check = createWebSignatureCheck(globalThis.crypto.subtle);
    for (const text of shown) {
      expect(await verifyTicketBy(text, event, check)).toEqual(verifyTicket(text, event));
    }
    expect(await verifyTicketBy(ticket, event, check)).toMatchObject({ ok: true });
  });

  it('falls back to the portable check where Web Crypto has no Ed25519', async () => {
    const subtle = globalThis.crypto.subtle;
    const withoutEd25519 = {
      importKey: () => Promise.reject(new DOMException('Ed25519', 'NotSupportedError')),
      verify: subtle.verify.bind(subtle),
    } as unknown as SubtleCrypto;
    const check = createWebSignatureCheck(withoutEd25519);
    for (const text of shown) {
      expect(await verifyTicketBy(text, event, check)).toEqual(verifyTicket(text, event));
    }
  });
});
