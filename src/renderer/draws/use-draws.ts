import type { Draw } from '../../shared/draws';
import type { Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';
import { map } from 'rxjs';

/** The event's draws, newest first, live. */
export function useDraws(eventId: string): Draw[] | undefined {
  const { db } = useServices();
  return useObservable(
    () =>
      db.draws
        .find({ selector: { eventId }, sort: [{ updatedAt: 'desc' }] })
        .$.pipe(
          map((docs) =>
            docs.map((doc) => doc.toJSON() as Draw).sort((a, b) => b.createdAt - a.createdAt),
          ),
        ),
    undefined,
    [db, eventId],
  );
}

/** One draw, live; null when this store does not hold it. */
export function useDraw(drawId: string): Draw | null | undefined {
  const { db } = useServices();
  return useObservable(
    () => db.draws.findOne(drawId).$.pipe(map((doc) => (doc ? (doc.toJSON() as Draw) : null))),
    undefined,
    [db, drawId],
  );
}

/** The people a draw names (its winners), by id; people not synced yet are missing. */
export function useWinners(draw: Draw | null | undefined): Map<string, Person> {
  const { db } = useServices();
  const ids = draw?.audit?.winners.map((winner) => winner.personId) ?? [];
  return useObservable(
    () =>
      db.people
        .findByIds(ids)
        .$.pipe(
          map((docs) => new Map([...docs.values()].map((doc) => [doc.id, doc.toJSON() as Person]))),
        ),
    new Map<string, Person>(),
    [db, ids.join(',')],
  );
}
