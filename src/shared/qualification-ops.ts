import {
  EMPTY_QUALIFICATION_FIELDS,
  QualificationFieldsSchema,
  qualificationId,
  type Note,
  type Qualification,
  type QualificationField,
  type QualificationFields,
} from './schemas';

const FIELDS = QualificationFieldsSchema.keyof().options;

export function emptyQualification(eventId: string, personId: string, at: number): Qualification {
  return {
    id: qualificationId(eventId, personId),
    eventId,
    personId,
    ...EMPTY_QUALIFICATION_FIELDS,
    notes: [],
    fieldUpdatedAt: {},
    updatedAt: at,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Staff edited the panel: changed fields get a new timestamp, a new note is appended. */
export function editQualification(
  current: Qualification,
  fields: QualificationFields,
  newNote: Note | null,
  at: number,
): Qualification {
  const next: Qualification = { ...current, fieldUpdatedAt: { ...current.fieldUpdatedAt } };
  for (const field of FIELDS) {
    if (sameValue(fields[field], current[field])) continue;
    (next as Record<QualificationField, unknown>)[field] = fields[field];
    next.fieldUpdatedAt[field] = at;
  }
  if (newNote) next.notes = [...current.notes, newNote];
  next.updatedAt = at;
  return next;
}

/**
 * Merges two versions of the same qualification (two devices, or device and pool): per field the
 * newer edit wins; notes from both sides are kept, each once, in time order.
 */
export function mergeQualifications(a: Qualification, b: Qualification): Qualification {
  const merged: Qualification = { ...a, fieldUpdatedAt: { ...a.fieldUpdatedAt } };
  for (const field of FIELDS) {
    const atA = a.fieldUpdatedAt[field] ?? 0;
    const atB = b.fieldUpdatedAt[field] ?? 0;
    if (atB > atA) {
      (merged as Record<QualificationField, unknown>)[field] = b[field];
      merged.fieldUpdatedAt[field] = atB;
    }
  }
  const notes = new Map<string, Note>();
  for (const note of [...a.notes, ...b.notes]) notes.set(note.id, note);
  merged.notes = [...notes.values()].sort((x, y) => x.at - y.at || x.id.localeCompare(y.id));
  merged.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  return merged;
}

export function qualificationFieldsOf(q: Qualification): QualificationFields {
  const fields = {} as Record<QualificationField, unknown>;
  for (const field of FIELDS) fields[field] = q[field];
  return fields as QualificationFields;
}
