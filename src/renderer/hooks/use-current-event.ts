import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from './use-rx';

/** The event this device is working on, live; null when none is chosen or it was removed. */
export function useCurrentEvent(): LeadEvent | null | undefined {
  const { db, settings } = useServices();
  const eventId = settings.currentEventId;
  const doc = useObservable(() => db.events.findOne(eventId || '__none__').$, undefined, [
    db,
    eventId,
  ]);
  if (doc === undefined) return undefined;
  return doc ? (doc.toJSON() as LeadEvent) : null;
}
