import type { z } from 'zod';
import {
  ATTENDEE_API,
  ATTENDEE_ERROR_STATUS,
  AttendeeContextRequestSchema,
  AttendeeSubmissionSchema,
  type AttendeeBackend,
  type AttendeeError,
  type AttendeeErrorCode,
  type AttendeeResult,
} from './protocol';

/**
 * The attendee API's request handling without a transport: the pool's Fastify routes and the
 * booth laptop's LAN server both hand a parsed JSON body here and send back what it returns, so
 * validation, status codes and the error shape are the same on both servers.
 */
export interface AttendeeHttpResponse {
  status: number;
  body: unknown;
}

/** `{error: {code, message, fields?}}` with the status the contract gives its code. */
export function attendeeErrorResponse(error: AttendeeError): AttendeeHttpResponse {
  return { status: ATTENDEE_ERROR_STATUS[error.code], body: { error } };
}

export function attendeeError(
  code: AttendeeErrorCode,
  message: string,
  fields?: Partial<Record<string, string>>,
): AttendeeError {
  return fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message };
}

/**
 * Validates `body` for the API path, asks the backend, and maps its answer to a status + JSON.
 * Total: garbage gives 400, an unknown path 404, a backend that throws 503 (never a 500, never
 * its error text, which might name someone else's data).
 */
export async function handleAttendeeRequest(
  backend: AttendeeBackend,
  path: string,
  body: unknown,
): Promise<AttendeeHttpResponse> {
  try {
    if (path === ATTENDEE_API.context) {
      const parsed = AttendeeContextRequestSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      return toResponse(await backend.context(parsed.data));
    }
    if (path === ATTENDEE_API.submit) {
      const parsed = AttendeeSubmissionSchema.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      return toResponse(await backend.submit(parsed.data));
    }
  } catch {
    return attendeeErrorResponse(
      attendeeError('unavailable', 'the service is unavailable, try again'),
    );
  }
  return {
    status: 404,
    body: { error: { code: 'not_found', message: `no attendee API at ${path}` } },
  };
}

function toResponse<T>(result: AttendeeResult<T>): AttendeeHttpResponse {
  return result.ok ? { status: 200, body: result.value } : attendeeErrorResponse(result.error);
}

/** A body that does not fit the schema: 400, with inline keys for the form fields at fault. */
function invalid(error: z.ZodError): AttendeeHttpResponse {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const [scope, field] = issue.path;
    if (scope === 'fields' && typeof field === 'string' && !fields[field]) {
      fields[field] = issue.code === 'too_big' ? 'errors.tooLong' : 'errors.invalid';
    }
    if (scope === 'consent' && !fields.consent) fields.consent = 'errors.consent';
  }
  const where = error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(body)'))
    .join(', ');
  return attendeeErrorResponse(attendeeError('invalid_input', `invalid request: ${where}`, fields));
}
