import { memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PersonPanel } from '../console/PersonPanel';
import { useCurrentEvent } from '../hooks/use-current-event';
import { navigate } from '../hooks/use-hash-route';
import { SyncBadge } from '../sync/SyncBadge';
import { BoothQr } from './BoothQr';
import { CameraScanner } from './CameraScanner';
import { CheckInDashboard } from './CheckInDashboard';
import { ManualCheckIn } from './ManualCheckIn';
import { ScanFeedback } from './ScanFeedback';
import { useHidScanner } from './use-hid-scanner';
import { useScanPipeline } from './use-scan-pipeline';
import type { LeadEvent } from '../../shared/schemas';

/**
 * The check-in desk: camera, HID scanner (heard everywhere on this screen) and manual search feed
 * one pipeline; results show full-screen. A walk-in's badge opens their record to qualify.
 */
export function CheckInView() {
  const event = useCurrentEvent();
  useEffect(() => {
    if (event === null) navigate('/');
  }, [event]);
  if (!event) return null;
  return <CheckInDesk event={event} />;
}

function CheckInDesk({ event }: { event: LeadEvent }) {
  const { t } = useTranslation();
  const [walkIn, setWalkIn] = useState<string | null>(null);
  const onBadge = useCallback((personId: string) => setWalkIn(personId), []);
  const { shown, scan, checkInManually, dismiss } = useScanPipeline(event, onBadge);
  const onHid = useCallback((text: string) => scan(text, 'hid'), [scan]);
  const onCamera = useCallback((text: string) => scan(text, 'camera'), [scan]);
  useHidScanner(onHid);

  return (
    <div className="console checkin">
      <DeskInputs event={event} onCamera={onCamera} onCheckIn={checkInManually} />
      {walkIn ? (
        <div className="walkin-drawer" role="dialog" aria-label={t('person.editTitle')}>
          <PersonPanel
            key={walkIn}
            event={event}
            personId={walkIn}
            onSaved={setWalkIn}
            onClose={() => setWalkIn(null)}
          />
        </div>
      ) : null}
      {shown ? <ScanFeedback shown={shown} onDismiss={dismiss} /> : null}
    </div>
  );
}

/**
 * Everything under the result overlay. Memoized: a scan's result renders the overlay alone, not
 * the camera, the search and the dashboard again (they were most of a scan's feedback time).
 */
const DeskInputs = memo(function DeskInputs({
  event,
  onCamera,
  onCheckIn,
}: {
  event: LeadEvent;
  onCamera(text: string): void;
  onCheckIn(personId: string): void;
}) {
  const { t } = useTranslation();
  const { settings } = useServices();
  return (
    <>
      <header className="topbar">
        <div className="brand">{t('app.name')}</div>
        <h1 className="topbar-title">
          {t('checkin.title')} · {event.name}
        </h1>
        <div className="spacer" />
        <span className="device-name">{settings.deviceName}</span>
        <SyncBadge />
        <button type="button" onClick={() => navigate('/')}>
          {t('checkin.back')}
        </button>
        <LanguageSwitch />
      </header>
      <p className="checkin-ready" role="status">
        {t('checkin.ready')} · {t('checkin.hidReady')}
      </p>
      <div className="checkin-grid">
        <div className="checkin-inputs">
          <CameraScanner onDecoded={onCamera} />
          <ManualCheckIn event={event} onCheckIn={onCheckIn} />
        </div>
        <div className="checkin-side">
          <CheckInDashboard event={event} />
          <BoothQr event={event} />
        </div>
      </div>
    </>
  );
});
