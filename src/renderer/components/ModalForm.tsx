import type { FormEvent, ReactNode } from 'react';

interface ModalFormProps {
  /** The dialog's accessible name. */
  label: string;
  className?: string;
  onSubmit(event: FormEvent): void;
  children: ReactNode;
}

/** A modal dialog that is a form: validation messages come from zod, not the browser. */
export function ModalForm({ label, className, onSubmit, children }: ModalFormProps) {
  return (
    <div className="modal-backdrop">
      <form
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
