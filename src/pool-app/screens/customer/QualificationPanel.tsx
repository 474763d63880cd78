import { useTranslation } from 'react-i18next';
import type { Customer360Response } from '../../../shared/api';
import type { Qualification } from '../../../shared/schemas';
import { formatTime } from './format';

/** What booth staff judged (rating, BANT and competition), per event, with their notes. */
export function QualificationPanel({ detail }: { detail: Customer360Response }) {
  const { t, i18n } = useTranslation('customer');
  const eventName = (id: string) => detail.events.find((event) => event.id === id)?.name ?? id;
  return (
    <section className="panel c360-panel" aria-labelledby="c360-qualification-title">
      <h2 id="c360-qualification-title">{t('qualification.title')}</h2>
      {detail.qualifications.length === 0 && <p className="hint">{t('qualification.none')}</p>}
      {detail.qualifications.map((q) => (
        <QualificationCard
          key={q.id}
          qualification={q}
          event={eventName(q.eventId)}
          language={i18n.language}
        />
      ))}
    </section>
  );
}

function QualificationCard({
  qualification: q,
  event,
  language,
}: {
  qualification: Qualification;
  event: string;
  language: string;
}) {
  const { t } = useTranslation('customer');
  const text = (value: string) => (value === '' ? t('qualification.empty') : value);
  const rows: [string, string][] = [
    [t('qualification.rating'), t(`qualification.ratings.${q.rating}`)],
    [t('qualification.budget'), t(`qualification.budgets.${q.budget}`)],
    [t('qualification.authority'), t(`qualification.authorities.${q.authority}`)],
    [t('qualification.need'), text(q.need)],
    [t('qualification.timeline'), t(`qualification.timelines.${q.timeline}`)],
    [t('qualification.competition'), text(q.competition)],
    [t('qualification.interests'), text(q.interests.join('、'))],
    [t('qualification.nextStep'), t(`qualification.nextSteps.${q.nextStep}`)],
    [t('qualification.owner'), text(q.owner)],
  ];
  return (
    <div className="c360-qualification">
      <p className="hint">{t('qualification.event', { event })}</p>
      <dl className="c360-bant">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('qualification.notes')}</h3>
      {q.notes.length === 0 ? (
        <p className="hint">{t('qualification.noNotes')}</p>
      ) : (
        <ul className="c360-notes">
          {[...q.notes]
            .sort((a, b) => b.at - a.at)
            .map((note) => (
              <li key={note.id}>
                <p>{note.text}</p>
                <span className="hint">{formatTime(note.at, language)}</span>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
