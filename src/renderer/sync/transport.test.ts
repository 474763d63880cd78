import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT } from '../../shared/schemas';
import { apiUrl, createFetchTransport, parseStreamFrame, SyncError } from './transport';

const AUTH = { poolUrl: 'http://pool.test/', token: 'lpd_token-0123456789abcdefghij' };
const EVENT_ID = newId();

function person() {
  return createPerson(
    newId(),
    EVENT_ID,
    { ...EMPTY_PERSON_INPUT, name: '张三', phone: '+8613800138000' },
    NO_CONSENT,
    { source: 'staff', deviceId: 'd1', at: 1_700_000_000_000 },
  );
}

function respond(status: number, body: unknown) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function transportAnswering(answer: () => Response | Promise<Response>) {
  const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => answer());
  const transport = createFetchTransport({
    fetch: fetch as unknown as typeof globalThis.fetch,
    EventSource: FakeEventSource,
    streamRetryMs: () => 1,
  });
  return { transport, fetch };
}

async function failure(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected a SyncError');
}

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  message(data: string) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

describe('fetch transport', () => {
  it('pulls with the bearer token and the url-encoded checkpoint, and validates the answer', async () => {
    const doc = person();
    const { transport, fetch } = transportAnswering(() =>
      respond(200, { documents: [{ ...doc, extra: 'dropped' }], checkpoint: { seq: 8 } }),
    );
    const answer = await transport.pull(AUTH, 'people', { seq: 7 }, 100);
    expect(answer.checkpoint).toEqual({ seq: 8 });
    expect(answer.documents).toEqual([{ ...doc, _deleted: false }]);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(
      `http://pool.test/api/v1/sync/people/pull?limit=100&checkpoint=${encodeURIComponent('{"seq":7}')}`,
    );
    expect((init?.headers as Record<string, string>).authorization).toBe(`Bearer ${AUTH.token}`);
  });

  it('rejects answers that do not match the protocol schemas', async () => {
    const doc = person();
    for (const body of [
      { documents: [{ ...doc, phone: 42 }], checkpoint: { seq: 1 } },
      { documents: [{ ...doc, id: 'not-a-uuid' }], checkpoint: { seq: 1 } },
      { documents: [doc], checkpoint: { seq: -1 } },
      { documents: 'nope', checkpoint: null },
      { checkpoint: { seq: 1 } },
      [],
    ]) {
      const { transport } = transportAnswering(() => respond(200, body));
      const error = await failure(transport.pull(AUTH, 'people', null, 10));
      expect(error.kind, JSON.stringify(body).slice(0, 60)).toBe('invalid_response');
    }
    const { transport } = transportAnswering(() => respond(200, [{ id: 'x' }]));
    expect((await failure(transport.push(AUTH, 'people', []))).kind).toBe('invalid_response');
    const notJson = transportAnswering(() => new Response('<html>portal</html>', { status: 200 }));
    expect((await failure(notJson.transport.pull(AUTH, 'events', null, 10))).kind).toBe(
      'not_a_pool',
    );
  });

  it("fetches the pool's intelligence config with the token; a malformed answer is invalid_response", async () => {
    const { transport, fetch } = transportAnswering(() =>
      respond(200, { revision: 4, config: { version: 1 } }),
    );
    // The config itself is judged by the engine's parseConfig when stored, not here.
    expect(await transport.intelligence(AUTH)).toEqual({ revision: 4, config: { version: 1 } });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://pool.test/api/v1/sync/intelligence');
    expect((init?.headers as Record<string, string>).authorization).toBe(`Bearer ${AUTH.token}`);
    for (const body of [{ revision: -1, config: {} }, { revision: 1.5 }, { config: {} }, ['A1']]) {
      const bad = transportAnswering(() => respond(200, body));
      expect((await failure(bad.transport.intelligence(AUTH))).kind).toBe('invalid_response');
    }
  });

  it('tells a revoked device from an unknown token, and a pool error from another server', async () => {
    const cases: [number, unknown, string][] = [
      [
        401,
        { error: { code: 'device_revoked', message: 'this device has been revoked' } },
        'revoked',
      ],
      [401, { error: { code: 'unauthorized', message: 'unknown device token' } }, 'unauthorized'],
      [403, { error: { code: 'forbidden', message: 'another event' } }, 'forbidden'],
      [429, { error: { code: 'rate_limited', message: 'slow down' } }, 'rate_limited'],
      [400, { error: { code: 'invalid_request', message: 'bad' } }, 'rejected'],
      [500, { error: { code: 'internal', message: 'internal error' } }, 'server'],
      [404, '<html>not found</html>', 'not_a_pool'],
      [502, 'Bad Gateway', 'server'],
    ];
    for (const [status, body, kind] of cases) {
      const { transport } = transportAnswering(() => respond(status, body));
      const error = await failure(transport.me(AUTH));
      expect(error.kind, `${status} ${JSON.stringify(body)}`).toBe(kind);
    }
    const offline = createFetchTransport({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      EventSource: FakeEventSource,
    });
    expect((await failure(offline.me(AUTH))).kind).toBe('unreachable');
  });

  it('names the enrollment failures staff can act on', async () => {
    // Told apart by code: the pool's messages may be reworded or translated.
    const cases: [number, string, string][] = [
      [401, 'enrollment_code_unknown', 'code_unknown'],
      [401, 'enrollment_code_used', 'code_used'],
      [401, 'enrollment_code_expired', 'code_expired'],
    ];
    for (const [status, code, kind] of cases) {
      const { transport } = transportAnswering(() =>
        respond(status, { error: { code, message: 'any wording' } }),
      );
      expect((await failure(transport.enroll(AUTH.poolUrl, { code: 'ABCDEF' }))).kind).toBe(kind);
    }
    const { transport, fetch } = transportAnswering(() =>
      respond(200, { token: AUTH.token, deviceId: 'd', eventId: EVENT_ID }),
    );
    await expect(transport.enroll(AUTH.poolUrl, { code: 'ABCDEF' })).resolves.toMatchObject({
      eventId: EVENT_ID,
    });
    expect(fetch.mock.calls[0]?.[0]).toBe('http://pool.test/api/v1/devices/enroll');
    const short = transportAnswering(() =>
      respond(200, { token: 'short', deviceId: 'd', eventId: 'e' }),
    );
    expect((await failure(short.transport.enroll(AUTH.poolUrl, { code: 'ABCDEF' }))).kind).toBe(
      'invalid_response',
    );
  });

  it('streams validated batches of several collections on one connection, RESYNC for each on every (re)connection, and reconnects after a refusal', async () => {
    FakeEventSource.instances = [];
    const { transport } = transportAnswering(() => respond(500, {}));
    const doc = person();
    const received = firstValueFrom(
      transport.streams(AUTH, ['people', 'events']).pipe(take(8), toArray()),
    );
    const first = FakeEventSource.instances[0] as FakeEventSource;
    expect(first.url).toBe(
      `http://pool.test/api/v1/sync/stream?collections=people%2Cevents&access_token=${encodeURIComponent(AUTH.token)}`,
    );
    first.open();
    first.message(
      JSON.stringify({
        collection: 'people',
        message: { documents: [doc], checkpoint: { seq: 3 } },
      }),
    );
    // A frame that fails validation: that collection pulls instead.
    first.message(
      '{"collection":"people","message":{"documents":[{"id":1}],"checkpoint":{"seq":4}}}',
    );
    // The browser retries by itself while CONNECTING; a refused stream (CLOSED) is ours to retry.
    first.fail(0);
    first.fail(2);
    expect(first.closed).toBe(true);
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    (FakeEventSource.instances[1] as FakeEventSource).open();
    const resync = (collection: string) => ({ collection, message: 'RESYNC' });
    expect(await received).toEqual([
      resync('people'),
      resync('events'),
      {
        collection: 'people',
        message: { documents: [{ ...doc, _deleted: false }], checkpoint: { seq: 3 } },
      },
      resync('people'),
      resync('people'),
      resync('events'),
      resync('people'),
      resync('events'),
    ]);
  });

  it('closes the event source when the replications unsubscribe', () => {
    FakeEventSource.instances = [];
    const { transport } = transportAnswering(() => respond(500, {}));
    const subscription = transport.streams(AUTH, ['events']).subscribe();
    subscription.unsubscribe();
    expect(FakeEventSource.instances[0]?.closed).toBe(true);
  });
});

