import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBoothLan } from './use-booth-lan';

/** Settings: the network interface phones reach the booth on, and the LAN server's start/stop. */
export function BoothLanSettings() {
  const { t } = useTranslation();
  const { available, status, interfaces, start, stop } = useBoothLan();
  const [address, setAddress] = useState('');
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const portId = useId();

  useEffect(() => {
    if (address === '' && interfaces[0]) setAddress(status.address ?? interfaces[0].address);
  }, [address, interfaces, status.address]);
  useEffect(() => {
    if (port === '' && status.port > 0) setPort(String(status.port));
  }, [port, status.port]);

  if (available === null) return null;
  const statusText = status.running
    ? `${t('boothLan.running', { url: status.url })}${status.bridged ? '' : ` · ${t('boothLan.noBridge')}`}`
    : status.error
      ? t('boothLan.failed', { error: status.error })
      : t('boothLan.stopped');

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="booth-lan-settings" aria-label={t('boothLan.settingsTitle')}>
      <h3>{t('boothLan.settingsTitle')}</h3>
      {available ? (
        <>
          <p className="field-hint">{t('boothLan.settingsHint')}</p>
          <div className="field">
            <label htmlFor={selectId}>{t('boothLan.interface')}</label>
            <select
              id={selectId}
              value={address}
              disabled={status.running || interfaces.length === 0}
              onChange={(e) => setAddress(e.target.value)}
            >
              {interfaces.length === 0 ? (
                <option value="">{t('boothLan.noInterfaces')}</option>
              ) : null}
              {interfaces.map((i) => (
                <option key={`${i.name}-${i.address}`} value={i.address}>
                  {i.internal
                    ? `${t('boothLan.loopbackLabel')} · ${i.address}`
                    : `${i.name} · ${i.address}`}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={portId}>{t('boothLan.port')}</label>
            <input
              id={portId}
              inputMode="numeric"
              maxLength={5}
              value={port}
              disabled={status.running}
              onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
            />
          </div>
          <p aria-live="polite" className="booth-lan-status" data-running={status.running}>
            {statusText}
          </p>
          {status.running ? (
            <button type="button" disabled={busy} onClick={() => void run(stop)}>
              {t('boothLan.stop')}
            </button>
          ) : (
            <button
              type="button"
              disabled={busy || address === ''}
              onClick={() =>
                void run(() => start({ address, ...(port === '' ? {} : { port: Number(port) }) }))
              }
            >
              {t('boothLan.start')}
            </button>
          )}
        </>
      ) : (
        <p className="field-hint">{t('boothLan.unavailable')}</p>
      )}
    </section>
  );
}
