import { useTranslation } from 'react-i18next';
import type { Interaction } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';
import { WhitePaperFact } from './WhitePapers';

/** Every fact recorded about this person, newest first. */
export function Timeline({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const { db } = useServices();
  const facts = useObservable(
    () => db.interactions.find({ selector: { personId }, sort: [{ occurredAt: 'desc' }] }).$,
    [],
    [db, personId],
  ).map((doc) => doc.toJSON() as Interaction);

  return (
    <section className="card timeline" aria-label={t('timeline.title')}>
      <h2>{t('timeline.title')}</h2>
      {facts.length === 0 ? (
        <p className="placeholder">{t('timeline.empty')}</p>
      ) : (
        <ol>
          {facts.map((fact) => (
            <li key={fact.id}>
              <time dateTime={new Date(fact.occurredAt).toISOString()}>
                {new Date(fact.occurredAt).toLocaleString(i18n.language)}
              </time>
              <span className="timeline-type">{t(`timeline.types.${fact.type}`)}</span>
              {typeof fact.data.channel === 'string' ? (
                <span className="timeline-meta">
                  {t(`timeline.channels.${fact.data.channel}`, fact.data.channel)}
                </span>
              ) : null}
              <WhitePaperFact fact={fact} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
