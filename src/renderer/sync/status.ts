import type { Enrollment } from './enrollment';
import type { SyncErrorKind } from './transport';

/** What the sync badge shows (DESIGN.md "Sync": pending count, last success, error). */
export type SyncState =
  | 'not_enrolled'
  | 'offline'
  | 'syncing'
  | 'synced'
  /** The pool has everything of the enrolled event, but leads of local events are not in it. */
  | 'local_only'
  | 'error';

export interface SyncFailure {
  kind: SyncErrorKind;
  message: string;
  at: number;
}

export interface SyncStatus {
  state: SyncState;
  enrollment: Enrollment | null;
  /** Local changes not pushed yet; null while unknown (replication not started in this window). */
  pending: number | null;
  lastSuccessAt: number | null;
  lastError: SyncFailure | null;
  /** Leads of local events (made on this device, not the enrolled one): they are not in the pool. */
  localOnly: number;
  /** Whether the pool sends mail, as it said at this run's first contact; null: not known yet. */
  poolMail: 'smtp' | 'none' | null;
}

/** The latest outcome of one channel (a collection's pull or push). */
export type Outcome = { ok: true; at: number } | { ok: false; failure: SyncFailure };

export interface StateInputs {
  enrolled: boolean;
  online: boolean;
  /** Some replication is working right now. */
  active: boolean;
  pending: number | null;
  lastSuccessAt: number | null;
  outcomes: Iterable<Outcome>;
  localOnly: number;
}

/**
 * One word for the badge. A channel whose latest attempt failed is what staff must hear about:
 * unreachable pool (or no network at all) → offline; any other failure → error. Otherwise work in
 * progress or unpushed changes → syncing; all quiet after a success → synced — unless leads
 * of local events are still only on this device: then never "synced".
 */
export function deriveState(inputs: StateInputs): SyncState {
  if (!inputs.enrolled) return 'not_enrolled';
  const failures = [...inputs.outcomes].flatMap((o) => (o.ok ? [] : [o.failure]));
  if (!inputs.online || failures.some((f) => f.kind === 'unreachable')) return 'offline';
  if (failures.length > 0) return 'error';
  if (inputs.active || inputs.pending !== 0 || inputs.lastSuccessAt === null) return 'syncing';
  return inputs.localOnly > 0 ? 'local_only' : 'synced';
}

/** Retry delays after consecutive failures: 2 s doubling to 2 min, with ±20 % jitter. */
export function retryDelay(
  failures: number,
  random: () => number = Math.random,
  baseMs = 2000,
  maxMs = 120_000,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
