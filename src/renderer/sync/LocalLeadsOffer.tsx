import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { ModalForm } from '../components/ModalForm';
import { useObservable } from '../hooks/use-rx';
import {
  loadKeptLocal,
  localLeadEvents,
  rehomeLocalLeads,
  setKeptLocal,
  type LocalLeadEvent,
} from './local-leads';
import { useSyncStatus } from './use-sync-status';

/**
 * Once the device is enrolled, leads of events made on this laptop would stay here forever: this
 * offers, per local event, to bring them into the pool's event (so they push) or to keep them
 * local — still counted on the sync badge. Shown again after a restart while any is undecided,
 * so a run killed half-way is finished by the next one.
 */
export function LocalLeadsOffer() {
  const { t } = useTranslation();
  const { db, capture, settings, updateSettings } = useServices();
  const status = useSyncStatus();
  const enrolledEventId = status.enrollment?.eventId ?? null;
  const poolEvent = useObservable(() => db.events.findOne(enrolledEventId ?? '__none__').$, null, [
    db,
    enrolledEventId,
  ]);
  const kept = useObservable(() => db.getLocal$<{ eventIds: string[] }>('local-leads-kept'), null, [
    db,
  ]);
  const [offers, setOffers] = useState<LocalLeadEvent[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!enrolledEventId) return;
    let current = true;
    void Promise.all([localLeadEvents(db, enrolledEventId), loadKeptLocal(db)]).then(
      ([found, keptIds]) => {
        if (current) setOffers(found.filter((o) => !keptIds.includes(o.event.id)));
      },
    );
    return () => {
      current = false;
    };
  }, [db, enrolledEventId, kept, status.localOnly]);

  if (!enrolledEventId || (offers.length === 0 && !message)) return null;
  const poolName = poolEvent?.name ?? t('localLeads.poolEvent');

  async function bringIn(event: LeadEvent) {
    if (!enrolledEventId) return;
    setBusy(true);
    setMessage('');
    try {
      const moved = await rehomeLocalLeads(capture, event.id, enrolledEventId);
      if (settings.currentEventId === event.id)
        await updateSettings({ currentEventId: enrolledEventId });
      setMessage(t('localLeads.done', { count: moved }));
      setOffers((list) => list.filter((o) => o.event.id !== event.id));
    } catch (error) {
      setMessage(
        t('localLeads.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  }

  async function keep(event: LeadEvent) {
    await setKeptLocal(db, [...(await loadKeptLocal(db)), event.id]);
  }

  return (
    <ModalForm
      label={t('localLeads.title')}
      className="local-leads-dialog"
      onSubmit={(e) => e.preventDefault()}
    >
      <h2>{t('localLeads.title')}</h2>
      <p>{t('localLeads.intro', { event: poolName })}</p>
      {message ? (
        <p className="enroll-message ok" role="status">
          {message}
        </p>
      ) : null}
      <ul className="match-list">
        {offers.map(({ event, leads }) => (
          <li key={event.id} className="match-item">
            <strong>{t('localLeads.event', { name: event.name, count: leads })}</strong>
            <div className="match-actions">
              <button type="button" disabled={busy} onClick={() => void keep(event)}>
                {t('localLeads.keep')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void bringIn(event)}
              >
                {busy ? t('localLeads.working') : t('localLeads.bringIn', { event: poolName })}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {offers.length === 0 ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setMessage('')}>
            {t('person.close')}
          </button>
        </div>
      ) : null}
    </ModalForm>
  );
}
