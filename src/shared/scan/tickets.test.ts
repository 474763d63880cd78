import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { eventTag, generateEventKeyPair, issueTicket, readTicket, verifyTicket } from './tickets';

const keys = generateEventKeyPair();
const event = { id: uuidv7(), publicKey: keys.publicKey };
const personId = uuidv7();
const issuedAt = Date.UTC(2026, 10, 25, 9, 30, 15, 400);

function flipChar(text: string, index: number): string {
  const ch = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + ch + text.slice(index + 1);
}

describe('signed tickets', () => {
  const ticket = issueTicket({ eventId: event.id, personId, issuedAt }, keys.privateKey);

  it('is short enough for a low-version QR code', () => {
    expect(ticket).toMatch(/^LP1\.[\w-]+\.[\w-]+$/);
    expect(ticket.length).toBeLessThanOrEqual(130);
  });

  it('verifies offline with the event public key and carries its claims', () => {
    expect(verifyTicket(ticket, event)).toEqual({
      ok: true,
      claims: { eventTag: eventTag(event.id), personId, issuedAt: issuedAt - 400 },
    });
  });

  it('rejects a tampered payload or signature as a bad signature', () => {
    const payloadIndex = 'LP1.'.length + 14; // inside the person id
    expect(verifyTicket(flipChar(ticket, payloadIndex), event)).toMatchObject({
      ok: false,
      reason: 'badSignature',
    });
    expect(verifyTicket(flipChar(ticket, ticket.length - 5), event)).toMatchObject({
      ok: false,
      reason: 'badSignature',
    });
  });

  it('rejects a ticket signed by another key', () => {
    const forged = issueTicket(
      { eventId: event.id, personId, issuedAt },
      generateEventKeyPair().privateKey,
    );
    expect(verifyTicket(forged, event)).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('tells a ticket of another event apart from a forgery', () => {
    const other = { id: uuidv7(), ...generateEventKeyPair() };
    const foreign = issueTicket({ eventId: other.id, personId, issuedAt }, other.privateKey);
    expect(verifyTicket(foreign, event)).toMatchObject({ ok: false, reason: 'foreignEvent' });
  });

  it('says when the device has no key for the event yet', () => {
    expect(verifyTicket(ticket, { id: event.id, publicKey: '' })).toMatchObject({
      ok: false,
      reason: 'noEventKey',
    });
  });

  it('calls anything else malformed without throwing', () => {
    for (const text of [
      '',
      'LP1.',
      'LP1..',
      'LP1.a.b',
      `${ticket}.x`,
      ticket.slice(0, -3),
      'LP1.!!!.???',
      `LP1.${'A'.repeat(5000)}`,
    ]) {
      expect(verifyTicket(text, event)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(readTicket('hello')).toBeNull();
  });

  it('refuses to sign with a key that is not 32 bytes', () => {
    expect(() => issueTicket({ eventId: event.id, personId, issuedAt }, 'short')).toThrow(
      /32 bytes/,
    );
  });
});
