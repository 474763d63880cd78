import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Lead counts for the event: total, active today, by rating. */
export function LeadStats({ event }: { event: LeadEvent }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const total = useObservable(() => db.people.count({ selector: { eventId: event.id } }).$, 0, [
    db,
    event.id,
  ]);
  const today = useObservable(
    () =>
      db.people.count({ selector: { eventId: event.id, updatedAt: { $gte: startOfToday() } } }).$,
    0,
    [db, event.id],
  );
  const qualifications = useObservable(
    () => db.qualifications.find({ selector: { eventId: event.id } }).$,
    [],
    [db, event.id],
  );
  const ratings = useMemo(() => {
    const tally = { hot: 0, warm: 0, cold: 0 };
    for (const q of qualifications) if (q.rating !== '') tally[q.rating] += 1;
    return tally;
  }, [qualifications]);

  const items: [string, number][] = [
    ['stats.total', total],
    ['stats.today', today],
    ['stats.hot', ratings.hot],
    ['stats.warm', ratings.warm],
    ['stats.cold', ratings.cold],
  ];
  return (
    <section className="stats" aria-label={t('stats.title')}>
      {items.map(([key, value]) => (
        <div key={key} className={`stat stat-${key.split('.')[1]}`}>
          <div className="stat-value" data-testid={key}>
            {value}
          </div>
          <div className="stat-label">{t(key)}</div>
        </div>
      ))}
    </section>
  );
}
