import type { AttendeeError } from '../shared/attendee/protocol';
import { parsePageError } from '../shared/attendee/page-schemas';

/** What a POST to the attendee API came to; `network` means nothing usable came back. */
export type ApiOutcome =
  | { kind: 'ok'; json: unknown }
  | { kind: 'error'; status: number; error: AttendeeError }
  | { kind: 'network' };

const TIMEOUT_MS = 20_000;

export async function postJson(
  fetcher: typeof fetch,
  path: string,
  body: unknown,
): Promise<ApiOutcome> {
  let response: Response;
  try {
    response = await fetcher(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { kind: 'network' };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    // A captive portal's HTML, a proxy's error page: the same as no answer.
    return { kind: 'network' };
  }
  if (response.ok) return { kind: 'ok', json };
  const error = parsePageError(json);
  return error ? { kind: 'error', status: response.status, error } : { kind: 'network' };
}
