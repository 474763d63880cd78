import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../shared/i18n';
import type { Asset, Interaction, LeadEvent, Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';
import type { SyncStatus } from '../sync/status';
import { requestWhitePaper, whitePaperStates } from '../store/white-papers';
import './white-papers.css';

/** The event's white papers (pulled from the pool), newest last. */
function useEventAssets(eventId: string): Asset[] {
  const { db } = useServices();
  return useObservable(
    () => db.assets.find({ selector: { eventId }, sort: [{ updatedAt: 'asc' }] }).$,
    [],
    [db, eventId],
  ).map((doc) => doc.toJSON() as Asset);
}

/** "2.4 MB", or "180 KB" for files under a megabyte. */
function fileSize(t: (key: string, values: { size: string }) => string, bytes: number): string {
  if (bytes >= 1024 * 1024)
    return t('assets.panel.size', { size: (bytes / 1024 / 1024).toFixed(1) });
  return t('assets.panel.sizeKb', { size: String(Math.max(1, Math.round(bytes / 1024))) });
}

/**
 * The person panel's white papers: each with its requested/downloaded state and a button that
 * sends it to the person's email. Works offline: the request is a local fact the pool acts on
 * after sync.
 */
export function WhitePapersPanel({
  event,
  person,
  poolMail = null,
}: {
  event: LeadEvent;
  person: Person;
  /** Whether the pool sends mail (the sync status); null while unknown. */
  poolMail?: SyncStatus['poolMail'];
}) {
  const { t, i18n } = useTranslation();
  const { db, capture } = useServices();
  const assets = useEventAssets(event.id);
  const facts = useObservable(
    () => db.interactions.find({ selector: { personId: person.id } }).$,
    [],
    [db, person.id],
  ).map((doc) => doc.toJSON() as Interaction);
  const states = whitePaperStates(facts);
  // What the pool said at this run's first contact: a mail it cannot send is not on its way.
  const mailStuck = poolMail === 'none';
  const [status, setStatus] = useState('');
  const email = person.email.trim().toLowerCase();

  async function send(asset: Asset) {
    const lang = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
    const result = await requestWhitePaper(capture, person, asset, lang);
    setStatus(
      result.ok
        ? t('assets.panel.queued', { title: asset.title, email })
        : t('assets.panel.noEmail'),
    );
  }

  return (
    <section className="card white-papers" aria-label={t('assets.panel.title')}>
      <h2>{t('assets.panel.title')}</h2>
      {assets.length === 0 ? (
        <p className="placeholder">{t('assets.panel.empty')}</p>
      ) : (
        <ul className="white-paper-list">
          {assets.map((asset) => {
            const state = states.get(asset.id);
            const sentHere = state?.requestedTo === email;
            return (
              <li key={asset.id}>
                <span className="white-paper-title">{asset.title}</span>
                <span className="timeline-meta">{fileSize(t, asset.size)}</span>
                {state?.downloaded ? (
                  <span className="white-paper-state">{t('assets.panel.downloaded')}</span>
                ) : state?.requestedTo ? (
                  <span className="white-paper-state" data-mail={mailStuck ? 'none' : 'smtp'}>
                    {t('assets.panel.requested')}
                  </span>
                ) : null}
                <button
                  type="button"
                  disabled={email === '' || sentHere}
                  aria-label={t('assets.panel.sendLabel', { title: asset.title, email })}
                  onClick={() => void send(asset)}
                >
                  {t('assets.panel.send')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {assets.length > 0 && email === '' ? (
        <p className="placeholder">{t('assets.panel.noEmail')}</p>
      ) : null}
      {mailStuck && [...states.values()].some((s) => s.requestedTo && !s.downloaded) ? (
        <p className="white-paper-warning">{t('assets.panel.noMail')}</p>
      ) : null}
      <p role="status" className="form-status">
        {status}
      </p>
    </section>
  );
}

/** In the timeline: which white paper a request or download was about (and where it went). */
export function WhitePaperFact({ fact }: { fact: Interaction }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const assetId = typeof fact.data.assetId === 'string' ? fact.data.assetId : '';
  const asset = useObservable(() => db.assets.findOne(assetId || '__none__').$, null, [
    db,
    assetId,
  ]);
  if (fact.type !== 'content_requested' && fact.type !== 'content_downloaded') return null;
  const title = asset ? (asset.toJSON() as Asset).title : t('assets.timeline.unknown');
  const email = typeof fact.data.email === 'string' ? fact.data.email : '';
  return (
    <span className="timeline-meta">
      {fact.type === 'content_requested'
        ? t('assets.timeline.requested', { title, email })
        : t('assets.timeline.downloaded', { title })}
    </span>
  );
}
