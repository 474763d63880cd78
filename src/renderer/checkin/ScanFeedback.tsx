import { useEffect, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/person-ops';
import type { ShownFeedback } from './use-scan-pipeline';

/** How long each result stays before the screen is ready again (a new scan replaces it at once). */
const SHOW_MS = { green: 1500, badge: 1500, amber: 3000, red: 3500 } as const;

function useFeedbackText(shown: ShownFeedback): { title: string; lines: string[] } {
  const { t, i18n } = useTranslation();
  const { feedback } = shown;
  if ('scanError' in feedback)
    return { title: t('checkin.rejected'), lines: [t(`checkin.reason.${feedback.scanError}`)] };
  if ('saveError' in feedback)
    return { title: t('checkin.saveFailed', { message: feedback.saveError }), lines: [] };
  if (feedback.tone === 'badge') {
    const key = feedback.unknown ? 'badgeUnknown' : feedback.isNew ? 'badgeNew' : 'badgeKnown';
    return { title: t(`checkin.${key}`), lines: [] };
  }
  const { outcome } = feedback;
  if (outcome.kind === 'reject')
    return { title: t('checkin.rejected'), lines: [t(`checkin.reason.${outcome.reason}`)] };
  const person = outcome.person;
  const who =
    person && (person.name || person.company)
      ? [displayName(person), person.company].filter(Boolean)
      : [t('checkin.stub')];
  if (outcome.kind === 'admit') return { title: t('checkin.admitted'), lines: who };
  const time = new Date(outcome.first.at).toLocaleTimeString(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    title: t('checkin.already'),
    lines: [...who, t('checkin.alreadyDetail', { time, device: outcome.first.deviceName })],
  };
}

/**
 * Full-screen green / amber / red: readable from two metres, so staff need not read the laptop.
 * Records how long decode → painted took (performance measure `leadpond:scan-feedback`).
 */
export function ScanFeedback({ shown, onDismiss }: { shown: ShownFeedback; onDismiss(): void }) {
  const { t } = useTranslation();
  const { title, lines } = useFeedbackText(shown);
  const tone = shown.feedback.tone;

  useLayoutEffect(() => {
    const frame = requestAnimationFrame(() => {
      performance.measure('leadpond:scan-feedback', {
        start: shown.decodedAt,
        end: performance.now(),
        detail: { tone, method: shown.method },
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [shown, tone]);

  useEffect(() => {
    const timer = setTimeout(onDismiss, SHOW_MS[tone]);
    return () => clearTimeout(timer);
  }, [shown, tone, onDismiss]);

  return (
    <div
      className={`scan-feedback scan-${tone}`}
      role="alert"
      data-tone={tone}
      data-serial={shown.serial}
      onClick={onDismiss}
    >
      <div className="scan-feedback-title">{title}</div>
      {lines.map((line) => (
        <div key={line} className="scan-feedback-line">
          {line}
        </div>
      ))}
      <div className="scan-feedback-hint">{t('checkin.dismiss')}</div>
    </div>
  );
}
