import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventResponse } from '../../../shared/api';
import { CATALOGS, isLanguage, type Language } from '../../../shared/i18n';
import { KIOSK_IDLE_SECONDS, RETENTION_DAYS, type LeadEvent } from '../../../shared/schemas';
import { api } from '../../api/client';
import {
  bodyOf,
  consentVersionStale,
  draftErrors,
  fieldRows,
  moveField,
  toggleAsked,
  toggleRequired,
  type DraftErrors,
  type DraftKey,
  type EventDraft,
  type FallbackMessage,
} from './event-draft';
import { TextAreaField, TextField } from './fields';
import { messageOf } from './format';

/**
 * Every field of an event, for a new one (`original` absent: POST) or an existing one (PATCH of
 * every editable field). Checked on submit with the pool's schema; errors stay beside inputs.
 */
export function EventForm({
  initial,
  original,
  onSaved,
}: {
  initial: EventDraft;
  original?: LeadEvent;
  onSaved: (event: LeadEvent) => void;
}) {
  const { t, i18n } = useTranslation('events');
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const fieldLabels = CATALOGS[language].fields;
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fallback: FallbackMessage = (key, issue) => {
    switch (key) {
      case 'costAmount':
        return t('validation.costAmount');
      case 'currency':
        return t('validation.currency');
      case 'fields':
        return t('validation.noFields');
      case 'required':
        return t('validation.requiredNotAsked');
      case 'interests': {
        const index = issue.path[1];
        return typeof index === 'number'
          ? t('validation.interestLine', {
              line: index + 1,
              message: t('validation.interestTooLong'),
            })
          : t('validation.tooManyInterests');
      }
      case 'consentVersion':
      case 'consentEnVersion':
        return t('validation.versionRequired');
      case 'consentEnText':
        return t('validation.textRequired');
      default:
        return issue.code === 'too_big' ? t('validation.tooLong') : t('validation.invalid');
    }
  };

  const validate = (next: EventDraft): DraftErrors => {
    const found = draftErrors(next, language, fallback);
    if (original) {
      const stale = consentVersionStale(next, original);
      const english = original.consent.translations.find((tr) => tr.language === 'en');
      if (stale.main && !found.consentVersion) {
        found.consentVersion = t('validation.newVersionNeeded', {
          version: original.consent.version,
        });
      }
      if (stale.english && !found.consentEnVersion) {
        found.consentEnVersion = t('validation.newVersionNeeded', { version: english?.version });
      }
    }
    return found;
  };

  const change = (next: EventDraft) => {
    setDraft(next);
    setNotice(null);
    // After a first submit, errors follow the typing so a fixed field clears at once.
    if (checked) setErrors(validate(next));
  };
  const set = (key: DraftKey) => (value: string) => change({ ...draft, [key]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setFailure(null);
    const found = validate(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const body = bodyOf(draft);
      const saved = original
        ? await api.send<EventResponse>('PATCH', `/events/${original.id}`, body)
        : await api.send<EventResponse>('POST', '/events', body);
      if (original) setNotice(t('editor.saved'));
      onSaved(saved.event);
    } catch (error) {
      setFailure(t('editor.failed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const errorCount = Object.keys(errors).length;
  const input = (key: DraftKey) => ({
    value: draft[key] as string,
    error: errors[key],
    onChange: (e: { target: { value: string } }) => set(key)(e.target.value),
  });

  return (
    <form className="event-form" noValidate onSubmit={(e) => void submit(e)}>
      <section className="panel" aria-labelledby="event-basics">
        <h2 id="event-basics">{t('form.basics')}</h2>
        <div className="event-grid">
          <TextField id="event-name" label={t('form.name')} required {...input('name')} />
          <TextField id="event-venue" label={t('form.venue')} {...input('venue')} />
          <TextField
            id="event-starts"
            type="date"
            label={t('form.startsOn')}
            required
            {...input('startsOn')}
          />
          <TextField
            id="event-ends"
            type="date"
            label={t('form.endsOn')}
            required
            {...input('endsOn')}
          />
        </div>
        <fieldset className="event-cost">
          <legend>{t('form.cost')}</legend>
          <TextField
            id="event-cost"
            inputMode="decimal"
            label={t('form.costAmount')}
            {...input('costAmount')}
          />
          <TextField
            id="event-currency"
            label={t('form.currency')}
            hint={t('form.currencyHint')}
            maxLength={3}
            {...input('currency')}
          />
        </fieldset>
      </section>

      <section className="panel" aria-labelledby="event-fields">
        <h2 id="event-fields">{t('form.fields')}</h2>
        <p className="hint" id="event-fields-hint">
          {t('form.fieldsHint')}
        </p>
        <table className="data event-fields-table" aria-describedby="event-fields-hint">
          <thead>
            <tr>
              <th scope="col">{t('form.fieldColumn')}</th>
              <th scope="col">{t('form.ask')}</th>
              <th scope="col">{t('form.required')}</th>
              <th scope="col">{t('form.order')}</th>
            </tr>
          </thead>
          <tbody>
            {fieldRows(draft).map((field) => {
              const asked = draft.fields.includes(field);
              const position = draft.fields.indexOf(field);
              return (
                <tr key={field}>
                  <th scope="row">{fieldLabels[field]}</th>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('form.askField', { field: fieldLabels[field] })}
                      checked={asked}
                      onChange={(e) => change(toggleAsked(draft, field, e.target.checked))}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('form.requireField', { field: fieldLabels[field] })}
                      checked={draft.required.includes(field)}
                      disabled={!asked}
                      onChange={(e) => change(toggleRequired(draft, field, e.target.checked))}
                    />
                  </td>
                  <td>
                    {asked && (
                      <div className="event-field-order">
                        <button
                          type="button"
                          aria-label={t('form.moveUp', { field: fieldLabels[field] })}
                          disabled={position === 0}
                          onClick={() => change(moveField(draft, field, -1))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          aria-label={t('form.moveDown', { field: fieldLabels[field] })}
                          disabled={position === draft.fields.length - 1}
                          onClick={() => change(moveField(draft, field, 1))}
                        >
                          ↓
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {(errors.fields ?? errors.required) && (
          <p className="field-error">{errors.fields ?? errors.required}</p>
        )}
        <TextAreaField
          id="event-interests"
          label={t('form.interests')}
          hint={t('form.interestsHint')}
          rows={4}
          {...input('interests')}
        />
      </section>

      <section className="panel" aria-labelledby="event-consent">
        <h2 id="event-consent">{t('form.consent')}</h2>
        <p className="hint">{t('form.consentHint')}</p>
        <div className="event-consent">
          <TextAreaField
            id="event-consent-text"
            label={t('form.consentText')}
            rows={4}
            {...input('consentText')}
          />
          <TextField
            id="event-consent-version"
            label={t('form.consentVersion')}
            {...input('consentVersion')}
          />
          <TextAreaField
            id="event-consent-en-text"
            label={t('form.consentEnText')}
            hint={t('form.consentEnHint')}
            rows={4}
            {...input('consentEnText')}
          />
          <TextField
            id="event-consent-en-version"
            label={t('form.consentEnVersion')}
            {...input('consentEnVersion')}
          />
        </div>
      </section>

      <section className="panel" aria-labelledby="event-kiosk">
        <h2 id="event-kiosk">{t('form.kiosk')}</h2>
        <div className="event-grid">
          <TextField
            id="event-idle"
            inputMode="numeric"
            label={t('form.kioskIdleSeconds')}
            hint={t('form.kioskIdleHint', KIOSK_IDLE_SECONDS)}
            {...input('kioskIdleSeconds')}
          />
          <TextField
            id="event-retention"
            inputMode="numeric"
            label={t('form.retentionDays')}
            hint={t('form.retentionHint', RETENTION_DAYS)}
            {...input('retentionDays')}
          />
        </div>
      </section>

      <div className="event-form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('editor.saving') : original ? t('editor.save') : t('editor.create')}
        </button>
        <div aria-live="polite">
          {notice && <p className="event-notice">{notice}</p>}
          {errorCount > 0 && (
            <p className="field-error">{t('editor.invalid', { count: errorCount })}</p>
          )}
        </div>
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
      </div>
    </form>
  );
}
