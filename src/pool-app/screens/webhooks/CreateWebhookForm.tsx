import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CreateWebhookBodySchema,
  WEBHOOK_API_ERRORS,
  WEBHOOK_EVENT_TYPES,
  type WebhookCreatedResponse,
  type WebhookEventType,
} from '../../../shared/api/webhooks';
import { api, ApiError } from '../../api/client';

/** Adds a subscriber; hands the one-time secret up so the screen can show it. */
export function CreateWebhookForm({
  onCreated,
}: {
  onCreated: (created: WebhookCreatedResponse) => void;
}) {
  const { t } = useTranslation('webhooks');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set(WEBHOOK_EVENT_TYPES));
  const [errors, setErrors] = useState<{ url?: string; events?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const toggle = (type: WebhookEventType, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { url, events: [...events], ...(description.trim() ? { description } : {}) };
    const parsed = CreateWebhookBodySchema.safeParse(body);
    if (!parsed.success) {
      const paths = new Set(parsed.error.issues.map((issue) => issue.path[0]));
      setErrors({
        ...(paths.has('url') ? { url: t('create.urlInvalid') } : {}),
        ...(paths.has('events') ? { events: t('create.eventsRequired') } : {}),
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await api.send<WebhookCreatedResponse>('POST', '/webhooks', body);
      setUrl('');
      setDescription('');
      onCreated(created);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.code === WEBHOOK_API_ERRORS.targetRefused) {
        setErrors({ url: t('error.refused', { message }) });
      } else setErrors({ form: t('error.unknown', { message }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel webhooks-create" aria-labelledby="webhooks-create-title">
      <h2 id="webhooks-create-title">{t('create.title')}</h2>
      <form className="webhooks-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="webhook-url">{t('create.url')}</label>
          <input
            id="webhook-url"
            type="url"
            inputMode="url"
            autoComplete="off"
            value={url}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby="webhook-url-hint webhook-url-error"
            onChange={(event) => setUrl(event.target.value)}
          />
          <p id="webhook-url-hint" className="hint">
            {t('create.urlHint')}
          </p>
          <p id="webhook-url-error" className="field-error" role={errors.url ? 'alert' : undefined}>
            {errors.url}
          </p>
        </div>
        <div className="field">
          <label htmlFor="webhook-description">{t('create.description')}</label>
          <input
            id="webhook-description"
            value={description}
            maxLength={200}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <fieldset className="webhooks-events" aria-describedby="webhook-events-error">
          <legend>{t('create.events')}</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={events.has(type)}
                onChange={(event) => toggle(type, event.target.checked)}
              />
              {t(`events.${type}`)} <code>{type}</code>
            </label>
          ))}
          <p id="webhook-events-error" className="field-error">
            {errors.events}
          </p>
        </fieldset>
        {errors.form && (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('create.submitting') : t('create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
