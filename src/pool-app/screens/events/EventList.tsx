import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { EventListResponse, EventsRoiResponse } from '../../../shared/api';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { formatDay } from './format';
import './events.css';

/** `#/events`: every event, newest first, and the way to a new one. */
export function EventList() {
  const { t, i18n } = useTranslation('events');
  const resource = useResource(() => api.get<EventListResponse>('/events'), 'events');
  const events = resource.data?.events;
  // Counted by the ROI query, which is slower than the list: the rows come first, counts after.
  const roi = useResource(() => api.get<EventsRoiResponse>('/events/roi'), 'events-roi');
  const leads = new Map(roi.data?.events.map((entry) => [entry.eventId, entry.roi.leads]));
  return (
    <div className="events">
      <header className="page-header">
        <h1>{t('list.title')}</h1>
        <Link href="/events/new" className="button primary">
          {t('list.new')}
        </Link>
      </header>
      <p className="events-intro">{t('list.intro')}</p>
      <Unloaded resource={resource} />
      {events && events.length === 0 && <p className="panel hint">{t('list.none')}</p>}
      {events && events.length > 0 && (
        <section className="panel">
          <table className="data events-table">
            <caption className="visually-hidden">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.name')}</th>
                <th scope="col">{t('list.dates')}</th>
                <th scope="col">{t('list.venue')}</th>
                <th scope="col" className="number">
                  {t('list.leads')}
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <th scope="row">
                    <Link href={`/events/${event.id}`}>{event.name}</Link>
                  </th>
                  <td>
                    {event.startsOn === event.endsOn
                      ? formatDay(event.startsOn, i18n.language)
                      : t('list.dateRange', {
                          start: formatDay(event.startsOn, i18n.language),
                          end: formatDay(event.endsOn, i18n.language),
                        })}
                  </td>
                  <td>{event.venue || t('list.noVenue')}</td>
                  <td className="number">{leads.get(event.id) ?? t('list.noVenue')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
