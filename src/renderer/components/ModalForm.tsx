import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

interface ModalFormProps {
  /** The dialog's accessible name. */
  label: string;
  className?: string;
  onSubmit(event: FormEvent): void;
  /**
   * The form's current errors (any shape; only whether it changed and is non-empty matters): when a
   * submit leaves some, focus moves to the first invalid field, so a long form scrolled to its
   * button shows the 必填 at its top instead of leaving staff to hunt for it.
   */
  errors?: Readonly<Record<string, unknown>>;
  children: ReactNode;
}

/** A modal dialog that is a form: validation messages come from zod, not the browser. */
export function ModalForm({ label, className, onSubmit, errors, children }: ModalFormProps) {
  const form = useRef<HTMLFormElement>(null);

  // Opening a dialog puts the keyboard in it, at the first field (unless a child chose already).
  useEffect(() => {
    const root = form.current;
    if (!root || root.contains(document.activeElement)) return;
    root.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, []);

  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!invalid) return;
    invalid.focus();
    invalid.scrollIntoView({ block: 'center' });
  }, [errors]);

  return (
    <div className="modal-backdrop">
      <form
        ref={form}
        className={className ? `modal ${className}` : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        onSubmit={onSubmit}
        noValidate
      >
        {children}
      </form>
    </div>
  );
}
