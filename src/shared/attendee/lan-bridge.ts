import { z } from 'zod';
import {
  ATTENDEE_ERROR_CODES,
  AttendeeContextRequestSchema,
  AttendeeContextSchema,
  AttendeeSubmissionSchema,
  AttendeeSubmitResultSchema,
  type AttendeeBackend,
  type AttendeeResult,
} from './protocol';

/**
 * The booth LAN bridge: the booth's LAN server (Electron main, or the web-mode Node process)
 * receives a phone's request, validates it, and hands it to the booth's renderer, which holds the
 * store and answers with its `AttendeeBackend`. Both transports (Electron IPC; SSE + POST on
 * 127.0.0.1 in web mode) carry exactly these messages, validated on both ends.
 */
export const LAN_BRIDGE_KINDS = ['context', 'submit'] as const;
export type LanBridgeKind = (typeof LAN_BRIDGE_KINDS)[number];

/** Correlation id of one request: random, made by the server side. */
export const LanRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const LanBridgeRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    id: LanRequestIdSchema,
    kind: z.literal('context'),
    body: AttendeeContextRequestSchema,
  }),
  z.object({ id: LanRequestIdSchema, kind: z.literal('submit'), body: AttendeeSubmissionSchema }),
]);
export type LanBridgeRequest = z.infer<typeof LanBridgeRequestSchema>;

export const AttendeeErrorSchema = z.object({
  code: z.enum(ATTENDEE_ERROR_CODES),
  message: z.string().max(500),
  fields: z.partialRecord(z.string().max(40), z.string().max(100)).optional(),
});

const failure = z.object({ ok: z.literal(false), error: AttendeeErrorSchema });

/** What the renderer answers; the value's shape depends on the request's kind (checked again). */
export const LanBridgeAnswerSchema = z.object({
  id: LanRequestIdSchema,
  result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), failure]),
});
export type LanBridgeAnswer = z.infer<typeof LanBridgeAnswerSchema>;

const RESULT_SCHEMAS = {
  context: z.union([z.object({ ok: z.literal(true), value: AttendeeContextSchema }), failure]),
  submit: z.union([z.object({ ok: z.literal(true), value: AttendeeSubmitResultSchema }), failure]),
} as const;

/** The answer's result, checked against the kind of request it answers; null when malformed. */
export function parseBridgeResult(
  kind: LanBridgeKind,
  result: unknown,
): AttendeeResult<unknown> | null {
  const parsed = RESULT_SCHEMAS[kind].safeParse(result);
  return parsed.success ? (parsed.data as AttendeeResult<unknown>) : null;
}

/**
 * The renderer's side: answers one bridged request with the backend. A request that does not
 * parse gets no answer (the server times it out); a backend that throws answers `unavailable`.
 */
export async function answerBridgeRequest(
  backend: AttendeeBackend,
  message: unknown,
): Promise<LanBridgeAnswer | null> {
  const parsed = LanBridgeRequestSchema.safeParse(message);
  if (!parsed.success) return null;
  const request = parsed.data;
  try {
    const result =
      request.kind === 'context'
        ? await backend.context(request.body)
        : await backend.submit(request.body);
    return { id: request.id, result };
  } catch {
    return {
      id: request.id,
      result: { ok: false, error: { code: 'unavailable', message: 'the booth could not answer' } },
    };
  }
}

/** Booth LAN server status, as the settings screen and the booth QR see it. */
export const LanInterfaceSchema = z.object({
  name: z.string().max(100),
  address: z.string().max(64),
  /** Loopback: reachable from this computer only (tests, demos). */
  internal: z.boolean(),
});
export type LanInterface = z.infer<typeof LanInterfaceSchema>;

export const LanStatusSchema = z.object({
  running: z.boolean(),
  address: z.string().max(64).nullable(),
  port: z.number().int().min(0).max(65535),
  /** Base URL phones use (`http://<address>:<port>`), null when stopped. */
  url: z.string().max(200).nullable(),
  /** A renderer is connected to answer requests. */
  bridged: z.boolean(),
  /** Why the last start failed (port in use, address gone), for the settings screen. */
  error: z.string().max(300).nullable(),
});
export type LanStatus = z.infer<typeof LanStatusSchema>;

export const LanStartRequestSchema = z
  .object({
    address: z.ipv4(),
    /** 0: any free port (tests). */
    port: z.union([z.literal(0), z.number().int().min(1024).max(65535)]).optional(),
  })
  .strict();
export type LanStartRequest = z.infer<typeof LanStartRequestSchema>;
