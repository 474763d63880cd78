import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { MergeListItem, MergeListResponse } from '../../../shared/api';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError, Loading } from '../common/states';
import { formatTime, readable } from './format';

/** The merges this customer went through (as survivor or as the merged one), each undoable. */
export function MergesPanel({
  customerId,
  version,
  onChanged,
}: {
  customerId: string;
  /** Changes when the customer was reloaded: a confirm elsewhere may have added a merge. */
  version: number;
  onChanged: (notice: string) => void;
}) {
  const { t, i18n } = useTranslation('customer');
  const merges = useResource(
    () => api.get<MergeListResponse>('/customers/merges', { customerId, limit: 50 }),
    `${customerId}:${version}`,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const undo = async (merge: MergeListItem) => {
    setBusy(merge.id);
    setFailure(null);
    try {
      await api.send('POST', `/customers/merges/${merge.id}/undo`);
      onChanged(t('merges.undoneNow'));
    } catch (error) {
      setFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel c360-panel" aria-labelledby="c360-merges-title">
      <h2 id="c360-merges-title">{t('merges.title')}</h2>
      {merges.status === 'error' && <LoadError error={merges.error} onRetry={merges.reload} />}
      {!merges.data && merges.status === 'loading' && <Loading />}
      {merges.data?.merges.length === 0 && <p className="hint">{t('merges.none')}</p>}
      {merges.data && merges.data.merges.length > 0 && (
        <ul className="c360-merges">
          {merges.data.merges.map((merge) => {
            const at = formatTime(merge.at, i18n.language);
            const survived = merge.survivorId === customerId;
            const other = survived ? merge.mergedId : merge.survivorId;
            return (
              <li key={merge.id}>
                <p>
                  {survived
                    ? t('merges.merged', { at, id: other.slice(-6) })
                    : t('merges.absorbed', { at, id: other.slice(-6) })}
                </p>
                <p className="hint">
                  {t('merges.keys', {
                    keys: merge.keys.map((key) => readable(key.kind, key.value)).join('、'),
                  })}
                </p>
                {merge.undoneAt !== null ? (
                  <p className="hint">
                    {t('merges.undone', { at: formatTime(merge.undoneAt, i18n.language) })}{' '}
                    <Link href={`/customers/${other}`}>{t('merges.open')}</Link>
                  </p>
                ) : (
                  <button
                    type="button"
                    aria-label={t('merges.undoLabel', { at })}
                    disabled={busy !== null}
                    onClick={() => void undo(merge)}
                  >
                    {t('merges.undo')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
