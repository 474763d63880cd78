import { useEffect, useRef } from 'react';
import { KeystrokeBurstDetector } from '../../shared/scan';

/** Sets a React-controlled field's value the way typing would, so React sees the change. */
function setFieldValue(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
  Object.getOwnPropertyDescriptor(prototype.prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A scanner typed its code into whatever field had focus: take those characters back out. */
function removeScannedText(text: string): void {
  const field = document.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  const at = field.value.lastIndexOf(text);
  if (at >= 0) setFieldValue(field, field.value.slice(0, at) + field.value.slice(at + text.length));
}

/**
 * USB/Bluetooth scanners in keyboard-wedge mode, heard on the whole window (capture phase) so a
 * scan works whatever has focus. Typing stays typing: only a fast burst ending in Enter counts.
 */
export function useHidScanner(onScan: (text: string) => void, enabled = true): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  }, [onScan]);

  useEffect(() => {
    if (!enabled) return undefined;
    const detector = new KeystrokeBurstDetector();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) {
        detector.reset();
        return;
      }
      const text = detector.feed(event.key, event.timeStamp);
      if (text === null) return;
      // The Enter must not also submit a form or press a focused button.
      event.preventDefault();
      event.stopPropagation();
      removeScannedText(text);
      latest.current(text);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled]);
}
