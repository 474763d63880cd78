import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from './api/client';

export type Role = 'admin' | 'marketing' | 'sales';

/** What `GET /auth/me` answers for the signed-in user. */
export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  role: Role;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'signed-out'; reason: 'never' | 'ended' }
  | { status: 'unreachable'; message: string };

export interface Session {
  state: SessionState;
  /** Asks the pool again who is signed in: after sign-in, set-up or accepting an invite. */
  refresh(): Promise<void>;
  signOut(options?: { everywhere?: boolean }): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const { user } = await api.get<{ user: SessionUser }>('/auth/me');
      setState({ status: 'signed-in', user });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setState({ status: 'signed-out', reason: 'never' });
      } else {
        setState({
          status: 'unreachable',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any 401 later on (session expired, user revoked, signed out in another tab) ends it here.
  useEffect(
    () =>
      onUnauthorized(() =>
        setState((current) =>
          current.status === 'signed-in' ? { status: 'signed-out', reason: 'ended' } : current,
        ),
      ),
    [],
  );

  const signOut = useCallback(async ({ everywhere = false } = {}) => {
    try {
      await api.send('POST', everywhere ? '/auth/logout-all' : '/auth/logout');
    } finally {
      setState({ status: 'signed-out', reason: 'never' });
    }
  }, []);

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for screens the router shows signed in. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser on a signed-out screen');
  return state.user;
}
