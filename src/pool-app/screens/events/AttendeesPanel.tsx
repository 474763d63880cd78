import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { TicketsResponse } from '../../../shared/api';
import type { LeadEvent } from '../../../shared/schemas';
import { api, apiUrl } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError } from '../common/states';
import { AttendeeImport } from './AttendeeImport';
import { RegistrationLink } from './RegistrationLink';
import { TicketSends } from './TicketSends';

/**
 * The attendees tab: the public registration page, the import, then the tickets to download,
 * print or mail.
 */
export function AttendeesPanel({ event }: { event: LeadEvent }) {
  const { t, i18n } = useTranslation('events');
  const tickets = useResource(
    () => api.get<TicketsResponse>(`/events/${event.id}/tickets`),
    `tickets:${event.id}`,
  );
  const count = tickets.data?.tickets.length;
  return (
    <>
      <RegistrationLink eventId={event.id} />
      <AttendeeImport eventId={event.id} onImported={tickets.reload} />
      <section className="panel" aria-labelledby="tickets-title">
        <h2 id="tickets-title">{t('tickets.title')}</h2>
        <p className="hint">{t('tickets.intro')}</p>
        {tickets.status === 'error' && !tickets.data && (
          <LoadError error={tickets.error} onRetry={tickets.reload} />
        )}
        {count !== undefined && (
          <p aria-live="polite">
            {count === 0 ? t('tickets.none') : t('tickets.count', { count })}
          </p>
        )}
        {count !== undefined && count > 0 && (
          <div className="ticket-actions">
            <a
              className="button"
              href={apiUrl(`/events/${event.id}/tickets`, { format: 'csv', lang: i18n.language })}
              download={`tickets-${event.id}.csv`}
            >
              {t('tickets.download')}
            </a>
            <Link className="button" href={`/events/${event.id}/tickets/print`}>
              {t('tickets.print')}
            </Link>
          </div>
        )}
      </section>
      {count !== undefined && count > 0 && <TicketSends eventId={event.id} attendees={count} />}
    </>
  );
}
