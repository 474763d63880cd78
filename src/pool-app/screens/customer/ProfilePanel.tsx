import { useTranslation } from 'react-i18next';
import type { Customer360Response } from '../../../shared/api';
import type { Consent } from '../../../shared/schemas';
import { formatShortTime, formatTime, readable } from './format';

/** The merged profile, each field with where its value came from; the keys that tie it together. */
export function ProfilePanel({ detail }: { detail: Customer360Response }) {
  const { t, i18n } = useTranslation('customer');
  const eventName = (id: string | null) =>
    (id && detail.events.find((event) => event.id === id)?.name) ?? t('profile.noDevice');
  const consent = detail.customer.profile.consent as Consent | undefined;
  return (
    <section className="panel c360-panel" aria-labelledby="c360-profile-title">
      <h2 id="c360-profile-title">{t('profile.title')}</h2>
      {detail.provenance.length === 0 ? (
        <p className="hint">{t('profile.empty')}</p>
      ) : (
        <table className="data c360-provenance">
          <caption>{t('profile.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('profile.field')}</th>
              <th scope="col">{t('profile.value')}</th>
              <th scope="col">{t('profile.source')}</th>
              <th scope="col">{t('profile.device')}</th>
              <th scope="col">{t('profile.event')}</th>
              <th scope="col">{t('profile.at')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.provenance.map((entry) => (
              <tr key={entry.field} data-field={entry.field}>
                <th scope="row">{t(`fields.${entry.field}`)}</th>
                <td>{readable(entry.field, entry.value)}</td>
                <td>{t(`sources.${entry.source ?? 'unknown'}`)}</td>
                <td>{entry.deviceName ?? t('profile.noDevice')}</td>
                <td>{eventName(entry.eventId)}</td>
                <td>{entry.at === null ? '—' : formatShortTime(entry.at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="c360-consent">
        <strong>{t('profile.consent')}</strong>{' '}
        {!consent || consent.grantedAt === 0
          ? t('profile.consentNone')
          : consent.granted
            ? t('profile.consentGranted', {
                version: consent.textVersion,
                at: formatTime(consent.grantedAt, i18n.language),
              })
            : t('profile.consentWithdrawn', { at: formatTime(consent.grantedAt, i18n.language) })}
      </p>
      <h3 id="c360-keys-title">{t('keys.title')}</h3>
      {detail.identityKeys.length === 0 ? (
        <p className="hint">{t('keys.none')}</p>
      ) : (
        <ul className="c360-keys" aria-labelledby="c360-keys-title">
          {detail.identityKeys.map((key) => (
            <li key={`${key.kind}:${key.value}`}>
              <span className="c360-key-kind">{t(`keys.kinds.${key.kind}`)}</span>
              <span className="c360-key-value">{readable(key.kind, key.value)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
