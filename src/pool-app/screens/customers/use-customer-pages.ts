import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CustomerCountResponse,
  CustomerListResponse,
  CustomerSummary,
} from '../../../shared/api/customers';
import { api, takeEarlyAnswer } from '../../api/client';
import { firstPageQuery, PAGE_SIZE } from './first-page';

export interface CustomerPages {
  rows: CustomerSummary[];
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  /** Another page is being fetched (the rows so far stay shown). */
  loadingMore: boolean;
  hasMore: boolean;
  count: number | null;
  loadMore: () => void;
  reload: () => void;
}

/**
 * The customers of a filter, keyset-paged: the first page when the filter changes, then one page
 * more each time `loadMore` is called (the table calls it near the bottom). An answer for an older
 * filter is dropped, so typing fast never shows stale rows.
 */
export function useCustomerPages(filter: URLSearchParams): CustomerPages {
  const key = filter.toString();
  // Opened on this list, the first page may already be here (first-page.ts): shown at once.
  const [first] = useState(() => {
    const page = takeEarlyAnswer<CustomerListResponse>('/customers', firstPageQuery(filter));
    // Without the page the effect asks for both; an early count is then left for it to take.
    const counted = page && takeEarlyAnswer<CustomerCountResponse>('/customers/count', filter);
    return { key, page, count: counted ? counted.count : null };
  });
  const [rows, setRows] = useState<CustomerSummary[]>(first.page?.customers ?? []);
  const [status, setStatus] = useState<CustomerPages['status']>(first.page ? 'ready' : 'loading');
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [count, setCount] = useState<number | null>(first.page ? first.count : null);
  const [tick, setTick] = useState(0);
  const cursor = useRef<string | null>(first.page?.nextCursor ?? null);
  const generation = useRef(0);
  const busy = useRef(false);
  const startedWith = useRef<string | null>(first.page ? first.key : null);

  const query = useCallback(
    (extra: Record<string, string>) => {
      const params = new URLSearchParams(key);
      for (const [name, value] of Object.entries(extra)) params.set(name, value);
      return params;
    },
    [key],
  );

  useEffect(() => {
    const mine = ++generation.current;
    const askCount = () =>
      api.get<CustomerCountResponse>('/customers/count', new URLSearchParams(key)).then(
        (answer) => {
          if (mine === generation.current) setCount(answer.count);
        },
        () => {
          // The count is a nicety; the list says its own errors.
        },
      );
    if (startedWith.current === key && tick === 0) {
      // The first render already showed this filter's first page; the count may still be asked.
      startedWith.current = null;
      if (first.count === null) void askCount();
      return;
    }
    startedWith.current = null;
    cursor.current = null;
    busy.current = true;
    setStatus('loading');
    setCount(null);
    api.get<CustomerListResponse>('/customers', firstPageQuery(new URLSearchParams(key))).then(
      (page) => {
        if (mine !== generation.current) return;
        busy.current = false;
        cursor.current = page.nextCursor;
        setRows(page.customers);
        setStatus('ready');
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        busy.current = false;
        setError(failure);
        setStatus('error');
      },
    );
    void askCount();
  }, [key, tick, first]);

  const loadMore = useCallback(() => {
    const after = cursor.current;
    if (busy.current || after === null) return;
    const mine = generation.current;
    busy.current = true;
    setLoadingMore(true);
    api
      .get<CustomerListResponse>('/customers', query({ limit: String(PAGE_SIZE), cursor: after }))
      .then(
        (page) => {
          if (mine !== generation.current) return;
          cursor.current = page.nextCursor;
          setRows((before) => [...before, ...page.customers]);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(failure);
          setStatus('error');
        },
      )
      .finally(() => {
        if (mine !== generation.current) return;
        busy.current = false;
        setLoadingMore(false);
      });
  }, [query]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return {
    rows,
    status,
    error,
    loadingMore,
    hasMore: status === 'ready' && cursor.current !== null,
    count,
    loadMore,
    reload,
  };
}
