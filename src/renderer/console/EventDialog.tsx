import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PROFILE_FIELDS, type FormField, type LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { ModalForm } from '../components/ModalForm';
import { Field } from '../components/Field';
import { newEventDraft, saveEvent, type EventDraft } from '../store/leads';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function draftOf(event: LeadEvent | null): EventDraft {
  if (event) {
    const { id: _id, createdAt: _c, updatedAt: _u, publicKey: _p, ...draft } = event;
    return draft;
  }
  return newEventDraft(today());
}

/** Create or edit an event: its form, consent text and version, cost, products. */
export function EventDialog({ event, onClose }: { event: LeadEvent | null; onClose(): void }) {
  const { t } = useTranslation();
  const { capture, updateSettings } = useServices();
  const [draft, setDraft] = useState<EventDraft>(() => draftOf(event));
  const [interests, setInterests] = useState(draft.interests.join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const set = <K extends keyof EventDraft>(key: K, value: EventDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  // The English consent text, kept as the consent's 'en' translation; both fields empty: none.
  const translations = draft.consent.translations ?? [];
  const englishIndex = translations.findIndex((l) => l.language === 'en');
  const english = englishIndex >= 0 ? translations[englishIndex] : undefined;
  const englishPath = `consent.translations.${englishIndex >= 0 ? englishIndex : translations.length}`;
  function setEnglish(change: { text?: string; version?: string }) {
    const next = { language: 'en' as const, text: '', version: '', ...english, ...change };
    const others = translations.filter((l) => l.language !== 'en');
    const keep = next.text.trim() !== '' || next.version.trim() !== '';
    set('consent', { ...draft.consent, translations: keep ? [...others, next] : others });
  }

  function toggleField(field: FormField, key: 'fields' | 'required') {
    const list = draft.form[key];
    const next = list.includes(field)
      ? list.filter((f) => f !== field)
      : PROFILE_FIELDS.filter((f) => f === field || list.includes(f));
    const form = { ...draft.form, [key]: next };
    // A required field must be on the form; a field taken off the form is no longer required.
    if (key === 'required' && !form.fields.includes(field))
      form.fields = PROFILE_FIELDS.filter((f) => form.fields.includes(f) || f === field);
    if (key === 'fields') form.required = form.required.filter((f) => form.fields.includes(f));
    set('form', form);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = await saveEvent(
      capture,
      {
        ...draft,
        interests: interests
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      },
      event?.id,
    );
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    await updateSettings({ currentEventId: result.value.id });
    onClose();
  }

  return (
    <ModalForm
      label={t('event.dialogTitle')}
      className="event-dialog"
      onSubmit={submit}
      errors={errors}
    >
      <h2>{event ? t('event.edit') : t('event.create')}</h2>
      <div className="form-grid">
        <Field
          label={t('event.name')}
          value={draft.name}
          onValueChange={(v) => set('name', v)}
          error={errors.name}
          required
          autoFocus
        />
        <Field
          label={t('event.venue')}
          value={draft.venue}
          onValueChange={(v) => set('venue', v)}
          error={errors.venue}
        />
        <Field
          label={t('event.startsOn')}
          type="date"
          value={draft.startsOn}
          onValueChange={(v) => set('startsOn', v)}
          error={errors.startsOn}
        />
        <Field
          label={t('event.endsOn')}
          type="date"
          value={draft.endsOn}
          onValueChange={(v) => set('endsOn', v)}
          error={errors.endsOn}
        />
        <Field
          label={t('event.costAmount')}
          type="number"
          min={0}
          value={String(draft.cost.amount)}
          onValueChange={(v) => set('cost', { ...draft.cost, amount: Number(v) || 0 })}
          error={errors['cost.amount']}
        />
        <Field
          label={t('event.costCurrency')}
          value={draft.cost.currency}
          maxLength={3}
          onValueChange={(v) => set('cost', { ...draft.cost, currency: v.toUpperCase() })}
          error={errors['cost.currency']}
        />
        <Field
          label={t('event.kioskIdleSeconds')}
          type="number"
          min={5}
          value={String(draft.kioskIdleSeconds)}
          onValueChange={(v) => set('kioskIdleSeconds', Number(v) || 0)}
          error={errors.kioskIdleSeconds}
        />
        <Field
          label={t('event.retentionDays')}
          type="number"
          min={1}
          value={String(draft.retentionDays)}
          onValueChange={(v) => set('retentionDays', Number(v) || 0)}
          error={errors.retentionDays}
        />
      </div>
      <fieldset className="form-fields">
        <legend>{t('event.formFields')}</legend>
        <table>
          <tbody>
            {PROFILE_FIELDS.map((field) => (
              <tr key={field}>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={draft.form.fields.includes(field)}
                      onChange={() => toggleField(field, 'fields')}
                    />
                    {t(`fields.${field}`)}
                  </label>
                </td>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      aria-label={`${t(`fields.${field}`)} ${t('event.required')}`}
                      checked={draft.form.required.includes(field)}
                      onChange={() => toggleField(field, 'required')}
                    />
                    {t('event.required')}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {errors['form.fields'] ? (
          <div className="field-error">{t(errors['form.fields'])}</div>
        ) : null}
      </fieldset>
      <label className="field">
        {t('event.interests')}
        <textarea rows={3} value={interests} onChange={(e) => setInterests(e.target.value)} />
      </label>
      <label className="field">
        {t('event.consentText')}
        <textarea
          rows={3}
          value={draft.consent.text}
          onChange={(e) => set('consent', { ...draft.consent, text: e.target.value })}
        />
      </label>
      <Field
        label={t('event.consentVersion')}
        value={draft.consent.version}
        onValueChange={(v) => set('consent', { ...draft.consent, version: v })}
        error={errors['consent.version']}
      />
      <label className="field">
        {t('event.consentTextEn')}
        <textarea
          rows={3}
          value={english?.text ?? ''}
          onChange={(e) => setEnglish({ text: e.target.value })}
          aria-invalid={errors[`${englishPath}.text`] ? true : undefined}
        />
        {errors[`${englishPath}.text`] ? (
          <span className="field-error">{t(errors[`${englishPath}.text`] ?? '')}</span>
        ) : null}
      </label>
      <Field
        label={t('event.consentVersionEn')}
        value={english?.version ?? ''}
        onValueChange={(version) => setEnglish({ version })}
        error={errors[`${englishPath}.version`]}
      />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('event.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('event.save')}
        </button>
      </div>
    </ModalForm>
  );
}
