import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ChannelCodeSchema,
  DIRECT_CHANNEL,
  REGISTRATION_CHANNELS,
  type RegistrationLinkResponse,
} from '../../../shared/api';
import { CATALOGS, isLanguage } from '../../../shared/i18n';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';

const OTHER = 'other';

/** The event's public registration page: its link and QR per channel (`?c=`). */
export function RegistrationLink({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation('events');
  const channelWords =
    CATALOGS[isLanguage(i18n.language) ? i18n.language : 'zh-CN'].tickets.channels;
  const [choice, setChoice] = useState<string>('web');
  const [custom, setCustom] = useState('');
  const customCode = ChannelCodeSchema.safeParse(custom);
  const channel = choice === OTHER ? (customCode.success ? customCode.data : null) : choice;
  const link = useResource(
    () =>
      api.get<RegistrationLinkResponse>(
        `/events/${eventId}/registration`,
        channel && channel !== DIRECT_CHANNEL ? { c: channel } : {},
      ),
    `registration:${eventId}:${channel ?? ''}`,
  );
  const data = channel === null ? undefined : link.data;
  const label = (code: string) =>
    code in channelWords ? channelWords[code as keyof typeof channelWords] : code;
  return (
    <section className="panel" aria-labelledby="registration-title">
      <h2 id="registration-title">{t('registration.title')}</h2>
      <p className="hint">{t('registration.intro')}</p>
      <div className="registration-link">
        <div className="registration-controls">
          <label htmlFor="registration-channel">{t('registration.channel')}</label>
          <select
            id="registration-channel"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            {REGISTRATION_CHANNELS.map((code) => (
              <option key={code} value={code}>
                {`${label(code)} (${code})`}
              </option>
            ))}
            <option value={DIRECT_CHANNEL}>{t('registration.direct')}</option>
            <option value={OTHER}>{t('registration.other')}</option>
          </select>
          {choice === OTHER && (
            <>
              <label htmlFor="registration-custom">{t('registration.custom')}</label>
              <input
                id="registration-custom"
                value={custom}
                maxLength={32}
                aria-invalid={custom !== '' && !customCode.success}
                aria-describedby="registration-custom-hint"
                onChange={(e) => setCustom(e.target.value)}
              />
              <p id="registration-custom-hint" className="hint">
                {custom !== '' && !customCode.success
                  ? t('registration.customInvalid')
                  : t('registration.customHint')}
              </p>
            </>
          )}
          {data && (
            <>
              <label htmlFor="registration-url">{t('registration.link')}</label>
              <input
                id="registration-url"
                readOnly
                value={data.url}
                onFocus={(e) => e.target.select()}
              />
              <a href={data.url} target="_blank" rel="noopener noreferrer">
                {t('registration.open')}
              </a>
            </>
          )}
          {channel !== null && !data && <Unloaded resource={link} />}
        </div>
        {data && (
          <img
            className="registration-qr"
            src={data.qrImage}
            width={200}
            height={200}
            alt={t('registration.qrAlt', { channel: label(data.channel) })}
          />
        )}
      </div>
    </section>
  );
}
