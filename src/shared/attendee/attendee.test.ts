import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BOOTH_TOKEN_SUBMIT_GRACE_MS,
  BOOTH_TOKEN_VALID_MS,
  boothKeyFromSecret,
  boothTokenDevice,
  issueBoothToken,
  verifyBoothToken,
} from './booth-token';
import { fieldsToAsk } from './profiling';

const deviceId = '0192f0a4-1c2b-7d3e-8f40-123456789abc';
const key = boothKeyFromSecret('lpd_device-token');
const random = new Uint8Array([1, 2, 3, 4, 5, 6]);
const now = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('booth tokens', () => {
  it('verify with the same key until they expire, then within the submit grace only', () => {
    const token = issueBoothToken(deviceId, key, now, random);
    expect(boothTokenDevice(token)).toBe(deviceId);
    expect(verifyBoothToken(token, key, now)).toMatchObject({ ok: true, deviceId });
    const late = now + BOOTH_TOKEN_VALID_MS + 2000;
    expect(verifyBoothToken(token, key, late)).toEqual({
      ok: false,
      reason: 'booth_token_expired',
      deviceId,
    });
    expect(verifyBoothToken(token, key, late, BOOTH_TOKEN_SUBMIT_GRACE_MS).ok).toBe(true);
  });

  it('are refused with another key or any change to the text', () => {
    const token = issueBoothToken(deviceId, key, now, random);
    expect(verifyBoothToken(token, boothKeyFromSecret('other'), now)).toMatchObject({
      ok: false,
      reason: 'booth_token_invalid',
    });
    const flipped = token.slice(0, 3) + (token[3] === 'A' ? 'B' : 'A') + token.slice(4);
    expect(verifyBoothToken(flipped, key, now).ok).toBe(false);
  });

  it('never throw on garbage', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(verifyBoothToken(text, key, now).ok).toBe(false);
        boothTokenDevice(text);
      }),
    );
  });
});

describe('progressive profiling', () => {
  const form = {
    fields: ['name', 'phone', 'email', 'company', 'title'] as const,
    required: ['name', 'phone'] as const,
  };
  const eventForm = { fields: [...form.fields], required: [...form.required] };

  it('asks someone new for three fields, required first', () => {
    expect(fieldsToAsk(eventForm, null)).toEqual(['name', 'phone', 'email']);
  });

  it('asks a returning visitor only what is missing, in the event order', () => {
    expect(fieldsToAsk(eventForm, { name: '王伟', phone: '+8613800138000', email: '' })).toEqual([
      'email',
      'company',
      'title',
    ]);
    expect(
      fieldsToAsk(eventForm, { name: 'a', phone: 'b', email: 'c', company: 'd', title: 'e' }),
    ).toEqual([]);
  });

  it('puts a missing required field before optional ones', () => {
    expect(fieldsToAsk(eventForm, { name: '', phone: '+8613800138000', email: 'x@y.cn' })).toEqual([
      'name',
      'company',
      'title',
    ]);
  });
});
