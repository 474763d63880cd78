import { useEffect, useState } from 'react';

/** What a typed field waits before it filters: no request per keystroke. */
const TYPING_PAUSE_MS = 300;

interface Props {
  id: string;
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'search' | 'number';
}

/** An input that hands its text on once the user pauses (or presses Enter). */
export function DebouncedInput({ id, value, onCommit, placeholder, type = 'search' }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);
  return (
    <input
      id={id}
      type={type}
      value={draft}
      placeholder={placeholder}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onCommit(draft);
      }}
    />
  );
}
