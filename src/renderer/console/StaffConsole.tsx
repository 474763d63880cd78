import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useCurrentEvent } from '../hooks/use-current-event';
import { navigate } from '../hooks/use-hash-route';
import { lockKiosk } from '../kiosk/kiosk-lock';
import { setKeptLocal } from '../sync/local-leads';
import { LocalLeadsOffer } from '../sync/LocalLeadsOffer';
import { SyncBadge } from '../sync/SyncBadge';
import { useSyncStatus } from '../sync/use-sync-status';
import { EventPicker } from './EventPicker';
import { EventDialog } from './EventDialog';
import { ExportButtons } from './ExportButtons';
import { LeadStats } from './LeadStats';
import { PeoplePanel } from './PeoplePanel';
import { PersonPanel } from './PersonPanel';
import { SettingsDialog } from './SettingsDialog';
import { DrawsSection } from '../draws/DrawsSection';

type Dialog = 'newEvent' | 'editEvent' | 'settings' | null;

/** `#/` shows the leads, `#/draws` the lucky draws: a reload or a link returns to the same one. */
export function StaffConsole({ view }: { view: 'leads' | 'draws' }) {
  const { t } = useTranslation();
  const { platform, settings, db } = useServices();
  const event = useCurrentEvent();
  const { enrollment } = useSyncStatus();
  // Enrolled, the pool's event is current before its document has arrived by pull.
  const awaitingPoolEvent =
    event === null && enrollment !== null && settings.currentEventId === enrollment.eventId;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  const showDraws = view === 'draws';

  async function openKiosk() {
    if (settings.pinHash === '') {
      setNotice(t('kiosk.needPin'));
      setDialog('settings');
      return;
    }
    if (await platform.openKiosk()) return;
    lockKiosk();
    navigate('/kiosk');
  }

  return (
    <div className="console">
      <header className="topbar">
        <div className="brand">{t('app.name')}</div>
        <EventPicker onCreate={() => setDialog('newEvent')} />
        {/* The pool owns the event this device is enrolled for: it is edited there, not here. */}
        {event && event.id !== enrollment?.eventId ? (
          <button type="button" onClick={() => setDialog('editEvent')}>
            {t('event.edit')}
          </button>
        ) : null}
        <div className="spacer" />
        {event ? <ExportButtons event={event} onNotice={setNotice} /> : null}
        {event ? (
          <button type="button" onClick={() => navigate('/checkin')}>
            {t('nav.checkin')}
          </button>
        ) : null}
        {event ? (
          <button
            type="button"
            aria-pressed={showDraws}
            onClick={() => navigate(showDraws ? '/' : '/draws')}
          >
            {t('draw.nav')}
          </button>
        ) : null}
        {event ? (
          <button type="button" className="primary" onClick={() => void openKiosk()}>
            {t('nav.kiosk')}
          </button>
        ) : null}
        <SyncBadge onBringIn={() => void setKeptLocal(db, [])} />
        <button type="button" onClick={() => setDialog('settings')}>
          {t('nav.settings')}
        </button>
        <LanguageSwitch />
      </header>
      {notice ? (
        <div className="notice" role="status">
          {notice}
          <button
            type="button"
            className="link"
            aria-label={t('person.close')}
            onClick={() => setNotice('')}
          >
            ×
          </button>
        </div>
      ) : null}
      {event === undefined ? null : awaitingPoolEvent ? (
        <section className="empty-state" aria-busy="true">
          <h1>{t('sync.waitingTitle')}</h1>
          <p>{t('sync.waitingBody')}</p>
        </section>
      ) : event === null ? (
        <section className="empty-state">
          <h1>{t('event.emptyTitle')}</h1>
          <p>{t('event.emptyBody')}</p>
          <button type="button" className="primary big" onClick={() => setDialog('newEvent')}>
            {t('event.create')}
          </button>
          {enrollment === null ? (
            <p className="empty-state-enroll">
              <button type="button" className="link" onClick={() => navigate('/enroll')}>
                {t('sync.enrollPrompt')}
              </button>
            </p>
          ) : null}
        </section>
      ) : showDraws ? (
        <DrawsSection event={event} onClose={() => navigate('/')} />
      ) : (
        <div className="workspace">
          <aside className="sidebar">
            <LeadStats event={event} />
            <PeoplePanel event={event} selectedId={selected} onSelect={setSelected} />
          </aside>
          <section className="detail">
            {selected ? (
              <PersonPanel
                key={selected}
                event={event}
                personId={selected === 'new' ? null : selected}
                onSaved={(id) => setSelected(id)}
                onClose={() => setSelected(null)}
              />
            ) : (
              <p className="placeholder">{t('person.select')}</p>
            )}
          </section>
        </div>
      )}
      {dialog === 'newEvent' || dialog === 'editEvent' ? (
        <EventDialog
          event={dialog === 'editEvent' ? (event ?? null) : null}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'settings' ? <SettingsDialog onClose={() => setDialog(null)} /> : null}
      <LocalLeadsOffer />
    </div>
  );
}
