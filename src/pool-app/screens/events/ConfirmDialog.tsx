import { useEffect, useRef } from 'react';

/** Asks before something that cannot be undone; Escape and the first button cancel. */
export function ConfirmDialog({
  id,
  title,
  body,
  confirm,
  cancel,
  busy,
  onConfirm,
  onCancel,
}: {
  id: string;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
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
      className="event-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-body`}>{body}</p>
      <div className="event-dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>
          {cancel}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
