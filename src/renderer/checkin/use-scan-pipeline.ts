import { useCallback, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { classifyScan } from '../../shared/scan';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import {
  captureBadge,
  checkInPerson,
  checkInTicket,
  type BoothContext,
  type CheckInOutcome,
  type ScanMethod,
} from '../store/checkins';
import { createWebSignatureCheck } from '../store/ticket-signatures';
import { playFeedback } from './feedback-sound';

export type Feedback =
  | { tone: 'green' | 'amber' | 'red'; outcome: CheckInOutcome }
  | { tone: 'red'; scanError: 'empty' | 'tooLong' | 'binary' }
  | { tone: 'red'; saveError: string }
  | { tone: 'badge'; personId: string; isNew: boolean; unknown: boolean };

export interface ShownFeedback {
  feedback: Feedback;
  /** Increments per scan, so the same result twice still replays the overlay. */
  serial: number;
  method: ScanMethod;
  /** performance.now() when the code was decoded (or the scanner's Enter came). */
  decodedAt: number;
}

const TONE_OF: Record<CheckInOutcome['kind'], 'green' | 'amber' | 'red'> = {
  admit: 'green',
  already: 'amber',
  reject: 'red',
};

/**
 * Every scan, from any input, goes through one queue: classify → ticket check-in or badge
 * capture → feedback. One at a time, so a camera and a scanner reading the same ticket at once
 * still count it once.
 */
export function useScanPipeline(event: LeadEvent, onBadge: (personId: string) => void) {
  const { capture, settings } = useServices();
  const queue = useRef(Promise.resolve());
  const serial = useRef(0);
  const [shown, setShown] = useState<ShownFeedback | null>(null);

  const signatureCheck = useMemo(() => createWebSignatureCheck(globalThis.crypto.subtle), []);
  const booth: BoothContext = useMemo(
    () => ({ ...capture, deviceName: settings.deviceName, signatureCheck }),
    [capture, settings.deviceName, signatureCheck],
  );

  const show = useCallback((feedback: Feedback, method: ScanMethod, decodedAt: number) => {
    serial.current += 1;
    // Rendered now, not in a later task: the check-in's own change events queue live queries
    // (the dashboard's counts) that would otherwise render before the result does.
    flushSync(() => setShown({ feedback, method, decodedAt, serial: serial.current }));
    // The tone follows the painted result instead of holding it back: the first one creates the
    // AudioContext, ~25 ms of main thread in Chromium. A hidden page paints no frames: at once.
    if (document.visibilityState === 'hidden') playFeedback(feedback.tone);
    else requestAnimationFrame(() => setTimeout(() => playFeedback(feedback.tone), 0));
  }, []);

  const process = useCallback(
    async (text: string, method: ScanMethod, decodedAt: number) => {
      const scan = classifyScan(text);
      if (scan.kind === 'rejected') {
        show({ tone: 'red', scanError: scan.reason }, method, decodedAt);
      } else if (scan.kind === 'ticket') {
        const outcome = await checkInTicket(booth, event, scan.text, method);
        show({ tone: TONE_OF[outcome.kind], outcome }, method, decodedAt);
      } else {
        const { person, isNew } = await captureBadge(booth, event, scan, method);
        show(
          { tone: 'badge', personId: person.id, isNew, unknown: scan.kind === 'unknown' },
          method,
          decodedAt,
        );
        onBadge(person.id);
      }
    },
    [booth, event, onBadge, show],
  );

  const enqueue = useCallback(
    (run: () => Promise<void>, method: ScanMethod, decodedAt: number) => {
      queue.current = queue.current.then(run).catch((error: unknown) => {
        show(
          { tone: 'red', saveError: error instanceof Error ? error.message : String(error) },
          method,
          decodedAt,
        );
      });
    },
    [show],
  );

  const scan = useCallback(
    (text: string, method: ScanMethod) => {
      const decodedAt = performance.now();
      enqueue(() => process(text, method, decodedAt), method, decodedAt);
    },
    [enqueue, process],
  );

  const checkInManually = useCallback(
    (personId: string) => {
      const decodedAt = performance.now();
      enqueue(
        async () => {
          const outcome = await checkInPerson(booth, event, personId);
          show({ tone: TONE_OF[outcome.kind], outcome }, 'manual', decodedAt);
        },
        'manual',
        decodedAt,
      );
    },
    [booth, enqueue, event, show],
  );

  const dismiss = useCallback(() => setShown(null), []);
  return { shown, scan, checkInManually, dismiss };
}
