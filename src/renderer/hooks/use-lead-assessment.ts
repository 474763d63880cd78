import type { Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { leadAssessment$, leadAssessments$, type BoothAssessment } from '../store/lead-assessment';
import { useObservable } from './use-rx';

/** The open lead's grade, score and lines, recomputed as its data changes. */
export function useLeadAssessment(personId: string): BoothAssessment | null {
  const { db, capture } = useServices();
  return useObservable(() => leadAssessment$(db, personId, capture.clock), null, [
    db,
    capture.clock,
    personId,
  ]);
}

const NONE = new Map<string, BoothAssessment>();

/** The shown rows' assessments; the key changes only when the rows do, not on every render. */
export function useLeadAssessments(
  people: readonly Pick<Person, 'id' | 'eventId'>[],
): Map<string, BoothAssessment> {
  const { db, capture } = useServices();
  const key = people.map((p) => p.id).join(',');
  return useObservable(() => leadAssessments$(db, people, capture.clock), NONE, [
    db,
    capture.clock,
    key,
  ]);
}
