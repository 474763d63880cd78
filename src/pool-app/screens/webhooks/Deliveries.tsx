import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookDeliveriesResponse, WebhookSummary } from '../../../shared/api/webhooks';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { formatTime } from '../users/format';

/** One webhook's delivery log, newest first, with a way to send a message again. */
export function Deliveries({ webhook, onClose }: { webhook: WebhookSummary; onClose: () => void }) {
  const { t, i18n } = useTranslation('webhooks');
  const resource = useResource(
    () => api.get<WebhookDeliveriesResponse>(`/webhooks/${webhook.id}/deliveries`, { limit: 100 }),
    webhook.id,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const replay = async (messageId: string) => {
    setFailure(null);
    try {
      await api.send('POST', `/webhooks/${webhook.id}/messages/${messageId}/replay`);
      setNotice(t('deliveries.replayed', { id: messageId }));
      resource.reload();
    } catch (error) {
      setFailure(t('error.unknown', { message: error instanceof Error ? error.message : '' }));
    }
  };

  const attempts = resource.data?.attempts;
  // A message can be sent again once it is finished; offer it on its newest attempt only.
  const newestOf = new Set<string>();
  const seen = new Set<string>();
  for (const [index, attempt] of (attempts ?? []).entries()) {
    if (!seen.has(attempt.messageId)) newestOf.add(`${attempt.messageId}:${index}`);
    seen.add(attempt.messageId);
  }
  return (
    <section className="panel webhooks-deliveries" aria-labelledby="webhooks-deliveries-title">
      <header className="webhooks-deliveries-header">
        <h2 id="webhooks-deliveries-title">{t('deliveries.title', { url: webhook.url })}</h2>
        <button type="button" onClick={onClose}>
          {t('deliveries.close')}
        </button>
      </header>
      <div aria-live="polite">{notice && <p className="webhooks-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <Unloaded resource={resource} />
      {attempts && attempts.length === 0 && <p className="hint">{t('deliveries.none')}</p>}
      {attempts && attempts.length > 0 && (
        <table className="data webhooks-log">
          <caption className="visually-hidden">{t('deliveries.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deliveries.at')}</th>
              <th scope="col">{t('deliveries.event')}</th>
              <th scope="col">{t('deliveries.message')}</th>
              <th scope="col">{t('deliveries.attempt')}</th>
              <th scope="col">{t('deliveries.status')}</th>
              <th scope="col">{t('deliveries.latency')}</th>
              <th scope="col">{t('deliveries.answer')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('deliveries.replay')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt, index) => {
              const status = attempt.statusCode ?? t('list.noAnswer');
              const finished =
                attempt.messageStatus === 'failed' || attempt.messageStatus === 'delivered';
              return (
                <tr key={`${attempt.messageId}:${attempt.attempt}`}>
                  <td>{formatTime(attempt.at, i18n.language)}</td>
                  <td>{t(`events.${attempt.eventType}`)}</td>
                  <td>
                    <code className="webhooks-id">{attempt.messageId}</code>
                    <span className="hint">
                      {' '}
                      · {t(`deliveries.messageStatus.${attempt.messageStatus}`)}
                    </span>
                  </td>
                  <td>{attempt.attempt}</td>
                  <td className={attempt.ok ? 'webhooks-ok' : 'webhooks-failed'}>
                    {attempt.ok
                      ? t('deliveries.ok', { status })
                      : t('deliveries.failed', { status })}
                  </td>
                  <td>{attempt.latencyMs} ms</td>
                  <td className="webhooks-excerpt">{attempt.excerpt}</td>
                  <td>
                    {finished && newestOf.has(`${attempt.messageId}:${index}`) && (
                      <button
                        type="button"
                        aria-label={t('deliveries.replayLabel', { id: attempt.messageId })}
                        onClick={() => void replay(attempt.messageId)}
                      >
                        {t('deliveries.replay')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
