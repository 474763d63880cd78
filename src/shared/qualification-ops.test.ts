import { describe, expect, it } from 'vitest';
import {
  editQualification,
  emptyQualification,
  mergeQualifications,
  qualificationFieldsOf,
} from './qualification-ops';
import { QualificationSchema } from './schemas';

const EVENT = '019a0000-0000-7000-8000-0000000000e1';
const PERSON = '019a0000-0000-7000-8000-000000000001';
const note = (n: number, at: number) => ({
  id: `019a0000-0000-7000-8000-00000000000${n}`,
  text: `note ${n}`,
  staffId: 's',
  at,
});

describe('qualifications', () => {
  it('is one document per person per event', () => {
    const q = emptyQualification(EVENT, PERSON, 1);
    expect(q.id).toBe(`${EVENT}|${PERSON}`);
    expect(QualificationSchema.parse(q)).toEqual(q);
  });

  it('merges field-wise by edit time and keeps every note once', () => {
    const base = emptyQualification(EVENT, PERSON, 1);
    const deviceA = editQualification(
      base,
      { ...qualificationFieldsOf(base), rating: 'hot', need: 'CRM' },
      note(1, 10),
      10,
    );
    const deviceB = editQualification(
      base,
      { ...qualificationFieldsOf(base), rating: 'cold', nextStep: 'demo' },
      note(2, 20),
      20,
    );
    const merged = mergeQualifications(deviceA, deviceB);
    expect(merged).toMatchObject({ rating: 'cold', need: 'CRM', nextStep: 'demo' });
    expect(merged.notes.map((n) => n.text)).toEqual(['note 1', 'note 2']);
    expect(mergeQualifications(deviceB, deviceA)).toEqual({
      ...merged,
      fieldUpdatedAt: merged.fieldUpdatedAt,
    });
    expect(mergeQualifications(merged, deviceA).notes).toHaveLength(2);
  });
});
