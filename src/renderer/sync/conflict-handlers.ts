import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import type { CollectionName } from '../../shared/collections';
import { mergePeople } from '../../shared/person-merge';
import { mergeQualifications } from '../../shared/qualification-ops';
import type { Asset, Interaction, LeadEvent, Person, Qualification } from '../../shared/schemas';
import { resolveDrawConflict } from '../../shared/draws/conflict';
import type { Draw } from '../../shared/draws/schema';

/**
 * What the device does when the pool answers a push with its own, different version of a
 * document (DESIGN.md "Data model", conflict rules). The pool runs the same shared merges, so
 * both ends converge on the same document whichever side merges first.
 */

/** Documents as the replication compares them: no `_meta`, `_rev` or `_attachments`. */
function sameDocument<T>(a: WithDeleted<T>, b: WithDeleted<T>): boolean {
  return deepEqual(stripLocal(a), stripLocal(b));
}

function stripLocal<T>(doc: WithDeleted<T>): Record<string, unknown> {
  const { _meta, _rev, _attachments, ...rest } = doc as Record<string, unknown>;
  void _meta;
  void _rev;
  void _attachments;
  return { ...rest, _deleted: Boolean(rest._deleted) };
}

/** Events and interactions: the pool's version is the truth (events are the pool's; facts never change). */
function masterWins<T>(): RxConflictHandler<T> {
  return {
    isEqual: sameDocument,
    resolve: async ({ realMasterState }) => realMasterState,
  };
}

/**
 * Field-wise merge. A tombstone from the pool (an erased person, PIPL/GDPR) wins over any local
 * edit: erasure must reach every device, never be undone by a booth that was offline.
 */
function fieldWise<T extends object>(merge: (a: T, b: T) => T): RxConflictHandler<T> {
  return {
    isEqual: sameDocument,
    resolve: async ({ realMasterState, newDocumentState }) => {
      if (realMasterState._deleted) return realMasterState;
      const merged = merge(realMasterState as T, newDocumentState as T);
      return { ...merged, _deleted: false } as WithDeleted<T>;
    },
  };
}

/** Owner wins: the pool takes draw changes from the owner device only (see resolveDrawConflict). */
function ownerWins(): RxConflictHandler<Draw> {
  return {
    isEqual: sameDocument,
    resolve: async ({ realMasterState, newDocumentState }) =>
      resolveDrawConflict(realMasterState, newDocumentState),
  };
}

export const CONFLICT_HANDLERS: {
  events: RxConflictHandler<LeadEvent>;
  people: RxConflictHandler<Person>;
  interactions: RxConflictHandler<Interaction>;
  qualifications: RxConflictHandler<Qualification>;
  assets: RxConflictHandler<Asset>;
  draws: RxConflictHandler<Draw>;
} = {
  events: masterWins<LeadEvent>(),
  people: fieldWise<Person>(mergePeople),
  // Same id twice is the same fact: nothing to merge.
  interactions: masterWins<Interaction>(),
  qualifications: fieldWise<Qualification>(mergeQualifications),
  // White papers are the pool's (uploaded there with their file).
  assets: masterWins<Asset>(),
  // Owner wins: the pool takes draw changes from the owner device only (see resolveDrawConflict).
  draws: ownerWins(),
} satisfies Record<CollectionName, unknown>;
