import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { EventDashboard } from '../../../shared/api/dashboard';
import { api, ApiError } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useHashQuery } from '../../hash-location';
import { LoadError, Loading, NotFound } from '../common/states';
import { EventDashboardView } from './EventDashboardView';
import { browserTimeZone } from './format';
import './dashboard.css';

/** `#/dashboard/:id`: one event's funnel, ROI and breakdowns. */
export function EventDashboardScreen() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams<{ id: string }>();
  const [query] = useHashQuery();
  const zone = query.get('tz') || browserTimeZone();
  const resource = useResource(
    () => api.get<EventDashboard>(`/events/${encodeURIComponent(id)}/dashboard`, { tz: zone }),
    `${id}|${zone}`,
  );
  if (resource.status === 'error') {
    const missing =
      resource.error instanceof ApiError &&
      (resource.error.status === 404 || resource.error.status === 400);
    return missing ? <NotFound /> : <LoadError error={resource.error} onRetry={resource.reload} />;
  }
  const dashboard = resource.data;
  return (
    <div className="dashboard">
      <p>
        <Link href={`/dashboard?ids=${encodeURIComponent(id)}`}>{t('back')}</Link>
      </p>
      {!dashboard ? (
        <Loading />
      ) : (
        <>
          <header className="page-header">
            <div>
              <h1>{t('eventTitle', { name: dashboard.name })}</h1>
              <p className="hint">
                {t('dates', { from: dashboard.startsOn, to: dashboard.endsOn })}
              </p>
            </div>
            <p className="hint">{t('timeZone', { zone })}</p>
          </header>
          <EventDashboardView dashboard={dashboard} />
        </>
      )}
    </div>
  );
}