describe('stream frames', () => {
  const all = [
    { collection: 'events', message: 'RESYNC' },
    { collection: 'people', message: 'RESYNC' },
  ];
  it('reads RESYNC and batches per collection, and turns junk into RESYNC for everyone', () => {
    const frame = (value: unknown) => parseStreamFrame(['events', 'people'], JSON.stringify(value));
    expect(frame({ collection: 'people', message: 'RESYNC' })).toEqual([all[1]]);
    expect(
      frame({ collection: 'events', message: { documents: [], checkpoint: { seq: 1 } } }),
    ).toEqual([{ collection: 'events', message: { documents: [], checkpoint: { seq: 1 } } }]);
    expect(
      frame({ collection: 'events', message: { documents: [{}], checkpoint: { seq: 1 } } }),
    ).toEqual([all[0]]);
    expect(frame({ collection: 'drafts', message: 'RESYNC' })).toEqual(all);
    expect(parseStreamFrame(['events', 'people'], '{not json')).toEqual(all);
    expect(parseStreamFrame(['events', 'people'], 'null')).toEqual(all);
  });
});

describe('api urls', () => {
  it('joins the pool address and the path once', () => {
    expect(apiUrl('http://pool.test', '/health')).toBe('http://pool.test/api/v1/health');
    expect(apiUrl('https://x.cn/pool//', '/health')).toBe('https://x.cn/pool/api/v1/health');
  });
});
