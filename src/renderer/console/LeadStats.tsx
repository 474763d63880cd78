import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Interaction, LeadEvent, Qualification } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * People who did something at the booth since `since`: a fact, or staff qualified them. An
 * attendee list imported this morning is not activity, though every imported person is new today.
 */
export function activeSince(
  facts: readonly Pick<Interaction, 'type' | 'personId' | 'occurredAt' | 'data'>[],
  qualifications: readonly Pick<Qualification, 'personId' | 'updatedAt'>[],
  since: number,
): number {
  const active = new Set<string>();
  for (const fact of facts) {
    const imported = fact.type === 'registered' && fact.data?.channel === 'import';
    if (fact.occurredAt >= since && !imported) active.add(fact.personId);
  }
  for (const q of qualifications) if (q.updatedAt >= since) active.add(q.personId);
  return active.size;
}

/** Lead counts for the event: total, active today, by rating. */
export function LeadStats({ event }: { event: LeadEvent }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const total = useObservable(() => db.people.count({ selector: { eventId: event.id } }).$, 0, [
    db,
    event.id,
  ]);
  const factsToday = useObservable(
    () =>
      db.interactions.find({
        selector: { eventId: event.id, occurredAt: { $gte: startOfToday() } },
      }).$,
    [],
    [db, event.id],
  );
  const qualifications = useObservable(
    () => db.qualifications.find({ selector: { eventId: event.id } }).$,
    [],
    [db, event.id],
  );
  // Active: did something at the booth today (a fact, or staff qualified them). An attendee list
  // imported this morning is not activity, though every imported person is new today.
  const today = useMemo(() => {
    const since = startOfToday();
    const active = new Set<string>();
    for (const fact of factsToday)
      if (!(fact.type === 'registered' && fact.data?.channel === 'import'))
        active.add(fact.personId);
    for (const q of qualifications) if (q.updatedAt >= since) active.add(q.personId);
    return active.size;
  }, [factsToday, qualifications]);
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
