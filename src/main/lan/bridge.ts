import { randomBytes } from 'node:crypto';
import {
  LanBridgeAnswerSchema,
  parseBridgeResult,
  type LanBridgeKind,
  type LanBridgeRequest,
} from '../../shared/attendee/lan-bridge';
import type {
  AttendeeBackend,
  AttendeeContext,
  AttendeeResult,
  AttendeeSubmitResult,
} from '../../shared/attendee/protocol';

/** How long a phone waits for the booth's renderer before it hears `unavailable`. */
export const DEFAULT_BRIDGE_TIMEOUT_MS = 8_000;

/** Hands a request to the renderer; false when no renderer is there to take it. */
export type BridgeSend = (request: LanBridgeRequest) => boolean;

export interface LanBridge {
  /** The bridged backend the HTTP server calls: each call waits for the renderer's answer. */
  backend: AttendeeBackend;
  /** An answer from the renderer (any transport); unknown, late or malformed answers are dropped. */
  answer(message: unknown): boolean;
  /** Sets (or clears) where requests go: the staff window, or the web page's event stream. */
  connect(send: BridgeSend | null): void;
  connected(): boolean;
  /** Answers every pending request `unavailable` (the server stops, the renderer went away). */
  failAll(): void;
}

interface Pending {
  kind: LanBridgeKind;
  resolve(result: AttendeeResult<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

const UNAVAILABLE = {
  ok: false,
  error: { code: 'unavailable', message: 'the booth is not answering; try again' },
} as const;

/**
 * Request/response correlation between the LAN server and the booth's renderer, the same for
 * both transports: every request gets a random id and a timer; the first valid answer with that
 * id wins; a silent renderer becomes `unavailable` after `timeoutMs`, never a hanging phone.
 */
export function createLanBridge(options: { timeoutMs?: number } = {}): LanBridge {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BRIDGE_TIMEOUT_MS;
  const pending = new Map<string, Pending>();
  let send: BridgeSend | null = null;

  function request(kind: LanBridgeKind, body: unknown): Promise<AttendeeResult<unknown>> {
    return new Promise((resolve) => {
      const id = randomBytes(12).toString('base64url');
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(UNAVAILABLE);
      }, timeoutMs);
      pending.set(id, { kind, resolve, timer });
      const delivered = send?.({ id, kind, body } as LanBridgeRequest) ?? false;
      if (!delivered) settle(id, UNAVAILABLE);
    });
  }

  function settle(id: string, result: AttendeeResult<unknown>): boolean {
    const entry = pending.get(id);
    if (!entry) return false;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
    return true;
  }

  return {
    backend: {
      context: (body) => request('context', body) as Promise<AttendeeResult<AttendeeContext>>,
      submit: (body) => request('submit', body) as Promise<AttendeeResult<AttendeeSubmitResult>>,
    },
    answer(message) {
      const parsed = LanBridgeAnswerSchema.safeParse(message);
      if (!parsed.success) return false;
      const entry = pending.get(parsed.data.id);
      if (!entry) return false;
      // A renderer answering with a wrong shape must not reach a phone: treat it as no answer.
      return settle(
        parsed.data.id,
        parseBridgeResult(entry.kind, parsed.data.result) ?? UNAVAILABLE,
      );
    },
    connect(next) {
      send = next;
    },
    connected: () => send !== null,
    failAll() {
      for (const id of [...pending.keys()]) settle(id, UNAVAILABLE);
    },
  };
}
