import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { handleAttendeeRequest } from './handle-request';
import { parsePageContext, parsePageError, parsePageSubmitResult } from './page-schemas';
import { NOTHING_DONE, type AttendeeBackend, type AttendeeContext } from './protocol';

const eventId = '0192f0a4-1c2b-7d3e-8f40-0000000000e1';
const context: AttendeeContext = {
  event: { id: eventId, name: 'Expo', consentText: 'ok', consentVersion: 'v1' },
  ask: ['name'],
  required: ['name'],
  recognized: false,
  assets: [],
  draws: [],
  done: NOTHING_DONE,
  servedBy: 'booth',
};

/** A backend in memory: answers what it is told to, records what reached it. */
function backend(answer: 'ok' | 'expired' | 'throws'): AttendeeBackend & { calls: number } {
  const self = {
    calls: 0,
    async context() {
      self.calls += 1;
      if (answer === 'throws') throw new Error('secret detail of someone');
      if (answer === 'expired') {
        return {
          ok: false as const,
          error: { code: 'booth_token_expired' as const, message: 'x' },
        };
      }
      return { ok: true as const, value: context };
    },
    async submit() {
      self.calls += 1;
      return {
        ok: false as const,
        error: {
          code: 'invalid_input' as const,
          message: 'bad',
          fields: { phone: 'errors.phone' },
        },
      };
    },
  };
  return self;
}

const request = { boothToken: 'b', visitorToken: 'v'.repeat(22) };
const submission = {
  ...request,
  fields: { name: 'x' },
  consent: { granted: true, version: 'v1' },
  requests: { contentIds: [], drawIds: [], demo: false, trial: false },
};

describe('handleAttendeeRequest', () => {
  it('answers the backend value with 200 and its errors with the contract status', async () => {
    expect(await handleAttendeeRequest(backend('ok'), '/m/api/context', request)).toEqual({
      status: 200,
      body: context,
    });
    expect(await handleAttendeeRequest(backend('expired'), '/m/api/context', request)).toEqual({
      status: 410,
      body: { error: { code: 'booth_token_expired', message: 'x' } },
    });
    expect(await handleAttendeeRequest(backend('ok'), '/m/api/submit', submission)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', fields: { phone: 'errors.phone' } } },
    });
  });

  it('rejects bodies that do not fit before the backend sees them, with inline keys', async () => {
    const server = backend('ok');
    const answer = await handleAttendeeRequest(server, '/m/api/submit', {
      ...submission,
      fields: { name: 'x'.repeat(300) },
      consent: {},
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          fields: { name: 'errors.tooLong', consent: 'errors.consent' },
        },
      },
    });
    expect(server.calls).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        const result = await handleAttendeeRequest(server, '/m/api/submit', body);
        expect(result.status).toBe(400);
      }),
    );
    expect(server.calls).toBe(0);
  });

  it('turns a throwing backend into 503 without its message, and an unknown path into 404', async () => {
    const answer = await handleAttendeeRequest(backend('throws'), '/m/api/context', request);
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.body)).not.toContain('secret');
    expect((await handleAttendeeRequest(backend('ok'), '/m/api/other', request)).status).toBe(404);
  });
});

describe('the page-side parsers', () => {
  const known = new Set(['name', 'phone']);

  it('read a context and drop fields the page cannot render', () => {
    expect(parsePageContext({ ...context, ask: ['name', 'shoeSize'] }, known)?.ask).toEqual([
      'name',
    ]);
    expect(parsePageContext({ ...context, ask: ['a', 'b', 'c', 'd'] }, known)).toBeNull();
    expect(parsePageContext('<html>', known)).toBeNull();
  });

  it('read a submit result and errors; garbage is null, an unknown code is unavailable', () => {
    const result = {
      done: context.done,
      nextAsk: ['phone'],
      downloads: [{ assetId: eventId, title: 'P', url: 'https://x/y' }],
    };
    expect(parsePageSubmitResult(result, known)).toEqual(result);
    expect(parsePageSubmitResult({ ...result, done: null }, known)).toBeNull();
    expect(parsePageError({ error: { code: 'booth_token_expired', message: 'm' } })).toEqual({
      code: 'booth_token_expired',
      message: 'm',
    });
    expect(parsePageError({ error: { code: 'teapot', message: 'm' } })?.code).toBe('unavailable');
    fc.assert(
      fc.property(fc.anything(), (value) => {
        parsePageError(value);
        parsePageContext(value, known);
        parsePageSubmitResult(value, known);
      }),
    );
  });
});
