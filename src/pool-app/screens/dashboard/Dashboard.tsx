import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { EventListResponse } from '../../../shared/api/events';
import {
  MAX_COMPARED_EVENTS,
  type EventDashboard,
  type EventDashboardsResponse,
} from '../../../shared/api/dashboard';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useHashQuery } from '../../hash-location';
import { LoadError, Loading, Unloaded } from '../common/states';
import { Compare } from './Compare';
import { EventDashboardView } from './EventDashboardView';
import { browserTimeZone } from './format';
import './dashboard.css';

/**
 * `#/dashboard?ids=a,b`: pick events; one shows its own dashboard, several are compared side by
 * side. The choice lives in the hash, so a comparison is a link. Without `ids` the newest event
 * is shown.
 */
export function Dashboard() {
  const { t } = useTranslation('dashboard');
  const [query, setQuery] = useHashQuery();
  const zone = query.get('tz') || browserTimeZone();
  const events = useResource(() => api.get<EventListResponse>('/events'), 'events');
  const list = events.data?.events ?? [];
  const asked = query.get('ids');
  const chosen =
    asked === null
      ? list.slice(0, 1).map((event) => event.id)
      : asked.split(',').filter((id) => id !== '');

  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((other) => other !== id);
    const params = new URLSearchParams(query);
    params.set('ids', next.join(','));
    setQuery(params, { replace: true });
  };

  return (
    <div className="dashboard">
      <header className="page-header">
        <h1>{t('title')}</h1>
        <p className="hint">{t('timeZone', { zone })}</p>
      </header>
      <p className="hint">{t('intro')}</p>
      <Unloaded resource={events} />
      {events.data && list.length === 0 && (
        <section className="panel dash-empty">
          <p>{t('picker.none')}</p>
        </section>
      )}
      {list.length > 0 && (
        <fieldset className="panel dash-picker">
          <legend>{t('picker.legend')}</legend>
          {list.map((event) => {
            const on = chosen.includes(event.id);
            return (
              <label key={event.id} className="dash-pick">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && chosen.length >= MAX_COMPARED_EVENTS}
                  onChange={(e) => toggle(event.id, e.target.checked)}
                />
                <span>{event.name}</span>
                <span className="hint">{event.startsOn}</span>
              </label>
            );
          })}
          {chosen.length >= MAX_COMPARED_EVENTS && (
            <p className="hint">{t('picker.tooMany', { max: MAX_COMPARED_EVENTS })}</p>
          )}
        </fieldset>
      )}
      {list.length > 0 && chosen.length === 0 && <p className="hint">{t('picker.chooseHint')}</p>}
      {chosen.length > 0 && <Chosen ids={chosen} zone={zone} />}
    </div>
  );
}

function Chosen({ ids, zone }: { ids: readonly string[]; zone: string }) {
  const key = `${ids.join(',')}|${zone}`;
  const resource = useResource(
    () => api.get<EventDashboardsResponse>('/events/dashboard', { ids: ids.join(','), tz: zone }),
    key,
  );
  if (resource.status === 'error') {
    return <LoadError error={resource.error} onRetry={resource.reload} />;
  }
  if (!resource.data) return <Loading />;
  const dashboards: EventDashboard[] = resource.data.events;
  if (dashboards.length === 1) {
    const [only] = dashboards;
    return (
      <section aria-labelledby="dash-one-title">
        <h2 id="dash-one-title" className="dash-event-title">
          <Link href={`/dashboard/${only!.eventId}`}>{only!.name}</Link>
        </h2>
        <EventDashboardView dashboard={only!} />
      </section>
    );
  }
  return <Compare dashboards={dashboards} />;
}
