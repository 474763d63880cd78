import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'loading'; data: T | undefined; reload: () => void }
  | { status: 'ready'; data: T; reload: () => void }
  | { status: 'error'; error: unknown; data: T | undefined; reload: () => void };

/**
 * Loads what a screen shows and reloads it when `key` changes (a filter, an id). An answer that
 * arrives after a newer request started is dropped, so fast typing never shows stale rows.
 */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown }
  >({ status: 'loading' });
  const last = useRef<T | undefined>(undefined);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => {
        if (mine !== generation.current) return;
        last.current = data;
        setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (mine === generation.current) setState({ status: 'error', error });
      },
    );
  }, [key, tick]);

  if (state.status === 'ready') return { status: 'ready', data: state.data, reload };
  if (state.status === 'error') {
    return { status: 'error', error: state.error, data: last.current, reload };
  }
  return { status: 'loading', data: last.current, reload };
}
