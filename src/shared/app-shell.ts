/**
 * Web mode's offline app shell: the one message between the page and its service worker
 * (src/service-worker). A newer build installed by the service worker waits; the page asks it to
 * take over only at start-up, before anything runs, so a running session never changes version.
 */
export const TAKE_OVER = 'leadpond:take-over';

export interface TakeOverRequest {
  type: typeof TAKE_OVER;
}

export interface TakeOverAnswer {
  type: typeof TAKE_OVER;
  /** false while other windows still run the current version: they keep it until they close. */
  accepted: boolean;
}

export const takeOverRequest: TakeOverRequest = { type: TAKE_OVER };

function isRecord(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null;
}

export function isTakeOverRequest(data: unknown): data is TakeOverRequest {
  return isRecord(data) && data.type === TAKE_OVER;
}

/** Only an explicit yes counts: anything else (no answer, a foreign message) keeps the version. */
export function takeOverAccepted(data: unknown): boolean {
  return isRecord(data) && data.type === TAKE_OVER && data.accepted === true;
}

/**
 * The waiting version may take over when the page asking is the only window of the app: any other
 * window is mid-session on the current version, whose lazily loaded files activation would delete.
 */
export function mayTakeOver(windowCount: number): boolean {
  return windowCount <= 1;
}
