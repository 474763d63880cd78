import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks before revoking: it signs the user out everywhere and cannot be undone. */
export function RevokeDialog({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('users');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="users-dialog"
      aria-labelledby="revoke-title"
      aria-describedby="revoke-body"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="revoke-title">{t('revoke.title', { name })}</h2>
      <p id="revoke-body">{t('revoke.body', { name })}</p>
      <div className="users-dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          {t('revoke.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {t('revoke.confirm')}
        </button>
      </div>
    </dialog>
  );
}
