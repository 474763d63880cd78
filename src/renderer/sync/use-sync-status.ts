import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';
import type { SyncStatus } from './status';

/** The sync engine's status, live. */
export function useSyncStatus(): SyncStatus {
  const { sync } = useServices();
  return useObservable(() => sync.status$, sync.getStatus(), [sync]);
}

/** Clock time for today, date and time otherwise, in the UI language. */
export function formatSyncTime(at: number, language: string, now = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(language, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}
