import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadEvent } from '../../shared/schemas';
import { DrawCard } from './DrawCard';
import { DrawForm } from './DrawForm';
import { useDraws } from './use-draws';
import './draws.css';

/** The staff console's draws: create, list with status, run on the owning device. */
export function DrawsSection({ event, onClose }: { event: LeadEvent; onClose(): void }) {
  const { t } = useTranslation();
  const draws = useDraws(event.id);
  const [creating, setCreating] = useState(false);
  // A deleted draw's card is gone: the section says what happened instead.
  const [notice, setNotice] = useState('');

  return (
    <section className="draws" aria-labelledby="draws-title">
      <div className="draws-head">
        <h1 id="draws-title">{t('draw.title')}</h1>
        <div className="spacer" />
        <button type="button" onClick={onClose}>
          {t('draw.back')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setNotice('');
            setCreating(true);
          }}
        >
          {t('draw.create')}
        </button>
      </div>
      {notice ? (
        <p className="draw-message" role="status">
          {notice}
        </p>
      ) : null}
      {draws === undefined ? null : draws.length === 0 ? (
        <p className="placeholder">{t('draw.empty')}</p>
      ) : (
        <ul className="draw-list" aria-label={t('draw.list')}>
          {draws.map((draw) => (
            <li key={draw.id}>
              <DrawCard draw={draw} event={event} onNotice={setNotice} />
            </li>
          ))}
        </ul>
      )}
      {creating ? <DrawForm eventId={event.id} onClose={() => setCreating(false)} /> : null}
    </section>
  );
}
