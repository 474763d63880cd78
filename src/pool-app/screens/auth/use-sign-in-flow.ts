import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { AUTH_API_ERRORS } from '../../../shared/api/auth';
import { ApiError, NETWORK_ERROR_CODE } from '../../api/client';
import { useSession } from '../../session';

/** Where a sign-in goes next: the `next` of the link, when it is a path of this app. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The pool's refusal, said in the user's language. */
export function describeFailure(
  error: unknown,
  t: TFunction<'auth'>,
  known: Partial<Record<string, string>> = {},
): string {
  if (error instanceof ApiError) {
    const mine = known[error.code];
    if (mine) return mine;
    if (error.code === NETWORK_ERROR_CODE) return t('error.network');
    if (error.code === AUTH_API_ERRORS.originRefused) return t('error.refused');
  }
  return t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
}

/**
 * Sends a form that signs someone in (sign-in, set-up, invitation); on success the session is
 * asked again and the user goes on to `next`.
 */
export function useSignInFlow(next: string) {
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const run = async (send: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await send();
      await refresh();
      navigate(next, { replace: true });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  return { busy, failure, run };
}
