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
 * to the enrollment screen. Leads of local events, which never sync, are counted apart
 * ("11 条线索仅在本机"), and `onBringIn` offers to bring them into the pool's event.
 */
export function SyncBadge({ onBringIn }: { onBringIn?: () => void } = {}) {
  const { t, i18n } = useTranslation();
  const { sync } = useServices();
  const status = useSyncStatus();
  const failureText = useFailureText();
  const [open, setOpen] = useState(false);
  const detailsId = useId();

  const stateText = t(`sync.state.${status.state}`);
  const localText = status.localOnly > 0 ? t('sync.localOnly', { count: status.localOnly }) : null;
  if (status.state === 'not_enrolled') {
    const summary = [stateText, localText, t('sync.enroll')].filter(Boolean).join(' · ');
    // Visible: what staff must know first, on one line; the name spells out the rest.
    const shown = [stateText, localText ?? t('sync.enroll')].join(' · ');
    return (
      <button
        type="button"
        className="sync-badge"
        data-state={status.state}
        data-local={status.localOnly}
        onClick={() => navigate('/enroll')}
      >
        <span className="sync-dot" aria-hidden="true" />
        {/* The name is the whole summary; what is shown is its short form (one line). */}
        <span aria-hidden="true">{shown}</span>
        <span className="visually-hidden">{t('sync.badgeLabel', { summary })}</span>
      </button>
    );
  }

  const pendingText =
    status.pending === null
      ? t('sync.pendingUnknown')
      : t('sync.pending', { count: status.pending });
  const lastAt =
    status.lastSuccessAt === null ? null : formatSyncTime(status.lastSuccessAt, i18n.language);
  const summary = [
    stateText,
    pendingText,
    localText,
    lastAt ? t('sync.lastAt', { time: lastAt }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const unsent = (status.pending ?? 0) + status.localOnly;

  return (
    <div className="sync-badge-wrap">
      <button
        type="button"
        className="sync-badge"
        data-state={status.state}
        data-pending={status.pending ?? ''}
        data-local={status.localOnly}
        title={summary}
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen(!open)}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-state" aria-hidden="true">
          {stateText}
        </span>
        {/* A count bubble keeps the top bar on one line; the name and details spell it out. */}
        {unsent > 0 ? (
          <span className="sync-count" aria-hidden="true">
            {unsent}
          </span>
        ) : null}
        <span className="visually-hidden">{t('sync.badgeLabel', { summary })}</span>
      </button>
      {open ? (
        <section id={detailsId} className="sync-details card" aria-label={t('sync.details')}>
          <dl>
            <dt>{t('sync.pendingTitle')}</dt>
            <dd>{status.pending ?? '—'}</dd>
            <dt>{t('sync.localOnlyTitle')}</dt>
            <dd>{status.localOnly}</dd>
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
            {status.localOnly > 0 && onBringIn ? (
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  onBringIn();
                }}
              >
                {t('sync.bringIn')}
              </button>
            ) : null}
            <button type="button" onClick={() => navigate('/enroll')}>
              {t(status.enrollment ? 'sync.reenroll' : 'sync.enroll')}
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
