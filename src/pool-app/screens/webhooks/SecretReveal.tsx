import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The one moment a webhook's secret is visible: shown with a copy button until dismissed. */
export function SecretReveal({
  url,
  secret,
  onDone,
}: {
  url: string;
  secret: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('webhooks');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="webhooks-secret" aria-labelledby="webhooks-secret-title" role="status">
      <h2 id="webhooks-secret-title">{t('secret.title')}</h2>
      <p className="hint">{url}</p>
      <div className="webhooks-secret-value">
        <input
          readOnly
          value={secret}
          aria-label={t('secret.title')}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {copied ? t('secret.copied') : t('secret.copy')}
        </button>
      </div>
      <p>{t('secret.hint')}</p>
      <button type="button" className="primary" onClick={onDone}>
        {t('secret.done')}
      </button>
    </section>
  );
}
