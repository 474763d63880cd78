import {
  ATTENDEE_API,
  ATTENDEE_ERROR_STATUS,
  AttendeeContextRequestSchema,
  AttendeeSubmissionSchema,
  type AttendeeBackend,
  type AttendeeErrorCode,
} from '../../shared/attendee/protocol';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export function apiError(code: AttendeeErrorCode, message: string): ApiAnswer {
  return { status: ATTENDEE_ERROR_STATUS[code], body: { error: { code, message } } };
}

/**
 * One API call of the attendee page, transport-independent: the body is validated with the
 * shared schema before the backend sees it, and the backend's result becomes the status and JSON
 * the protocol documents. (The LAN server's own thin version; the pool answers the same way.)
 */
export async function handleAttendeeApi(
  backend: AttendeeBackend,
  path: string,
  body: unknown,
): Promise<ApiAnswer> {
  if (path === ATTENDEE_API.context) {
    const parsed = AttendeeContextRequestSchema.safeParse(body);
    if (!parsed.success) return apiError('invalid_input', 'the request is not valid');
    return toAnswer(await backend.context(parsed.data));
  }
  if (path === ATTENDEE_API.submit) {
    const parsed = AttendeeSubmissionSchema.safeParse(body);
    if (!parsed.success) return apiError('invalid_input', 'the submission is not valid');
    return toAnswer(await backend.submit(parsed.data));
  }
  return { status: 404, body: { error: { code: 'not_found', message: 'no such API' } } };
}

function toAnswer(
  result: Awaited<ReturnType<AttendeeBackend['context'] | AttendeeBackend['submit']>>,
): ApiAnswer {
  if (result.ok) return { status: 200, body: result.value };
  return { status: ATTENDEE_ERROR_STATUS[result.error.code], body: { error: result.error } };
}
