import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { leadName } from './lead-name';
import type { LeadEvent, Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { QrImage } from '../components/QrImage';
import { exportFileName } from '../services/export-files';
import { ensureLocalEventKey, ticketFor } from '../store/event-keys';

const PRINT_SIZE = 480;

/** A person's signed ticket QR: shown, downloadable as PNG, printable on its own page. */
export function TicketCard({ event, person }: { event: LeadEvent; person: Person }) {
  const { t } = useTranslation();
  const { db, platform } = useServices();
  const [ticket, setTicket] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    let current = true;
    void ensureLocalEventKey(db, event)
      .then((keyed) => ticketFor(db, keyed, person))
      .then((issued) => {
        if (current) setTicket(issued);
      });
    return () => {
      current = false;
    };
  }, [db, event, person]);

  if (ticket === undefined) return null;
  if (ticket === null) return <p className="hint">{t('ticket.poolOwned')}</p>;

  async function download() {
    if (!ticket) return;
    const { default: QRCode } = await import('qrcode');
    const url = await QRCode.toDataURL(ticket, {
      errorCorrectionLevel: 'M',
      margin: 4,
      width: PRINT_SIZE,
    });
    const bytes = Uint8Array.from(atob(url.split(',')[1] ?? ''), (c) => c.charCodeAt(0));
    await platform.saveFile({
      suggestedName: exportFileName(
        `${event.name}-${leadName(person, t)}`,
        'png',
        new Date(),
        'ticket',
      ),
      mime: 'image/png',
      bytes,
    });
  }

  return (
    <section className="card ticket-card" aria-label={t('ticket.title')}>
      <div className="ticket-print">
        <h3>{t('ticket.title')}</h3>
        <p className="ticket-who">
          {leadName(person, t)} · {event.name}
        </p>
        <QrImage text={ticket} size={180} label={t('ticket.title')} />
      </div>
      <details>
        <summary>{t('ticket.code')}</summary>
        <code className="ticket-code">{ticket}</code>
      </details>
      <div className="form-actions">
        <button type="button" onClick={() => void download()}>
          {t('ticket.download')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('ticket.print')}
        </button>
      </div>
    </section>
  );
}
