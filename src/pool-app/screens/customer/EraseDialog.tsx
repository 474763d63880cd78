import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks before erasing: erasure cannot be undone, so the admin types the customer's name (or,
 * for a customer without one, its id) — a click alone is not enough.
 */
export function EraseDialog({
  expected,
  named,
  busy,
  failure,
  onConfirm,
  onCancel,
}: {
  expected: string;
  /** False: `expected` is the customer id (the customer has no name). */
  named: boolean;
  busy: boolean;
  failure: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('customer');
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const matches = typed.trim() === expected.trim();
  return (
    <dialog
      ref={dialog}
      className="c360-dialog"
      aria-labelledby="c360-erase-title"
      aria-describedby="c360-erase-body"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="c360-erase-title">{t('erase.dialogTitle', { name: expected })}</h2>
      <p id="c360-erase-body">{t('erase.dialogBody')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (matches) onConfirm();
        }}
      >
        <div className="field">
          <label htmlFor="c360-erase-confirm">
            {t(named ? 'erase.typeName' : 'erase.typeId', { name: expected })}
          </label>
          <input
            id="c360-erase-confirm"
            value={typed}
            autoComplete="off"
            autoFocus
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
        <div className="c360-dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('erase.cancel')}
          </button>
          <button type="submit" className="danger" disabled={!matches || busy}>
            {t('erase.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
