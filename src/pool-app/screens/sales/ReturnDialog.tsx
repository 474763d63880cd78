import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RETURN_NOTE_MAX,
  RETURN_REASONS,
  type ReturnBody,
  type ReturnReason,
} from '../../../shared/api';

/**
 * Asks why a lead goes back to marketing: one reason from the list (required) and free text
 * (required for "other"). The pool checks both again; this only saves a round trip.
 */
export function ReturnDialog({
  name,
  busy,
  failure,
  onReturn,
  onCancel,
}: {
  name: string;
  busy: boolean;
  failure: string | null;
  onReturn: (body: ReturnBody) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('sales');
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<ReturnReason | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const noteMissing = reason === 'other' && note.trim() === '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (reason === null || noteMissing) return;
    onReturn({ reason, note: note.trim() });
  };

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog sales-return-dialog"
      aria-labelledby="sales-return-title"
      aria-describedby="sales-return-intro"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="sales-return-title">{t('returnDialog.title', { name })}</h2>
        <p id="sales-return-intro">{t('returnDialog.intro')}</p>
        <fieldset className="sales-reasons">
          <legend>{t('returnDialog.reason')}</legend>
          {RETURN_REASONS.map((code) => (
            <label key={code} className="sales-reason">
              <input
                type="radio"
                name="return-reason"
                value={code}
                checked={reason === code}
                required
                onChange={() => setReason(code)}
              />
              {t(`reasons.${code}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="sales-return-note">{t('returnDialog.note')}</label>
          <textarea
            id="sales-return-note"
            rows={3}
            maxLength={RETURN_NOTE_MAX}
            value={note}
            aria-describedby="sales-return-note-hint"
            aria-invalid={tried && noteMissing ? true : undefined}
            onChange={(event) => setNote(event.target.value)}
          />
          <span id="sales-return-note-hint" className="hint">
            {t('returnDialog.noteHint')}
          </span>
          {tried && noteMissing && (
            <span className="field-error" role="alert">
              {t('returnDialog.noteRequired')}
            </span>
          )}
        </div>
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
        <div className="confirm-dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('returnDialog.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy || reason === null}>
            {t('returnDialog.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
