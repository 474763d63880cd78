import type { ReactNode } from 'react';

/** The row under a form: what just happened (announced to screen readers), then the buttons. */
export function FormActions({ status, children }: { status?: string; children: ReactNode }) {
  return (
    <div className="actions">
      {status ? (
        <span className="saved" role="status">
          {status}
        </span>
      ) : null}
      {children}
    </div>
  );
}
