import { combineLatest, map, of, switchMap, timer, type Observable } from 'rxjs';
import type { Clock } from '../../shared/ids';
import {
  assessLead,
  INITIAL_STAGE,
  type IntelligenceConfig,
  type LeadAssessment,
} from '../../shared/intelligence';
import {
  qualificationId,
  type Interaction,
  type Person,
  type Qualification,
} from '../../shared/schemas';
import type { LeadDatabase } from './database';
import { intelligence$, type BoothIntelligence } from './intelligence-config';

/** A lead as the booth sees it: the shared engine's assessment and whether to hand it on now. */
export interface BoothAssessment {
  assessment: LeadAssessment;
  /** The MQL rule holds: staff should hand the lead to sales before the visitor leaves. */
  mql: boolean;
  /** The pool's config revision the numbers were computed with; null: the default config. */
  revision: number | null;
  /** The booth's hot/warm/cold, for the list ('' when staff have not rated the lead). */
  rating: Qualification['rating'];
}

/**
 * The pool's own call (assessLead) on what this device holds of the lead. The booth does not know
 * the pool's stage for the customer, so it starts from a raw lead: "MQL" here means the rule
 * holds on the booth's evidence, which is what staff act on.
 */
export function assessBoothLead(
  person: Person,
  facts: readonly Interaction[],
  qualifications: readonly Qualification[],
  config: IntelligenceConfig,
  now: number,
): LeadAssessment {
  return assessLead({ profile: person, facts, qualifications, stage: INITIAL_STAGE }, config, now);
}

function boothAssessment(
  person: Person,
  facts: readonly Interaction[],
  qualifications: readonly Qualification[],
  intelligence: BoothIntelligence,
  now: number,
): BoothAssessment {
  const assessment = assessBoothLead(person, facts, qualifications, intelligence.config, now);
  return {
    assessment,
    mql: assessment.stage.stage === 'MQL',
    revision: intelligence.revision,
    rating: qualifications[0]?.rating ?? '',
  };
}

const json = <T>(doc: { toJSON(): unknown }) => doc.toJSON() as T;

/**
 * Facts fade with age and their lines say "3 天前": a panel or list left open over an event's
 * days is recomputed now and then, not only when its data changes.
 */
export const RECOMPUTE_EVERY_MS = 60_000;

/**
 * One lead, live: recomputed whenever its profile, facts or qualification change (staff qualify,
 * the visitor checks in or downloads) and when sync brings a new config. null: no such person.
 */
export function leadAssessment$(
  db: LeadDatabase,
  personId: string,
  clock: Clock,
  recomputeEveryMs = RECOMPUTE_EVERY_MS,
): Observable<BoothAssessment | null> {
  const config$ = intelligence$(db);
  return db.people.findOne(personId).$.pipe(
    switchMap((doc) => {
      if (!doc) return of(null);
      const person = json<Person>(doc);
      return combineLatest([
        db.interactions.find({ selector: { personId } }).$,
        db.qualifications.findOne(qualificationId(person.eventId, person.id)).$,
        config$,
        timer(0, recomputeEveryMs),
      ]).pipe(
        map(([facts, qualification, intelligence]) =>
          boothAssessment(
            person,
            facts.map((f) => json<Interaction>(f)),
            qualification ? [json<Qualification>(qualification)] : [],
            intelligence,
            clock(),
          ),
        ),
      );
    }),
  );
}

/** The rows of the people list, live, keyed by person id (the list shows a page, not 100k). */
export function leadAssessments$(
  db: LeadDatabase,
  people: readonly Pick<Person, 'id' | 'eventId'>[],
  clock: Clock,
  recomputeEveryMs = RECOMPUTE_EVERY_MS,
): Observable<Map<string, BoothAssessment>> {
  if (people.length === 0) return of(new Map());
  const ids = people.map((p) => p.id);
  return combineLatest([
    db.people.findByIds(ids).$,
    db.interactions.find({ selector: { personId: { $in: ids } } }).$,
    db.qualifications.findByIds(people.map((p) => qualificationId(p.eventId, p.id))).$,
    intelligence$(db),
    timer(0, recomputeEveryMs),
  ]).pipe(
    map(([peopleDocs, factDocs, qualificationDocs, intelligence]) => {
      const factsOf = new Map<string, Interaction[]>();
      for (const doc of factDocs) {
        const fact = json<Interaction>(doc);
        const list = factsOf.get(fact.personId);
        if (list) list.push(fact);
        else factsOf.set(fact.personId, [fact]);
      }
      const now = clock();
      const result = new Map<string, BoothAssessment>();
      for (const [id, doc] of peopleDocs) {
        const person = json<Person>(doc);
        const qualification = qualificationDocs.get(qualificationId(person.eventId, id));
        result.set(
          id,
          boothAssessment(
            person,
            factsOf.get(id) ?? [],
            qualification ? [json<Qualification>(qualification)] : [],
            intelligence,
            now,
          ),
        );
      }
      return result;
    }),
  );
}
