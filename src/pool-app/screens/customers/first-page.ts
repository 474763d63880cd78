import { getEarly } from '../../api/client';
import { currentSearch } from '../../hash-location';
import { filterParams } from './filter-query';

/** Rows a request brings: a screenful and more, so scrolling rarely waits. */
export const PAGE_SIZE = 100;

/** The request of a filter's first page. */
export function firstPageQuery(filter: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams(filter);
  query.set('limit', String(PAGE_SIZE));
  return query;
}

/**
 * The list's first page and count for the address the app opened on, asked for at start-up beside
 * the session check and the screen's code (routes.tsx), not after the screen's first render. Kept
 * out of the screen's chunk, and free of zod, so the entry stays small.
 */
export function prefetchCustomers(): void {
  const filter = filterParams(new URLSearchParams(currentSearch()));
  getEarly('/customers', firstPageQuery(filter));
  getEarly('/customers/count', filter);
}
