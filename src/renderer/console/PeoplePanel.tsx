import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhoneForReading } from '../../shared/identity';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useLeadAssessments } from '../hooks/use-lead-assessment';
import { usePeopleSearch } from '../hooks/use-people-search';
import { MqlFlag } from './LeadIntelligence';
import { leadName } from './lead-name';

const PAGE = 50;

interface PeoplePanelProps {
  event: LeadEvent;
  selectedId: string | null;
  onSelect(id: string | 'new'): void;
}

/** The event's people, searchable, with the one staff are working on highlighted. */
export function PeoplePanel({ event, selectedId, onSelect }: PeoplePanelProps) {
  const { t } = useTranslation();
  const { search } = useServices();
  const [query, setQuery] = useState('');
  const result = usePeopleSearch(event.id, query, PAGE);
  const assessments = useLeadAssessments(result.people);

  const hasQuery = result.query.trim() !== '';
  return (
    <section className="people" aria-label={t('people.list')}>
      <div className="people-tools">
        <input
          type="search"
          className="search"
          aria-label={t('people.searchLabel')}
          placeholder={t('people.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="primary" onClick={() => onSelect('new')}>
          {t('people.add')}
        </button>
      </div>
      <p className="people-count" role="status">
        {hasQuery
          ? t('people.matches', { count: result.total })
          : t('people.count', { count: result.total })}
        {search.ready ? null : ` · ${t('people.indexing')}`}
      </p>
      {result.people.length === 0 ? (
        <p className="placeholder">{hasQuery ? t('people.none') : t('people.empty')}</p>
      ) : (
        <ul className="people-list">
          {result.people.map((person) => {
            const assessed = assessments.get(person.id);
            return (
              <li key={person.id}>
                <button
                  type="button"
                  className={`person-row${person.id === selectedId ? ' selected' : ''}`}
                  aria-current={person.id === selectedId ? 'true' : undefined}
                  onClick={() => onSelect(person.id)}
                >
                  <span className="person-name">{leadName(person, t)}</span>
                  <span className="person-meta">
                    {[person.company, person.title].filter(Boolean).join(' · ')}
                  </span>
                  <span className="person-meta">
                    {person.phone ? formatPhoneForReading(person.phone) : person.email}
                  </span>
                  {assessed ? (
                    <span className="person-row-flags">
                      {assessed.rating ? (
                        <span className={`row-rating row-rating-${assessed.rating}`}>
                          {t(`qualification.ratings.${assessed.rating}`)}
                        </span>
                      ) : null}
                      {assessed.mql ? (
                        <MqlFlag cell={assessed.assessment.cell} />
                      ) : (
                        <span className="row-cell">
                          {t('intelligence.rowCell', { cell: assessed.assessment.cell })}
                        </span>
                      )}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {result.total > result.people.length ? (
        <p className="people-more">{t('people.showingFirst', { count: PAGE })}</p>
      ) : null}
    </section>
  );
}
