import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BOOTH_TOKEN_ROTATE_MS, issueBoothToken } from '../../shared/attendee';
import type { LanStatus } from '../../shared/attendee/lan-bridge';
import { isLoopbackUrl } from '../../shared/loopback';
import { boothPageUrl } from '../../shared/scan';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { loadBoothKey } from '../attendee/booth-key';
import { useBoothLan } from '../attendee/use-booth-lan';
import { QrImage } from '../components/QrImage';
import type { SyncStatus } from '../sync/status';
import { useSyncStatus } from '../sync/use-sync-status';

const ROTATE_MINUTES = BOOTH_TOKEN_ROTATE_MS / 60_000;

export interface BoothQrTarget {
  base: string;
  via: 'pool' | 'lan';
  /** The address names this machine only: the code scans, and no phone can open it. */
  loopback: boolean;
}

/**
 * Where the booth QR sends phones: the pool's page while the pool is reachable (enrolled and
 * syncing or synced), else this booth's LAN server when it runs, else nowhere (null). An address
 * phones can open beats one they cannot: a pool on 127.0.0.1 yields to a LAN server on the Wi-Fi.
 */
export function boothQrTarget(
  sync: Pick<SyncStatus, 'state' | 'enrollment'>,
  lan: Pick<LanStatus, 'running' | 'url'>,
): BoothQrTarget | null {
  const reachable = sync.state === 'synced' || sync.state === 'syncing';
  const candidates: BoothQrTarget[] = [];
  if (sync.enrollment && reachable) {
    const base = sync.enrollment.poolUrl;
    candidates.push({ base, via: 'pool', loopback: isLoopbackUrl(base) });
  }
  if (lan.running && lan.url) {
    candidates.push({ base: lan.url, via: 'lan', loopback: isLoopbackUrl(lan.url) });
  }
  return candidates.find((c) => !c.loopback) ?? candidates[0] ?? null;
}

/**
 * The booth QR on screen: the attendee page with a booth token signed with this device's key,
 * renewed every few minutes so a photo of it soon stops working. It points to the pool's page
 * while the pool is reachable, else to this booth's LAN server, and says which.
 */
export function BoothQr({ event }: { event: LeadEvent }) {
  const { t } = useTranslation();
  const { db, platform, settings } = useServices();
  const sync = useSyncStatus();
  const lan = useBoothLan();
  const urlId = useId();
  const [round, setRound] = useState(0);
  const [token, setToken] = useState<string | null>(null);
  const enrolledAs = sync.enrollment?.deviceId ?? '';

  useEffect(() => {
    const timer = setInterval(() => setRound((n) => n + 1), BOOTH_TOKEN_ROTATE_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    let current = true;
    void loadBoothKey(db, platform.tokens).then((key) => {
      if (!current) return;
      const random = crypto.getRandomValues(new Uint8Array(6));
      setToken(issueBoothToken(settings.deviceId, key, Date.now(), random));
    });
    return () => {
      current = false;
    };
  }, [db, platform.tokens, settings.deviceId, enrolledAs, round]);

  const target = boothQrTarget(sync, lan.status);
  const url = target && token ? boothPageUrl(target.base, event.id, token) : null;
  const via = target?.via ?? 'lan';

  return (
    <section className="card booth-qr" aria-label={t('boothLan.title')}>
      <h2>{t('boothLan.title')}</h2>
      {url ? (
        <>
          <p className="booth-qr-via" data-via={via}>
            {via === 'pool' ? t('boothLan.viaPool') : t('boothLan.viaLan')}
          </p>
          <div className="booth-qr-code" data-url={url} data-via={via} aria-describedby={urlId}>
            <QrImage text={url} size={200} label={t('boothLan.title')} />
          </div>
          <p className="booth-qr-url">
            <span className="visually-hidden">{t('boothLan.link')}: </span>
            <code id={urlId}>{url}</code>
          </p>
          <p className="hint">
            {t('boothLan.hint', { minutes: ROTATE_MINUTES })}
            {via === 'lan' ? ` · ${t('boothLan.lanHint')}` : ''}
          </p>
          {target?.loopback ? (
            <p className="booth-qr-warning" role="alert">
              {t('boothLan.loopbackWarning')}
            </p>
          ) : null}
        </>
      ) : (
        <p className="hint booth-qr-none" role="status">
          {t(sync.enrollment ? 'boothLan.noServer' : 'boothLan.notEnrolled')}
        </p>
      )}
    </section>
  );
}
