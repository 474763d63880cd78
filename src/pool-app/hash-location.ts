import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * Routes and their query live together in the hash (`/app/#/customers?grade=A&stage=MQL`), so a
 * filtered list is a link and leaving it does not carry its filters to the next screen. The real
 * query string keeps only what is page-wide (`?lang=en`). wouter's own hash hook puts the query
 * into location.search instead, where it would stick to every screen.
 */
function subscribe(callback: () => void): () => void {
  addEventListener('hashchange', callback);
  addEventListener('popstate', callback);
  return () => {
    removeEventListener('hashchange', callback);
    removeEventListener('popstate', callback);
  };
}

function hashBody(): string {
  return location.hash.replace(/^#?\/?/, '');
}

/** The screen's path in the hash (`/customers` of `#/customers?grade=A`); `/` when empty. */
export const currentPath = () => `/${hashBody().split('?')[0] ?? ''}`;
/** The screen's query in the hash (`grade=A` of `#/customers?grade=A`). */
export const currentSearch = () => {
  const body = hashBody();
  const at = body.indexOf('?');
  return at < 0 ? '' : body.slice(at + 1);
};

export interface NavigateOptions {
  replace?: boolean;
}

export function navigate(to: string, { replace = false }: NavigateOptions = {}): void {
  const url = new URL(location.href);
  url.hash = to.startsWith('/') ? to : `/${to}`;
  if (url.href === location.href) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useHashLocation(): [string, typeof navigate] {
  return [useSyncExternalStore(subscribe, currentPath), navigate];
}
useHashLocation.searchHook = function useHashSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch);
};
useHashLocation.hrefs = (href: string) => `#${href}`;

/**
 * The current screen's query as URLSearchParams, and a setter that keeps the path: filters write
 * here with `replace` so typing in a search box does not flood the history.
 */
export function useHashQuery(): [
  URLSearchParams,
  (next: URLSearchParams, options?: NavigateOptions) => void,
] {
  const search = useHashLocation.searchHook();
  const [path] = useHashLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = useCallback(
    (next: URLSearchParams, options: NavigateOptions = {}) => {
      const query = next.toString();
      navigate(query ? `${path}?${query}` : path, options);
    },
    [path],
  );
  return [params, setParams];
}
