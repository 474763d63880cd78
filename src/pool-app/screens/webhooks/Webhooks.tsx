import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  WebhookCreatedResponse,
  WebhookListResponse,
  WebhookSecretResponse,
  WebhookSummary,
} from '../../../shared/api/webhooks';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { formatTime } from '../users/format';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CreateWebhookForm } from './CreateWebhookForm';
import { Deliveries } from './Deliveries';
import { SecretReveal } from './SecretReveal';
import './webhooks.css';

type Pending = { kind: 'rotate' | 'delete'; webhook: WebhookSummary } | null;

/** `#/settings/webhooks` (admins): subscribers, their one-time secrets, delivery logs. */
export function Webhooks() {
  const { t, i18n } = useTranslation('webhooks');
  const resource = useResource(() => api.get<WebhookListResponse>('/webhooks'), 'webhooks');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [logOf, setLogOf] = useState<string | null>(null);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setFailure(null);
    try {
      setNotice(await work());
      resource.reload();
    } catch (error) {
      setFailure(t('error.unknown', { message: error instanceof Error ? error.message : '' }));
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const created = (answer: WebhookCreatedResponse) => {
    setSecret({ url: answer.webhook.url, secret: answer.secret });
    setNotice(null);
    resource.reload();
  };
  const rotate = (webhook: WebhookSummary) =>
    act(async () => {
      const answer = await api.send<WebhookSecretResponse>(
        'POST',
        `/webhooks/${webhook.id}/rotate`,
      );
      setSecret({ url: webhook.url, secret: answer.secret });
      return t('rotate.done', { until: formatTime(answer.previousValidUntil, i18n.language) });
    });
  const remove = (webhook: WebhookSummary) =>
    act(async () => {
      await api.send('DELETE', `/webhooks/${webhook.id}`);
      if (logOf === webhook.id) setLogOf(null);
      return t('remove.done', { url: webhook.url });
    });
  const enable = (webhook: WebhookSummary) =>
    act(async () => {
      await api.send('POST', `/webhooks/${webhook.id}/enable`);
      return t('enabled', { url: webhook.url });
    });

  const webhooks = resource.data?.webhooks;
  const shown = webhooks?.find((webhook) => webhook.id === logOf);
  return (
    <div className="webhooks">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <p className="webhooks-intro">{t('intro')}</p>
      {secret && <SecretReveal {...secret} onDone={() => setSecret(null)} />}
      <CreateWebhookForm onCreated={created} />
      <div aria-live="polite">{notice && <p className="webhooks-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <section className="panel" aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title">{t('list.title')}</h2>
        <Unloaded resource={resource} />
        {webhooks && webhooks.length === 0 && <p className="hint">{t('list.none')}</p>}
        {webhooks && webhooks.length > 0 && (
          <table className="data webhooks-table">
            <caption className="visually-hidden">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.url')}</th>
                <th scope="col">{t('list.events')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.pending')}</th>
                <th scope="col">{t('list.last')}</th>
                <th scope="col">{t('list.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((webhook) => (
                <tr key={webhook.id}>
                  <th scope="row">
                    <span className="webhooks-url">{webhook.url}</span>
                    {webhook.description && <span className="hint"> · {webhook.description}</span>}
                  </th>
                  <td>{webhook.events.map((type) => t(`events.${type}`)).join('、')}</td>
                  <td>
                    {webhook.disabledAt === null ? (
                      <span className="webhooks-ok">{t('list.active')}</span>
                    ) : (
                      <span className="webhooks-failed">
                        {t('list.disabled', { reason: webhook.disabledReason ?? '' })}
                      </span>
                    )}
                  </td>
                  <td>{webhook.pending}</td>
                  <td>
                    {webhook.lastAttempt === null
                      ? t('list.never')
                      : t(webhook.lastAttempt.ok ? 'list.lastOk' : 'list.lastFailed', {
                          at: formatTime(webhook.lastAttempt.at, i18n.language),
                          status: webhook.lastAttempt.statusCode ?? t('list.noAnswer'),
                        })}
                  </td>
                  <td className="webhooks-actions">
                    <button
                      type="button"
                      aria-label={t('actions.deliveriesLabel', { url: webhook.url })}
                      aria-pressed={logOf === webhook.id}
                      onClick={() => setLogOf(logOf === webhook.id ? null : webhook.id)}
                    >
                      {t('actions.deliveries')}
                    </button>
                    {webhook.disabledAt !== null && (
                      <button type="button" disabled={busy} onClick={() => void enable(webhook)}>
                        {t('actions.enable')}
                      </button>
                    )}
                    <button type="button" onClick={() => setPending({ kind: 'rotate', webhook })}>
                      {t('actions.rotate')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('actions.deleteLabel', { url: webhook.url })}
                      onClick={() => setPending({ kind: 'delete', webhook })}
                    >
                      {t('actions.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {shown && <Deliveries key={shown.id} webhook={shown} onClose={() => setLogOf(null)} />}
      {pending && (
        <ConfirmDialog
          id="webhook-confirm"
          title={t(pending.kind === 'rotate' ? 'rotate.title' : 'remove.title', {
            url: pending.webhook.url,
          })}
          body={t(pending.kind === 'rotate' ? 'rotate.body' : 'remove.body')}
          confirm={t(pending.kind === 'rotate' ? 'rotate.confirm' : 'remove.confirm')}
          cancel={t('rotate.cancel')}
          danger={pending.kind === 'delete'}
          busy={busy}
          onConfirm={() =>
            void (pending.kind === 'rotate' ? rotate(pending.webhook) : remove(pending.webhook))
          }
          onCancel={() => setPending(null)}
        />
      )}
    </div>
  );
}
