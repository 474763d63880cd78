import { Suspense } from 'react';
import { Redirect, Route, Router, Switch, useLocation, useSearch } from 'wouter';
import { useHashLocation } from './hash-location';
import { AppLayout } from './layout/AppLayout';
import { ROUTES, SIGN_IN_PATH, type RouteEntry } from './routes';
import { Forbidden, LoadError, Loading, NotFound } from './screens/common/states';
import { useSession } from './session';

/** Where to come back to after signing in: the screen the visitor asked for, with its filters. */
function signInRedirect(location: string, search: string): string {
  const next = search ? `${location}?${search}` : location;
  return next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?${new URLSearchParams({ next })}`;
}

function SignedInScreen({ route }: { route: RouteEntry }) {
  const { state, refresh } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'unreachable') {
    return <LoadError error={new Error(state.message)} onRetry={() => void refresh()} />;
  }
  if (state.status === 'signed-out')
    return <Redirect to={signInRedirect(location, search)} replace />;
  const Screen = route.screen;
  return (
    <AppLayout>
      {route.roles?.includes(state.user.role) ? (
        <Suspense fallback={<Loading />}>
          <Screen />
        </Suspense>
      ) : (
        <Forbidden role={state.user.role} />
      )}
    </AppLayout>
  );
}

function PublicScreen({ route }: { route: RouteEntry }) {
  const Screen = route.screen;
  return (
    <main id="main" className="public">
      <Suspense fallback={<Loading />}>
        <Screen />
      </Suspense>
    </main>
  );
}

function Unknown() {
  const { state } = useSession();
  if (state.status !== 'signed-in') return <PublicNotFound />;
  return (
    <AppLayout>
      <NotFound />
    </AppLayout>
  );
}

function PublicNotFound() {
  return (
    <main id="main" className="public">
      <NotFound />
    </main>
  );
}

export function App() {
  return (
    <Router
      hook={useHashLocation}
      searchHook={useHashLocation.searchHook}
      hrefs={useHashLocation.hrefs}
    >
      <Switch>
        {ROUTES.map((route) => (
          <Route key={route.path} path={route.path}>
            {route.roles ? <SignedInScreen route={route} /> : <PublicScreen route={route} />}
          </Route>
        ))}
        <Route>
          <Unknown />
        </Route>
      </Switch>
    </Router>
  );
}
