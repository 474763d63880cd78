import type { z } from 'zod';
import { AUTH_ERROR_CODES } from '../shared/sync';

/** Errors the API answers as `{error: {code, message}}` with their HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Fastify's name for it: error handlers of other scopes (the phone page's) read this one. */
  get statusCode(): number {
    return this.status;
  }
}

export const badRequest = (message: string, code = 'invalid_request') =>
  new ApiError(400, code, message);
export const unauthorized = (
  message = 'a valid bearer token is required',
  code: string = AUTH_ERROR_CODES.unauthorized,
) => new ApiError(401, code, message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

/** "field.path: message; …" — what a client developer needs to fix the request. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
}

/** Parses an external input with its shared schema, or answers 400 with what is wrong. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'body',
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`invalid ${what}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
