import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { CreateEventBody, EnrollmentCodesResponse } from '../../shared/api';
import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  NO_CONSENT,
  type Interaction,
  type InteractionType,
  type LeadEvent,
} from '../../shared/schemas';
import { ingestDocuments } from '../services/ingest';
import type { TestPool } from '../testing';

/** Small helpers the route tests share: real requests through app.inject, no mocks. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const EVENT_BODY: CreateEventBody = {
  name: 'Expo 2026',
  startsOn: '2026-11-25',
  endsOn: '2026-11-27',
  venue: 'Shanghai',
  cost: { amount: 50000, currency: 'CNY' },
  form: { fields: ['name', 'phone', 'email', 'company', 'title'], required: ['name', 'phone'] },
  consent: { text: 'We may contact you about our products.', version: 'v3' },
};

export async function createEvent(
  pool: TestPool,
  body: Partial<CreateEventBody> = {},
): Promise<LeadEvent> {
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: bearer(pool.adminToken),
    payload: { ...EVENT_BODY, ...body },
  });
  if (response.statusCode !== 201) throw new Error(`create event: ${response.body}`);
  return response.json().event as LeadEvent;
}

export async function createUser(
  pool: TestPool,
  role: 'admin' | 'marketing' | 'sales',
): Promise<{ id: string; token: string }> {
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: bearer(pool.adminToken),
    payload: { name: `${role} user`, role },
  });
  if (response.statusCode !== 201) throw new Error(`create user: ${response.body}`);
  return response.json();
}

/** A device enrolled for the event through a fresh enrollment code: its bearer token. */
export async function enrollDevice(pool: TestPool, eventId: string): Promise<string> {
  const codes = await pool.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/enrollment-codes`,
    headers: bearer(pool.adminToken),
    payload: {},
  });
  const [issued] = (codes.json() as EnrollmentCodesResponse).codes;
  const enrolled = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/devices/enroll',
    payload: { code: issued?.code },
  });
  if (enrolled.statusCode !== 200) throw new Error(`enroll: ${enrolled.body}`);
  return enrolled.json().token as string;
}

export async function importFile(
  pool: TestPool,
  eventId: string,
  payload: string | Buffer,
  contentType: string,
  token = pool.adminToken,
) {
  return pool.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/attendees/import`,
    headers: { ...bearer(token), 'content-type': contentType },
    payload,
  });
}

/** A raw SSE connection (what a booth's EventSource sees), read frame by frame. */
export function openSse(
  url: string,
): Promise<{ frames: AsyncGenerator<string>; close: () => void; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.setEncoding('utf8');
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      let buffer = '';
      let ended = false;
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          queue.push(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
        }
        wake?.();
      });
      res.on('end', () => {
        ended = true;
        wake?.();
      });
      async function* frames(): AsyncGenerator<string> {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (ended) return;
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      }
      resolve({ frames: frames(), close: () => req.destroy(), res });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A customer made the real way: a person (and their facts) ingested as a device's push would be,
 * resolved into a customer by identity resolution (which writes the profile and its search key).
 * Returns the customer's id.
 */
export async function ingestCustomer(
  pool: TestPool,
  event: LeadEvent,
  profile: Partial<typeof EMPTY_PERSON_INPUT>,
  options: {
    facts?: { type: InteractionType; data?: Interaction['data'] }[];
    consent?: boolean;
    personId?: string;
  } = {},
): Promise<string> {
  const { facts = [], consent = true, personId = newId() } = options;
  const at = Date.now();
  const doc = createPerson(
    personId,
    event.id,
    { ...EMPTY_PERSON_INPUT, ...profile },
    consent ? { granted: true, textVersion: 'v3', grantedAt: at } : NO_CONSENT,
    { source: 'staff', deviceId: 'booth-1', at },
  );
  const interactions: Interaction[] = facts.map((fact) => ({
    id: newId(),
    eventId: event.id,
    personId: doc.id,
    type: fact.type,
    deviceId: 'booth-1',
    staffId: 'staff',
    occurredAt: at,
    data: fact.data ?? {},
    updatedAt: at,
  }));
  await pool.db.transaction(async (tx) => {
    const deps = { clock: Date.now, newId };
    await ingestDocuments(tx, deps, 'people', [
      { id: doc.id, eventId: event.id, deleted: false, data: { ...doc } },
    ]);
    if (interactions.length > 0) {
      await ingestDocuments(
        tx,
        deps,
        'interactions',
        interactions.map((f) => ({ id: f.id, eventId: event.id, deleted: false, data: { ...f } })),
      );
    }
  });
  const [link] = await pool.db.query<{ customer_id: string }>(
    'select customer_id from customer_people where person_id = $1',
    [doc.id],
  );
  if (!link) throw new Error(`${profile.name ?? personId} was not resolved into a customer`);
  return link.customer_id;
}
