import type { InputHTMLAttributes, Ref, TextareaHTMLAttributes } from 'react';

/** The ids an input's hint and error get, for aria-describedby. */
function describedBy(id: string, error?: string | null, hint?: string) {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
}

function Notes({ id, error, hint }: { id: string; error?: string | null; hint?: string }) {
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

/** A labelled input; its error and hint are tied to it for screen readers. */
export function TextField({
  id,
  label,
  error,
  hint,
  className,
  ref,
  ...input
}: {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  ref?: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint) || undefined}
        {...input}
      />
      <Notes id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  error,
  hint,
  ...area
}: { id: string; label: string; error?: string | null; hint?: string } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id'
>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint) || undefined}
        {...area}
      />
      <Notes id={id} error={error} hint={hint} />
    </div>
  );
}
