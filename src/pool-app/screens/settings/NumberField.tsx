import { useEffect, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number | null;
  /** Nullable fields take an empty box as null ("no deadline", "never fades"). */
  nullable?: boolean;
  integer?: boolean;
  min?: number;
  onChange: (value: number | null) => void;
  /** Shown as the visible label; else the label is for screen readers only. */
  visibleLabel?: boolean;
}

/**
 * A number box that keeps what is being typed ("-", "1.") and passes on only numbers, so a
 * half-typed value never reaches the config; a box that holds no number is marked invalid.
 */
export function NumberField({
  label,
  value,
  nullable = false,
  integer = true,
  min,
  onChange,
  visibleLabel = false,
}: NumberFieldProps) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    setText((current) =>
      Number(current) === value && current !== '' ? current : value === null ? '' : String(value),
    );
  }, [value]);
  const parse = (raw: string): number | null | undefined => {
    if (raw.trim() === '') return nullable ? null : undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return undefined;
    if (min !== undefined && n < min) return undefined;
    return n;
  };
  const invalid = parse(text) === undefined;
  const input = (
    <input
      type="text"
      inputMode="numeric"
      className="number-field"
      aria-label={visibleLabel ? undefined : label}
      aria-invalid={invalid || undefined}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = parse(event.target.value);
        if (parsed !== undefined) onChange(parsed);
      }}
    />
  );
  if (!visibleLabel) return input;
  return (
    <label className="field">
      <span>{label}</span>
      {input}
    </label>
  );
}
