import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhoneForReading } from '../../shared/identity';
import { displayName } from '../../shared/person-ops';
import type { LeadEvent } from '../../shared/schemas';
import { usePeopleSearch } from '../hooks/use-people-search';

const SHOWN = 8;

/** The fallback when there is no code to scan: find the person, press check in. */
export function ManualCheckIn({
  event,
  onCheckIn,
}: {
  event: LeadEvent;
  onCheckIn(personId: string): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const result = usePeopleSearch(event.id, query, SHOWN);
  const hasQuery = result.query.trim() !== '';
  return (
    <section className="card manual-checkin" aria-label={t('checkin.manualTitle')}>
      <h2>{t('checkin.manualTitle')}</h2>
      <input
        type="search"
        className="search"
        aria-label={t('checkin.manualSearch')}
        placeholder={t('checkin.manualSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {hasQuery ? (
        <ul className="manual-results">
          {result.people.map((person) => (
            <li key={person.id}>
              <span className="person-name">{displayName(person)}</span>
              <span className="person-meta">
                {[person.company, person.phone ? formatPhoneForReading(person.phone) : person.email]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <button
                type="button"
                onClick={() => {
                  onCheckIn(person.id);
                  setQuery('');
                }}
              >
                {t('checkin.manualAction')}
              </button>
            </li>
          ))}
          {result.people.length === 0 ? <li className="placeholder">{t('people.none')}</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
