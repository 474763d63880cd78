import { useTranslation } from 'react-i18next';
import type { Interaction } from '../../../shared/schemas';
import { formatShortTime } from './format';

/** Words a fact carries that a reader wants (a note's text, a white paper's title, a prize). */
const WORDS = ['text', 'note', 'title', 'assetTitle', 'prize', 'answer'];
function wordsOf(fact: Interaction): string {
  return WORDS.map((key) => fact.data[key])
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .join(' · ');
}

/** Every fact of the customer from every device and event, newest first, a page at a time. */
export function TimelinePanel({
  facts,
  devices,
  events,
  hasMore,
  loadingMore,
  onMore,
}: {
  facts: Interaction[];
  devices: Record<string, string>;
  events: { id: string; name: string }[];
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
}) {
  const { t, i18n } = useTranslation('customer');
  const eventName = (id: string) => events.find((event) => event.id === id)?.name ?? '';
  return (
    <section className="panel c360-panel" aria-labelledby="c360-timeline-title">
      <h2 id="c360-timeline-title">{t('timeline.title')}</h2>
      <p className="hint">{t('timeline.caption')}</p>
      {facts.length === 0 ? (
        <p className="hint">{t('timeline.empty')}</p>
      ) : (
        <ol className="c360-timeline" aria-labelledby="c360-timeline-title">
          {facts.map((fact) => {
            const words = wordsOf(fact);
            return (
              <li key={fact.id} data-type={fact.type}>
                <time dateTime={new Date(fact.occurredAt).toISOString()}>
                  {formatShortTime(fact.occurredAt, i18n.language)}
                </time>
                <strong>{t(`timeline.types.${fact.type}`)}</strong>
                {words && <span className="c360-fact-words">{words}</span>}
                <span className="hint">
                  {t('timeline.at', {
                    device: devices[fact.deviceId] ?? t('timeline.unknownDevice'),
                    event: eventName(fact.eventId),
                  })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {hasMore && (
        <button type="button" onClick={onMore} disabled={loadingMore}>
          {loadingMore ? t('timeline.loadingMore') : t('timeline.more')}
        </button>
      )}
    </section>
  );
}
