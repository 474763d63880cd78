import { useTranslation } from 'react-i18next';
import type { EventDrawsResponse } from '../../../shared/api';
import type { LeadEvent } from '../../../shared/schemas';
import { api, apiUrl } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { formatTime } from './format';

/** The draws tab: what booth devices ran, with their audit records to download and re-check. */
export function DrawsPanel({ event }: { event: LeadEvent }) {
  const { t, i18n } = useTranslation('events');
  const resource = useResource(
    () => api.get<EventDrawsResponse>(`/events/${event.id}/draws`),
    `draws:${event.id}`,
  );
  const draws = resource.data?.draws;
  const dash = t('draws.notYet');
  return (
    <section className="panel" aria-labelledby="draws-title">
      <h2 id="draws-title">{t('draws.title')}</h2>
      <p className="hint">{t('draws.intro')}</p>
      <Unloaded resource={resource} />
      {draws && draws.length === 0 && <p className="hint">{t('draws.none')}</p>}
      {draws && draws.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">{t('draws.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('draws.name')}</th>
              <th scope="col">{t('draws.status')}</th>
              <th scope="col">{t('draws.prizes')}</th>
              <th scope="col">{t('draws.owner')}</th>
              <th scope="col">{t('draws.drawnAt')}</th>
              <th scope="col">{t('draws.entrants')}</th>
              <th scope="col">{t('draws.winners')}</th>
              <th scope="col">{t('draws.audit')}</th>
            </tr>
          </thead>
          <tbody>
            {draws.map((draw) => (
              <tr key={draw.id}>
                <th scope="row">{draw.name}</th>
                <td>{draw.status === 'drawn' ? t('draws.drawn') : t('draws.open')}</td>
                <td>
                  <ul className="plain-list">
                    {draw.prizes.map((prize) => (
                      <li key={prize.id}>
                        {t('draws.prize', { name: prize.name, quantity: prize.quantity })}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{draw.ownerDeviceName ?? t('draws.unknownDevice')}</td>
                <td>{draw.drawnAt === null ? dash : formatTime(draw.drawnAt, i18n.language)}</td>
                <td>{draw.entrants ?? dash}</td>
                <td>{draw.winners ?? dash}</td>
                <td>
                  {draw.auditVerified === null ? (
                    dash
                  ) : (
                    <>
                      <span className={draw.auditVerified ? 'ok' : 'field-error'}>
                        {draw.auditVerified ? t('draws.verified') : t('draws.notVerified')}
                      </span>{' '}
                      <a
                        href={apiUrl(`/events/${event.id}/draws/${draw.id}/audit`)}
                        download
                        aria-label={t('draws.downloadAuditLabel', { name: draw.name })}
                      >
                        {t('draws.downloadAudit')}
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
