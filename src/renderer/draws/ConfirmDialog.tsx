import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  /** What will happen: read out by screen readers as the dialog's description. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** While the action runs, neither a second click nor Escape acts on it. */
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Asks before an action that cannot be undone. A native modal <dialog>: the rest of the page is
 * inert, Tab stays inside, Escape cancels, and focus starts on Cancel so a stray Enter does
 * nothing irreversible; it returns to the opener when the dialog closes.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, cancelLabel, busy = false, onConfirm, onCancel } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => {
      element?.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="modal draw-confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId} className="draw-confirm-body">
        {children}
      </div>
      <div className="actions">
        {/* aria-disabled, not disabled: a disabled button cannot hold the focus it starts with. */}
        <button ref={cancel} type="button" aria-disabled={busy} onClick={() => !busy && onCancel()}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className="primary"
          aria-disabled={busy}
          onClick={() => !busy && onConfirm()}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
