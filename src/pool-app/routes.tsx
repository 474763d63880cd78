import { createElement, lazy, type ComponentType } from 'react';
import { ADMIN, ANY_USER, MARKETING } from './roles';
import { prefetchCustomers } from './screens/customers/first-page';
import type { Role } from './session';

/**
 * The route table. Each screen is its own lazy chunk (the first load stays small); a screen module
 * exports the component named in `lazyScreen`. Paths use wouter patterns (`/customers/:id`).
 * One entry per line so parallel changes merge cleanly.
 */
export interface RouteEntry {
  path: string;
  screen: ComponentType;
  /** Absent: a public page (sign-in, set-up, invite) shown without the app frame. */
  roles?: readonly Role[];
}

/**
 * Each screen's chunk loader, so the first screen's code (and, for the customers list, its first
 * page) loads beside the session check.
 */
const loaders = new WeakMap<ComponentType, () => Promise<unknown>>();

/**
 * A screen whose code is its own chunk. Once the chunk is in, the screen renders at once instead
 * of suspending: React holds content revealed after a Suspense fallback back for up to 300 ms
 * (its fallback throttle), which was most of the customers list's first load.
 */
function lazyScreen<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
  /** Asks for the screen's first data when it is the screen the app opens on (not in its chunk). */
  prefetch?: () => void,
): ComponentType {
  let loaded: ComponentType | undefined;
  const loadAndKeep = async () => {
    const module = await load();
    loaded = module[name] as ComponentType;
    return loaded;
  };
  const Lazy = lazy(async () => ({ default: await loadAndKeep() }));
  function Screen() {
    return createElement(loaded ?? Lazy);
  }
  loaders.set(Screen, async () => {
    prefetch?.();
    await loadAndKeep();
  });
  return Screen;
}

export const ROUTES: RouteEntry[] = [
  { path: '/', screen: lazyScreen(() => import('./screens/home/Home'), 'Home'), roles: ANY_USER },
  { path: '/signin', screen: lazyScreen(() => import('./screens/auth/SignIn'), 'SignIn') },
  { path: '/setup/:token', screen: lazyScreen(() => import('./screens/auth/Setup'), 'Setup') },
  {
    path: '/invite/:token',
    screen: lazyScreen(() => import('./screens/auth/AcceptInvite'), 'AcceptInvite'),
  },
  {
    path: '/users',
    screen: lazyScreen(() => import('./screens/users/Users'), 'Users'),
    roles: ADMIN,
  },
  {
    path: '/customers/:id',
    screen: lazyScreen(() => import('./screens/customer/Customer360'), 'Customer360'),
    roles: ANY_USER,
  },
  {
    path: '/inbox',
    screen: lazyScreen(() => import('./screens/sales/SalesInbox'), 'SalesInbox'),
    roles: ANY_USER,
  },
  {
    path: '/duplicates',
    screen: lazyScreen(() => import('./screens/duplicates/Duplicates'), 'Duplicates'),
    roles: MARKETING,
  },
  {
    path: '/settings/webhooks',
    screen: lazyScreen(() => import('./screens/webhooks/Webhooks'), 'Webhooks'),
    roles: ADMIN,
  },
  {
    path: '/customers',
    screen: lazyScreen(
      () => import('./screens/customers/Customers'),
      'Customers',
      prefetchCustomers,
    ),
    roles: ANY_USER,
  },
  {
    path: '/events',
    screen: lazyScreen(() => import('./screens/events/EventList'), 'EventList'),
    roles: MARKETING,
  },
  {
    path: '/events/new',
    screen: lazyScreen(() => import('./screens/events/EventEditor'), 'NewEvent'),
    roles: MARKETING,
  },
  {
    path: '/events/:id/tickets/print',
    screen: lazyScreen(() => import('./screens/events/TicketsPrint'), 'TicketsPrint'),
    roles: MARKETING,
  },
  {
    path: '/events/:id',
    screen: lazyScreen(() => import('./screens/events/EventEditor'), 'EventEditor'),
    roles: MARKETING,
  },
  {
    path: '/dashboard',
    screen: lazyScreen(() => import('./screens/dashboard/Dashboard'), 'Dashboard'),
    roles: MARKETING,
  },
  {
    path: '/dashboard/:id',
    screen: lazyScreen(
      () => import('./screens/dashboard/EventDashboardScreen'),
      'EventDashboardScreen',
    ),
    roles: MARKETING,
  },
  {
    path: '/settings/crm',
    screen: lazyScreen(() => import('./screens/crm/CrmMappings'), 'CrmMappings'),
    roles: MARKETING,
  },
  {
    path: '/settings/intelligence',
    screen: lazyScreen(
      () => import('./screens/settings/IntelligenceSettings'),
      'IntelligenceSettings',
    ),
    roles: MARKETING,
  },
];

/** Where signed-out visitors are sent; a public route of the auth screens. */
export const SIGN_IN_PATH = '/signin';

/** The route the app shows at `path`: the table's first match, as in App's Switch. */
export function routeFor(path: string): RouteEntry | undefined {
  return ROUTES.find((entry) => matches(entry.path, path));
}

/** `/customers/:id` matches `/customers/42`, not `/customers` or `/customers/42/x`. */
function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const have = path.split('/');
  return (
    want.length === have.length &&
    want.every((part, i) => (part.startsWith(':') ? (have[i] ?? '') !== '' : part === have[i]))
  );
}

/**
 * Starts loading the code of the screen at `path` (the address the app opens on) at once: the
 * module loader keeps it, so the screen renders as soon as the session is known instead of
 * fetching its chunk only then.
 */
export function preloadScreen(path: string): void {
  const route = routeFor(path);
  const load = route && loaders.get(route.screen);
  load?.().catch(() => undefined);
}
