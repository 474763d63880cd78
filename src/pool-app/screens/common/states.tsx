import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError, NETWORK_ERROR_CODE } from '../../api/client';
import type { Resource } from '../../api/use-resource';
import type { Role } from '../../session';

export function Loading() {
  const { t } = useTranslation('shell');
  return (
    <p className="state state-loading" role="status">
      {t('state.loading')}
    </p>
  );
}

/** A failed load, said in the user's language, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('shell');
  const message =
    error instanceof ApiError && error.code === NETWORK_ERROR_CODE
      ? t('error.network')
      : t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * What a screen shows of a resource until it has data: its loading line, or its failure with a
 * way to try again. Once data is there (also while it reloads, or when a reload failed) nothing.
 */
export function Unloaded({ resource }: { resource: Resource<unknown> }) {
  if (resource.data !== undefined) return null;
  if (resource.status === 'error') {
    return <LoadError error={resource.error} onRetry={resource.reload} />;
  }
  return <Loading />;
}

export function Forbidden({ role }: { role: Role }) {
  const { t } = useTranslation('shell');
  return (
    <section className="state state-forbidden" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('state.forbidden')}</h1>
      <p>{t('state.forbiddenHint', { role: t(`roles.${role}`) })}</p>
      <Link href="/">{t('state.home')}</Link>
    </section>
  );
}

export function NotFound() {
  const { t } = useTranslation('shell');
  return (
    <section className="state" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('state.notFound')}</h1>
      <p>{t('state.notFoundHint')}</p>
      <Link href="/">{t('state.home')}</Link>
    </section>
  );
}
