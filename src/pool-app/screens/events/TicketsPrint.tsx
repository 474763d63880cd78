import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { EventResponse, TicketRow, TicketsResponse } from '../../../shared/api';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError, Loading } from '../common/states';
import './events.css';

interface PrintData {
  name: string;
  tickets: TicketRow[];
}

/** `#/events/:id/tickets/print`: every ticket as a QR card, laid out for paper (print CSS). */
export function TicketsPrint() {
  const { t } = useTranslation('events');
  const { id = '' } = useParams<{ id: string }>();
  const resource = useResource<PrintData>(async () => {
    const [event, tickets] = await Promise.all([
      api.get<EventResponse>(`/events/${id}`),
      api.get<TicketsResponse>(`/events/${id}/tickets`),
    ]);
    return { name: event.event.name, tickets: tickets.tickets };
  }, id);
  const data = resource.data;
  if (resource.status === 'error' && !data) {
    return <LoadError error={resource.error} onRetry={resource.reload} />;
  }
  if (!data) return <Loading />;
  return (
    <div className="tickets-print">
      <header className="page-header no-print">
        <h1>{t('tickets.printTitle', { event: data.name })}</h1>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('tickets.printButton')}
        </button>
        <Link href={`/events/${id}?tab=attendees`}>{t('tickets.back')}</Link>
      </header>
      <p className="no-print">{t('tickets.count', { count: data.tickets.length })}</p>
      <ul className="ticket-cards">
        {data.tickets.map((ticket) => (
          <TicketCard key={ticket.personId} ticket={ticket} />
        ))}
      </ul>
    </div>
  );
}

function TicketCard({ ticket }: { ticket: TicketRow }) {
  const { t } = useTranslation('events');
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(ticket.ticket, { errorCorrectionLevel: 'M', margin: 1, width: 160 }).then(
      (url) => live && setImage(url),
    );
    return () => {
      live = false;
    };
  }, [ticket.ticket]);
  return (
    <li className="ticket-card">
      {image && (
        <img src={image} width={160} height={160} alt={t('tickets.qrAlt', { name: ticket.name })} />
      )}
      <strong>{ticket.name}</strong>
      <span>{ticket.company}</span>
    </li>
  );
}
