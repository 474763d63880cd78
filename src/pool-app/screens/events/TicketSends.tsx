import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  TicketResendResponse,
  TicketSendListResponse,
  TicketSendResponse,
} from '../../../shared/api';
import { isLanguage, LANGUAGES, type Language } from '../../../shared/i18n';
import { newId } from '../../../shared/ids';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Unloaded } from '../common/states';
import { formatTime, messageOf } from './format';

/** How often a send that still has queued mail is looked at again. */
const POLL_MS = 1000;

/** "Send tickets": one mail per attendee with an email, its progress and each recipient's status. */
export function TicketSends({ eventId, attendees }: { eventId: string; attendees: number }) {
  const { t, i18n } = useTranslation('events');
  const [lang, setLang] = useState<Language>(isLanguage(i18n.language) ? i18n.language : 'zh-CN');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The latest send of the event: the one this screen shows.
  const latest = useResource(async () => {
    const { sends } = await api.get<TicketSendListResponse>(`/events/${eventId}/ticket-sends`);
    const [first] = sends;
    return first
      ? api.get<TicketSendResponse>(`/events/${eventId}/ticket-sends/${first.id}`)
      : null;
  }, `ticket-sends:${eventId}`);
  const send = latest.data ?? null;
  const pending = send !== null && send.counts.queued > 0;
  const { reload } = latest;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [pending, send, reload]);

  const start = async () => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      // The send's id is made here: a retried request is the same send, nobody mailed twice.
      await api.send<TicketSendResponse>('POST', `/events/${eventId}/ticket-sends`, {
        id: newId(),
        lang,
      });
      setConfirming(false);
      reload();
    } catch (error) {
      setFailure(t('sends.error', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    if (!send) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.send<TicketResendResponse>(
        'POST',
        `/events/${eventId}/ticket-sends/${send.id}/resend`,
      );
      setNotice(t('sends.resent', { count: answer.requeued }));
      reload();
    } catch (error) {
      setFailure(t('sends.error', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const withEmail = send ? send.total - send.counts.no_email : 0;
  const done = send ? send.counts.sent + send.counts.failed : 0;
  return (
    <section className="panel" aria-labelledby="sends-title">
      <h2 id="sends-title">{t('sends.title')}</h2>
      <p className="hint">{t('sends.intro')}</p>
      <div className="ticket-actions">
        <label htmlFor="sends-lang">{t('sends.lang')}</label>
        <select
          id="sends-lang"
          value={lang}
          onChange={(e) => isLanguage(e.target.value) && setLang(e.target.value)}
        >
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {language === 'en' ? 'English' : '中文'}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={busy || attendees === 0 || pending}
          onClick={() => setConfirming(true)}
        >
          {busy ? t('sends.sending') : t('sends.send')}
        </button>
      </div>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      {send === null && latest.status !== 'ready' && <Unloaded resource={latest} />}
      {send && (
        <>
          <p className="hint">
            {t('sends.startedAt', { at: formatTime(send.createdAt, i18n.language) })}
          </p>
          <progress
            aria-label={t('sends.progress')}
            max={Math.max(1, withEmail)}
            value={done}
            className="send-progress"
          />
          <p aria-live="polite" data-testid="send-summary">
            {t('sends.summary', {
              sent: send.counts.sent,
              withEmail,
              failed: send.counts.failed,
              queued: send.counts.queued,
              noEmail: send.counts.no_email,
            })}
          </p>
          {send.counts.failed > 0 && (
            <button type="button" disabled={busy} onClick={() => void resend()}>
              {t('sends.resend', { count: send.counts.failed })}
            </button>
          )}
          <div className="table-scroll">
            <table className="data send-recipients">
              <caption>{t('sends.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sends.name')}</th>
                  <th scope="col">{t('sends.email')}</th>
                  <th scope="col">{t('sends.status')}</th>
                </tr>
              </thead>
              <tbody>
                {send.recipients.map((recipient) => (
                  <tr key={recipient.personId}>
                    <td>{recipient.name}</td>
                    <td>{recipient.email}</td>
                    <td className={`send-status send-${recipient.status}`}>
                      {t(`sends.${recipient.status}`)}
                      {recipient.error ? ` — ${recipient.error}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          id="sends-confirm"
          title={t('sends.confirmTitle', { count: attendees })}
          body={t('sends.confirmBody')}
          confirm={t('sends.confirm')}
          cancel={t('sends.cancel')}
          danger={false}
          busy={busy}
          onConfirm={() => void start()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
