import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BOOTH_TOKEN_MINUTES, boothPageUrl } from '../../shared/scan';
import type { LeadEvent } from '../../shared/schemas';
import { QrImage } from '../components/QrImage';

function newBoothToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Where phones reach the attendee page: this origin in web mode, else the pool's default port. */
function attendeeBase(): string {
  return window.location.protocol.startsWith('http')
    ? window.location.origin
    : 'http://127.0.0.1:8787';
}

/** The booth QR on screen; its token renews so a photo of it stops working after a while. */
export function BoothQr({ event }: { event: LeadEvent }) {
  const { t } = useTranslation();
  const [token, setToken] = useState(newBoothToken);
  useEffect(() => {
    const timer = setInterval(() => setToken(newBoothToken()), BOOTH_TOKEN_MINUTES * 60_000);
    return () => clearInterval(timer);
  }, []);
  const url = boothPageUrl(attendeeBase(), event.id, token);
  return (
    <section className="card booth-qr" aria-label={t('checkin.boothQr')}>
      <h2>{t('checkin.boothQr')}</h2>
      <QrImage text={url} size={200} label={t('checkin.boothQr')} />
      <p className="hint">{t('checkin.boothQrHint', { minutes: BOOTH_TOKEN_MINUTES })}</p>
    </section>
  );
}
