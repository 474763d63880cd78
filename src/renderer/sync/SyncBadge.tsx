import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services';
import { navigate } from '../hooks/use-hash-route';
import type { SyncFailure } from './status';
import { formatSyncTime, useSyncStatus } from './use-sync-status';
import './sync.css';

/** "code: message" of a failure, in the UI language. */
export function useFailureText(): (failure: SyncFailure) => string {
  const { t } = useTranslation();
  return (failure) => t(`sync.errors.${failure.kind}`, { message: failure.message });
}

/**
 * The top bar's sync badge (DESIGN.md "Sync"): state, local changes not pushed yet and the last
 * success at a glance; the last error, the pool and "sync now" when opened. Not enrolled, it leads
 * to the enrollment screen.
 */
export function SyncBadge() {
  const { t, i18n } = useTranslation();
  const { sync } = useServices();
  const status = useSyncStatus();
  const failureText = useFailureText();
  const [open, setOpen] = useState(false);
  const detailsId = useId();

  const stateText = t(`sync.state.${status.state}`);
  if (status.state === 'not_enrolled') {
    const summary = `${stateText} · ${t('sync.enroll')}`;
    return (
      <button
        type="button"
        className="sync-badge"
        data-state={status.state}
        aria-label={t('sync.badgeLabel', { summary })}
        onClick={() => navigate('/enroll')}
      >
        <span className="sync-dot" aria-hidden="true" />
        {summary}
      </button>
    );
  }

  const pendingText =
    status.pending === null
      ? t('sync.pendingUnknown')
      : t('sync.pending', { count: status.pending });
  const lastAt =
    status.lastSuccessAt === null ? null : formatSyncTime(status.lastSuccessAt, i18n.language);
  const summary = [stateText, pendingText, lastAt ? t('sync.lastAt', { time: lastAt }) : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="sync-badge-wrap">
      <button
        type="button"
        className="sync-badge"
        data-state={status.state}
        data-pending={status.pending ?? ''}
        aria-label={t('sync.badgeLabel', { summary })}
        title={summary}
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen(!open)}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-state">{stateText}</span>
        {/* A count bubble keeps the top bar on one line; the name and details spell it out. */}
        {status.pending ? (
          <span className="sync-count" aria-hidden="true">
            {status.pending}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={detailsId} className="sync-details card" aria-label={t('sync.details')}>
          <dl>
            <dt>{t('sync.pendingTitle')}</dt>
            <dd>{status.pending ?? '—'}</dd>
            <dt>{t('sync.pool')}</dt>
            <dd>{status.enrollment?.poolUrl}</dd>
            <dt>{t('sync.device')}</dt>
            <dd>
              <code>{status.enrollment?.deviceId}</code>
            </dd>
            <dt>{t('sync.lastSuccess')}</dt>
            <dd>{lastAt ?? t('sync.never')}</dd>
            <dt>{t('sync.lastError')}</dt>
            <dd className={status.lastError ? 'sync-error-text' : undefined}>
              {status.lastError
                ? `${formatSyncTime(status.lastError.at, i18n.language)} · ${failureText(status.lastError)}`
                : t('sync.noError')}
            </dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => navigate('/enroll')}>
              {t('sync.enroll')}
            </button>
            <button type="button" className="primary" onClick={() => sync.syncNow()}>
              {t('sync.syncNow')}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
