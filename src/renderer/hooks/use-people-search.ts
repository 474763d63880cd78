import { useDeferredValue, useEffect, useState, useSyncExternalStore } from 'react';
import type { Person } from '../../shared/schemas';
import { useServices } from '../app/services';

export interface PeopleSearchResult {
  people: Person[];
  total: number;
  /** The query the result is for (it lags the typed text while typing). */
  query: string;
}

/** Instant search over an event's people: the in-memory index picks ids, IndexedDB gives docs. */
export function usePeopleSearch(eventId: string, query: string, limit: number): PeopleSearchResult {
  const { db, search } = useServices();
  const deferredQuery = useDeferredValue(query);
  const revision = useSyncExternalStore(
    (listener) => search.subscribe(listener),
    () => search.revision,
  );
  const [result, setResult] = useState<PeopleSearchResult>({ people: [], total: 0, query: '' });

  useEffect(() => {
    let current = true;
    const { ids, total } = search.search(eventId, deferredQuery, limit);
    void db.people
      .findByIds(ids)
      .exec()
      .then((docs) => {
        if (!current) return;
        const people = ids.flatMap((id) => {
          const doc = docs.get(id);
          return doc ? [doc.toJSON() as Person] : [];
        });
        setResult({ people, total, query: deferredQuery });
      });
    return () => {
      current = false;
    };
  }, [db, search, eventId, deferredQuery, limit, revision]);

  return result;
}
