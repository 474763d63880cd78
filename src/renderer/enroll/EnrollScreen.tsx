import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEnrollmentQr } from '../../shared/sync';
import { useServices } from '../app/services';
import { CameraScanner } from '../checkin/CameraScanner';
import { useHidScanner } from '../checkin/use-hid-scanner';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { navigate } from '../hooks/use-hash-route';
import {
  isPlausibleEnrollmentCode,
  normalizeEnrollmentCode,
  normalizePoolUrl,
} from '../sync/enrollment';
import { loadDefaultPoolUrl } from '../sync/pool-config';
import { isSyncError } from '../sync/transport';
import { useFailureText } from '../sync/SyncBadge';
import { useSyncStatus } from '../sync/use-sync-status';
import { clearRevokedNotice, hasRevokedNotice } from './revoked-notice';
import '../sync/sync.css';

type Message = { tone: 'error' | 'ok'; text: string } | null;
type FieldErrors = { poolUrl?: string; code?: string };

/**
 * Enrolls this device with a customer pool: type the pool address and the one-time code, or scan
 * the enrollment QR (`leadpond-enroll:<pool>#<code>`) with the camera or a HID scanner.
 */
export function EnrollScreen() {
  const { t } = useTranslation();
  const { sync, settings, updateSettings } = useServices();
  const status = useSyncStatus();
  const failureText = useFailureText();
  const [poolUrl, setPoolUrl] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(settings.deviceName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [revoked] = useState(hasRevokedNotice);
  const busyRef = useRef(false);
  const lastScan = useRef('');

  useEffect(() => {
    let cancelled = false;
    void loadDefaultPoolUrl().then((url) => {
      if (!cancelled) setPoolUrl((current) => current || url);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const enroll = useCallback(
    async (target: { poolUrl: string; code: string }) => {
      if (busyRef.current) return;
      const url = normalizePoolUrl(target.poolUrl);
      const normalizedCode = normalizeEnrollmentCode(target.code);
      const invalid: FieldErrors = {};
      if (!url) invalid.poolUrl = 'enroll.badUrl';
      if (!isPlausibleEnrollmentCode(normalizedCode)) invalid.code = 'enroll.badCode';
      setErrors(invalid);
      if (!url || Object.keys(invalid).length > 0) return;
      busyRef.current = true;
      setBusy(true);
      setMessage(null);
      try {
        const name = deviceName.trim() || settings.deviceName;
        const enrollment = await sync.enroll({
          poolUrl: url,
          code: normalizedCode,
          deviceName: name,
        });
        // Facts captured from now on carry the pool's device id; the pool's event becomes current.
        await updateSettings({
          deviceId: enrollment.deviceId,
          deviceName: name,
          currentEventId: enrollment.eventId,
        });
        clearRevokedNotice();
        setMessage({ tone: 'ok', text: t('enroll.success') });
        navigate('/');
      } catch (error) {
        const text = isSyncError(error)
          ? failureText({ kind: error.kind, message: error.message, at: 0 })
          : String(error);
        setMessage({ tone: 'error', text });
        // The same QR may be shown again once the cause is fixed (network back, new code issued).
        setTimeout(() => {
          lastScan.current = '';
        }, 5000);
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [deviceName, failureText, settings.deviceName, sync, t, updateSettings],
  );

  const onScan = useCallback(
    (text: string) => {
      // The camera sees the same code many times a second: try each code once.
      if (busyRef.current || text === lastScan.current) return;
      lastScan.current = text;
      const target = parseEnrollmentQr(text);
      if (!target) {
        setMessage({ tone: 'error', text: t('enroll.badQr') });
        return;
      }
      setPoolUrl(target.poolUrl);
      setCode(target.code);
      void enroll(target);
    },
    [enroll, t],
  );
  useHidScanner(onScan);

  function submit(event: FormEvent) {
    event.preventDefault();
    lastScan.current = '';
    void enroll({ poolUrl, code });
  }

  return (
    <div className="console">
      <header className="topbar">
        <div className="brand">{t('app.name')}</div>
        <div className="spacer" />
        <button type="button" onClick={() => navigate('/')}>
          {t('enroll.back')}
        </button>
        <LanguageSwitch />
      </header>
      <main className="enroll">
        <h1>{t('enroll.title')}</h1>
        <p className="enroll-intro">{t('enroll.intro')}</p>
        {revoked ? <p className="enroll-message error">{t('enroll.revoked')}</p> : null}
        {message ? (
          <p
            className={`enroll-message ${message.tone}`}
            role={message.tone === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        ) : null}
        {status.enrollment ? (
          <section className="card enroll-current" aria-label={t('enroll.current')}>
            <h2>{t('enroll.current')}</h2>
            <dl>
              <dt>{t('sync.pool')}</dt>
              <dd>{status.enrollment.poolUrl}</dd>
              <dt>{t('sync.device')}</dt>
              <dd>
                <code>{status.enrollment.deviceId}</code>
              </dd>
              <dt>{t('sync.event')}</dt>
              <dd>
                <code>{status.enrollment.eventId}</code>
              </dd>
            </dl>
            <p className="field-hint">{t('enroll.again')}</p>
          </section>
        ) : null}
        <div className="enroll-grid">
          <form className="card" aria-label={t('enroll.formLabel')} onSubmit={submit} noValidate>
            <h2>{t('enroll.formLabel')}</h2>
            <Field
              label={t('enroll.poolUrl')}
              value={poolUrl}
              onValueChange={setPoolUrl}
              error={errors.poolUrl}
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              required
            />
            <Field
              label={t('enroll.code')}
              value={code}
              onValueChange={setCode}
              error={errors.code}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
            />
            <Field
              label={t('enroll.deviceName')}
              value={deviceName}
              onValueChange={setDeviceName}
              maxLength={64}
            />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t('enroll.submitting') : t('enroll.submit')}
              </button>
            </div>
          </form>
          <section className="card" aria-label={t('enroll.scanTitle')}>
            <h2>{t('enroll.scanTitle')}</h2>
            <p className="field-hint">{t('enroll.scanHint')}</p>
            <CameraScanner onDecoded={onScan} />
          </section>
        </div>
      </main>
    </div>
  );
}
