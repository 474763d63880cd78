import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { qualificationFieldsOf } from '../../shared/qualification-ops';
import {
  AUTHORITIES,
  BUDGETS,
  EMPTY_QUALIFICATION_FIELDS,
  NEXT_STEPS,
  RATINGS,
  TIMELINES,
  qualificationId,
  type LeadEvent,
  type Qualification,
  type QualificationFields,
} from '../../shared/schemas';
import { useServices } from '../app/services';
import { FormActions } from '../components/FormActions';
import { Field, SelectField } from '../components/Field';
import { useObservable } from '../hooks/use-rx';
import { saveQualification } from '../store/leads';

/** Hot/warm/cold, BANT(C), interests, next step and notes for one person at this event. */
export function QualificationPanel({ event, personId }: { event: LeadEvent; personId: string }) {
  const { t, i18n } = useTranslation();
  const { db, capture } = useServices();
  const doc = useObservable(
    () => db.qualifications.findOne(qualificationId(event.id, personId)).$,
    null,
    [db, event.id, personId],
  );
  const stored = doc ? (doc.toJSON() as Qualification) : null;
  const [fields, setFields] = useState<QualificationFields>(EMPTY_QUALIFICATION_FIELDS);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState('');
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    if (stored && !loaded) {
      setFields(qualificationFieldsOf(stored));
      setLoaded(true);
    }
  }, [stored, loaded]);

  const set = <K extends keyof QualificationFields>(key: K, value: QualificationFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));

  async function save(e: FormEvent) {
    e.preventDefault();
    const result = await saveQualification(capture, event.id, personId, fields, note);
    if (result.ok) {
      setNote('');
      setStatus(t('qualification.saved'));
    }
  }

  const toggleInterest = (interest: string) =>
    set(
      'interests',
      fields.interests.includes(interest)
        ? fields.interests.filter((i) => i !== interest)
        : [...fields.interests, interest],
    );

  return (
    <form className="card qualification" onSubmit={save} aria-label={t('qualification.title')}>
      <h2>{t('qualification.title')}</h2>
      <fieldset className="rating">
        <legend>{t('qualification.rating')}</legend>
        {RATINGS.filter((r) => r !== '').map((rating) => (
          <label
            key={rating}
            className={`chip chip-${rating}${fields.rating === rating ? ' on' : ''}`}
          >
            <input
              type="radio"
              name="rating"
              value={rating}
              checked={fields.rating === rating}
              onChange={() => set('rating', rating)}
            />
            {t(`qualification.ratings.${rating}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <SelectField
          label={t('qualification.budget')}
          value={fields.budget}
          options={BUDGETS}
          optionLabel={(v) => t(`qualification.budgets.${v}`)}
          onValueChange={(v) => set('budget', v)}
        />
        <SelectField
          label={t('qualification.authority')}
          value={fields.authority}
          options={AUTHORITIES}
          optionLabel={(v) => t(`qualification.authorities.${v}`)}
          onValueChange={(v) => set('authority', v)}
        />
        <SelectField
          label={t('qualification.timeline')}
          value={fields.timeline}
          options={TIMELINES}
          optionLabel={(v) => t(`qualification.timelines.${v}`)}
          onValueChange={(v) => set('timeline', v)}
        />
        <SelectField
          label={t('qualification.nextStep')}
          value={fields.nextStep}
          options={NEXT_STEPS}
          optionLabel={(v) => t(`qualification.nextSteps.${v}`)}
          onValueChange={(v) => set('nextStep', v)}
        />
        <Field
          label={t('qualification.need')}
          value={fields.need}
          onValueChange={(v) => set('need', v)}
          maxLength={2000}
        />
        <Field
          label={t('qualification.competition')}
          value={fields.competition}
          onValueChange={(v) => set('competition', v)}
          maxLength={500}
        />
        <Field
          label={t('qualification.owner')}
          value={fields.owner}
          onValueChange={(v) => set('owner', v)}
          maxLength={100}
        />
      </div>
      {event.interests.length > 0 ? (
        <fieldset className="interests">
          <legend>{t('qualification.interests')}</legend>
          {event.interests.map((interest) => (
            <label
              key={interest}
              className={`chip${fields.interests.includes(interest) ? ' on' : ''}`}
            >
              <input
                type="checkbox"
                checked={fields.interests.includes(interest)}
                onChange={() => toggleInterest(interest)}
              />
              {interest}
            </label>
          ))}
        </fieldset>
      ) : null}
      {stored && stored.notes.length > 0 ? (
        <section className="notes" aria-label={t('qualification.notes')}>
          <h3>{t('qualification.notes')}</h3>
          <ul>
            {stored.notes.map((n) => (
              <li key={n.id}>
                <time>{new Date(n.at).toLocaleString(i18n.language)}</time> {n.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <label className="field">
        {t('qualification.newNote')}
        <textarea
          value={note}
          maxLength={4000}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <FormActions status={status}>
        <button type="submit" className="primary">
          {t('qualification.save')}
        </button>
      </FormActions>
    </form>
  );
}
