import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  value: string;
  onValueChange(value: string): void;
  /** An i18n key (errors.*) shown inline under the input. */
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
}

/** A labelled input with its inline error, wired for screen readers and getByLabel. */
export function Field({
  label,
  value,
  onValueChange,
  error,
  hint,
  required,
  ...input
}: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        aria-required={required || undefined}
        {...input}
      />
      {hint ? <div className="field-hint">{hint}</div> : null}
      {error ? (
        <div id={errorId} className="field-error" role="alert">
          {t(error)}
        </div>
      ) : null}
    </div>
  );
}

interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly V[];
  optionLabel(value: V): string;
  onValueChange(value: V): void;
}

export function SelectField<V extends string>({
  label,
  value,
  options,
  optionLabel,
  onValueChange,
}: SelectFieldProps<V>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onValueChange(e.target.value as V)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
