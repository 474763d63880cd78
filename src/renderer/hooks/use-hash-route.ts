import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'console' }
  | { name: 'draws' }
  | { name: 'kiosk' }
  | { name: 'checkin' }
  | { name: 'enroll' }
  | { name: 'draw'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  if (path === '/kiosk') return { name: 'kiosk' };
  if (path === '/checkin') return { name: 'checkin' };
  if (path === '/enroll') return { name: 'enroll' };
  if (path === '/draws') return { name: 'draws' };
  const draw = /^\/draw\/([\w-]{1,64})$/.exec(path);
  if (draw?.[1]) return { name: 'draw', id: draw[1] };
  return { name: 'console' };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
