import { useEffect, useRef } from 'react';

/**
 * A modal question before an action that cannot be undone (or should not happen by accident):
 * the cancel button has the focus, Escape cancels too; every word comes from the caller.
 */
export function ConfirmDialog({
  id,
  title,
  body,
  confirm,
  cancel,
  danger = true,
  busy,
  onConfirm,
  onCancel,
}: {
  /** Prefix of the title's and body's element ids. */
  id: string;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  /** The confirm button is red (default) or the usual primary colour. */
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-body`}>{body}</p>
      <div className="confirm-dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          {cancel}
        </button>
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
