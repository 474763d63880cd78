import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { summarizeCheckIns } from '../../shared/scan';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';

function localHourStart(at: number): number {
  const date = new Date(at);
  date.setMinutes(0, 0, 0);
  return date.getTime();
}

/** Checked in vs registered, per hour and per device; counts people, not scans. */
export function CheckInDashboard({ event }: { event: LeadEvent }) {
  const { t, i18n } = useTranslation();
  const { db } = useServices();
  const registered = useObservable(
    () => db.people.count({ selector: { eventId: event.id } }).$,
    0,
    [db, event.id],
  );
  const facts = useObservable(
    () => db.interactions.find({ selector: { eventId: event.id, type: 'checked_in' } }).$,
    [],
    [db, event.id],
  );
  const summary = useMemo(
    () =>
      summarizeCheckIns(
        facts.map((fact) => fact.toJSON()),
        registered,
        localHourStart,
      ),
    [facts, registered],
  );
  const rate =
    summary.registered === 0 ? 0 : Math.round((summary.checkedIn / summary.registered) * 100);
  const busiest = Math.max(1, ...summary.perHour.map((hour) => hour.count));
  // One formatter, made when the desk opens: the first one costs milliseconds (locale data),
  // which would otherwise fall on the first check-in's green screen.
  const hourFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }),
    [i18n.language],
  );
  const hourLabel = (at: number) => hourFormat.format(at);

  return (
    <section className="card checkin-dashboard" aria-label={t('checkin.dashboard')}>
      <h2>{t('checkin.dashboard')}</h2>
      <div className="checkin-total" data-testid="checkin-total">
        {t('checkin.countOf', { checkedIn: summary.checkedIn, registered: summary.registered })}
      </div>
      <div className="checkin-rate">
        <div className="checkin-rate-bar" style={{ width: `${rate}%` }} />
        <span>{t('checkin.rate', { rate })}</span>
      </div>
      {summary.checkedIn === 0 ? (
        <p className="placeholder">{t('checkin.none')}</p>
      ) : (
        <>
          <h3>{t('checkin.perHour')}</h3>
          <ol className="hour-bars">
            {summary.perHour.map((hour) => (
              <li key={hour.hourStart}>
                <span className="hour-label">{hourLabel(hour.hourStart)}</span>
                <span className="hour-bar" style={{ width: `${(hour.count / busiest) * 100}%` }} />
                <span className="hour-count">{hour.count}</span>
              </li>
            ))}
          </ol>
          <h3>{t('checkin.perDevice')}</h3>
          <table className="device-table">
            <tbody>
              {summary.perDevice.map((device) => (
                <tr key={device.deviceId}>
                  <th scope="row">{device.deviceName}</th>
                  <td>{device.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
