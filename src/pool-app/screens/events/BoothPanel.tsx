import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentCodeIssued, EnrollmentCodesResponse } from '../../../shared/api';
import type { LeadEvent } from '../../../shared/schemas';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { formatTime, messageOf } from './format';

/** Lifetimes offered for a code, in minutes: a shift, a day, a show week. */
const TTL_CHOICES = [60, 8 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60] as const;
const COUNT_CHOICES = [1, 2, 3, 4, 5, 10] as const;

interface DeviceRow {
  id: string;
  name: string;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

/** The booth tab: enrollment codes as big QR codes for staff, and the event's devices. */
export function BoothPanel({ event }: { event: LeadEvent }) {
  const devices = useResource(
    () => api.get<{ devices: DeviceRow[] }>(`/events/${event.id}/devices`),
    `devices:${event.id}`,
  );
  return (
    <>
      <EnrollmentCodes eventId={event.id} onIssued={devices.reload} />
      <Devices resource={devices} />
    </>
  );
}

function EnrollmentCodes({ eventId, onIssued }: { eventId: string; onIssued: () => void }) {
  const { t, i18n } = useTranslation('events');
  const [ttlMinutes, setTtl] = useState<number>(24 * 60);
  const [count, setCount] = useState(1);
  const [codes, setCodes] = useState<EnrollmentCodeIssued[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const response = await api.send<EnrollmentCodesResponse>(
        'POST',
        `/events/${eventId}/enrollment-codes`,
        { count, ttlMinutes },
      );
      setCodes(response.codes);
      onIssued();
    } catch (error) {
      setFailure(t('codes.failed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const ttlLabel = (minutes: number) =>
    minutes < 24 * 60
      ? t('codes.ttlHours', { count: minutes / 60 })
      : t('codes.ttlDays', { count: minutes / (24 * 60) });

  return (
    <section className="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">{t('codes.title')}</h2>
      <p className="hint">{t('codes.intro')}</p>
      <form className="codes-form" onSubmit={(e) => void issue(e)}>
        <div className="field">
          <label htmlFor="code-ttl">{t('codes.ttl')}</label>
          <select id="code-ttl" value={ttlMinutes} onChange={(e) => setTtl(Number(e.target.value))}>
            {TTL_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                {ttlLabel(minutes)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="code-count">{t('codes.count')}</label>
          <select id="code-count" value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {COUNT_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('codes.issuing') : t('codes.issue')}
        </button>
      </form>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {codes.length > 0 && (
        <ul className="enroll-codes">
          {codes.map((issued, index) => (
            <li key={issued.code} className="enroll-code">
              <img
                src={issued.qrImage}
                width={320}
                height={320}
                alt={t('codes.qrAlt', { code: issued.code })}
                data-qr-text={issued.qrText}
              />
              <label htmlFor={`enroll-code-${index}`}>{t('codes.codeLabel')}</label>
              <input
                id={`enroll-code-${index}`}
                className="enroll-code-text"
                readOnly
                value={issued.code}
                onFocus={(e) => e.target.select()}
              />
              <p>{t('codes.expires', { at: formatTime(issued.expiresAt, i18n.language) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Devices({
  resource,
}: {
  resource: ReturnType<typeof useResource<{ devices: DeviceRow[] }>>;
}) {
  const { t, i18n } = useTranslation('events');
  const [revoking, setRevoking] = useState<DeviceRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const devices = resource.data?.devices;

  const revoke = async (device: DeviceRow) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.send('POST', `/devices/${device.id}/revoke`);
      setNotice(t('devices.done', { name: device.name }));
      resource.reload();
    } catch (error) {
      setFailure(t('devices.failed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <div aria-live="polite">{notice && <p className="event-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <Unloaded resource={resource} />
      {devices && devices.length === 0 && <p className="hint">{t('devices.none')}</p>}
      {devices && devices.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">{t('devices.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('devices.name')}</th>
              <th scope="col">{t('devices.enrolled')}</th>
              <th scope="col">{t('devices.lastContact')}</th>
              <th scope="col">{t('devices.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => {
              const revoked = device.revokedAt !== null;
              return (
                <tr key={device.id}>
                  <th scope="row">{device.name}</th>
                  <td>{formatTime(device.enrolledAt, i18n.language)}</td>
                  <td>
                    {device.lastSeenAt === null
                      ? t('devices.never')
                      : formatTime(device.lastSeenAt, i18n.language)}
                  </td>
                  <td>{revoked ? t('devices.revoked') : t('devices.active')}</td>
                  <td>
                    {!revoked && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={t('devices.revokeLabel', { name: device.name })}
                        onClick={() => setRevoking(device)}
                      >
                        {t('devices.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog
          id="revoke-device"
          title={t('devices.confirmTitle', { name: revoking.name })}
          body={t('devices.confirmBody')}
          confirm={t('devices.confirm')}
          cancel={t('devices.cancel')}
          busy={busy}
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
