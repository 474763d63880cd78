import { newId } from '../../shared/ids';
import { createPerson } from '../../shared/person-ops';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Asset, type Interaction } from '../../shared/schemas';
import type { TestPool } from '../testing';
import { bearer } from './routes.test-kit';

/** A small valid PDF; `seed` changes its bytes (and so its hash). */
export function pdfBytes(seed = 'a', padTo = 0): Buffer {
  const body = `%PDF-1.4\n% ${seed}\n1 0 obj << /Type /Catalog >> endobj\n`;
  const trailer = '\ntrailer\n%%EOF\n';
  const padding = Math.max(0, padTo - body.length - trailer.length);
  return Buffer.from(`${body}${'%'.repeat(padding)}${trailer}`, 'latin1');
}

export async function uploadAsset(
  pool: TestPool,
  eventId: string,
  title: string,
  bytes: Buffer,
  contentType = 'application/pdf',
  token = pool.adminToken,
) {
  return pool.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/assets?title=${encodeURIComponent(title)}`,
    headers: { ...bearer(token), 'content-type': contentType },
    payload: bytes,
  });
}

export async function uploadedAsset(
  pool: TestPool,
  eventId: string,
  title = '白皮书',
  seed = title,
) {
  const response = await uploadAsset(pool, eventId, title, pdfBytes(seed));
  if (response.statusCode !== 201) throw new Error(`upload: ${response.body}`);
  return response.json().asset as Asset;
}

export function contentRequest(
  eventId: string,
  personId: string,
  assetId: string,
  email = 'li.lei@example.com',
  extra: Record<string, string> = {},
): Interaction {
  const at = Date.now();
  return {
    id: newId(),
    eventId,
    personId,
    type: 'content_requested',
    deviceId: 'dev-1',
    staffId: 'staff-1',
    occurredAt: at,
    data: { assetId, email, via: 'staff', ...extra },
    updatedAt: at,
  };
}

export async function pushInteractions(pool: TestPool, token: string, facts: Interaction[]) {
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/sync/interactions/push',
    headers: bearer(token),
    payload: facts.map((fact) => ({ newDocumentState: { ...fact, _deleted: false } })),
  });
  if (response.statusCode !== 200) throw new Error(`push: ${response.body}`);
  return response.json() as unknown[];
}

/**
 * A person of the event with this address, pushed by the device: a white-paper link is mailed
 * only to the requesting person's own address. Returns the person's id.
 */
export async function pushRequester(
  pool: TestPool,
  token: string,
  eventId: string,
  email = 'li.lei@example.com',
): Promise<string> {
  const person = createPerson(
    newId(),
    eventId,
    { ...EMPTY_PERSON_INPUT, name: '李雷', email },
    NO_CONSENT,
    { source: 'staff', deviceId: 'dev-1', at: Date.now() },
  );
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/sync/people/push',
    headers: bearer(token),
    payload: [{ newDocumentState: { ...person, _deleted: false } }],
  });
  if (response.statusCode !== 200) throw new Error(`push person: ${response.body}`);
  return person.id;
}
