import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { consentIn } from '../../shared/consent-text';
import { EMPTY_PERSON_INPUT, type LeadEvent, type PersonInput } from '../../shared/schemas';
import type { FieldErrors } from '../../shared/person-ops';
import { useServices } from '../app/services';
import { PersonFields } from '../components/PersonFields';
import { PinPrompt } from '../components/PinPrompt';
import { navigate } from '../hooks/use-hash-route';
import { useCurrentEvent } from '../hooks/use-current-event';
import { registerAttendee } from '../store/leads';
import { unlockKiosk } from './kiosk-lock';
import { LanguageSwitch } from '../components/LanguageSwitch';

const THANKS_SECONDS = 8;

export function Kiosk() {
  const { t } = useTranslation();
  const event = useCurrentEvent();
  const { platform } = useServices();
  const [askPin, setAskPin] = useState(false);

  async function leave() {
    unlockKiosk();
    setAskPin(false);
    if (!(await platform.closeKiosk())) navigate('/');
  }

  return (
    <main className="kiosk">
      <header className="kiosk-bar">
        <LanguageSwitch />
        <button type="button" className="kiosk-exit" onClick={() => setAskPin(true)}>
          {t('kiosk.exit')}
        </button>
      </header>
      {event === undefined ? null : event === null ? (
        <p className="kiosk-message">{t('kiosk.noEvent')}</p>
      ) : (
        <KioskRegistration key={event.id} event={event} />
      )}
      {askPin ? <PinPrompt onSuccess={leave} onCancel={() => setAskPin(false)} /> : null}
    </main>
  );
}

/**
 * One attendee at a time: the form, then a thank-you that shows only what this attendee typed,
 * then a blank form again. Inactivity clears everything, so the next person sees nothing.
 */
function KioskRegistration({ event }: { event: LeadEvent }) {
  const { t, i18n } = useTranslation();
  // The text in the kiosk's language when the event has it; the version recorded is the one shown.
  const shownConsent = consentIn(event.consent, i18n.language);
  const { capture } = useServices();
  const [input, setInput] = useState<PersonInput>(EMPTY_PERSON_INPUT);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [thanksName, setThanksName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());

  const reset = useCallback(() => {
    setInput(EMPTY_PERSON_INPUT);
    setConsent(false);
    setErrors({});
    setThanksName(null);
    setSecondsLeft(null);
    lastActivity.current = Date.now();
  }, []);

  const dirty = thanksName !== null || consent || Object.values(input).some((v) => v !== '');

  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
      setSecondsLeft(null);
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const limit = thanksName !== null ? THANKS_SECONDS : event.kioskIdleSeconds;
    const timer = setInterval(() => {
      const left = limit - Math.floor((Date.now() - lastActivity.current) / 1000);
      if (left <= 0) reset();
      else setSecondsLeft(left <= 5 ? left : null);
    }, 250);
    return () => clearInterval(timer);
  }, [dirty, thanksName, event.kioskIdleSeconds, reset]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const result = await registerAttendee(capture, event, input, {
        source: 'kiosk',
        consentGranted: consent,
        consentVersion: shownConsent.version,
        requireConsent: true,
      });
      if (result.ok) {
        setThanksName(input.name.trim());
        setInput(EMPTY_PERSON_INPUT);
        setConsent(false);
        setErrors({});
        lastActivity.current = Date.now();
      } else {
        setErrors(result.errors);
      }
    } finally {
      setBusy(false);
    }
  }

  if (thanksName !== null) {
    return (
      <section className="kiosk-card kiosk-thanks" aria-live="polite">
        <div className="kiosk-check" aria-hidden="true">
          ✓
        </div>
        <h1>{t('kiosk.thanks', { name: thanksName })}</h1>
        <p>{t('kiosk.thanksBody')}</p>
        <button type="button" className="primary big" onClick={reset}>
          {t('kiosk.next')}
        </button>
      </section>
    );
  }

  return (
    <form className="kiosk-card" onSubmit={submit} noValidate autoComplete="off">
      <h1>{t('kiosk.title')}</h1>
      <p className="kiosk-event">{t('kiosk.subtitle', { event: event.name })}</p>
      <div className="kiosk-fields">
        <PersonFields
          fields={event.form.fields}
          required={event.form.required}
          value={input}
          errors={errors}
          onChange={setInput}
          noAutofill
        />
      </div>
      {shownConsent.text ? <div className="consent-text">{shownConsent.text}</div> : null}
      <label className={`consent${errors.consent ? ' field-invalid' : ''}`}>
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        <span>{t('kiosk.consent')}</span>
      </label>
      {errors.consent ? (
        <div className="field-error" role="alert">
          {t(errors.consent)}
        </div>
      ) : null}
      <button type="submit" className="primary big" disabled={busy}>
        {busy ? t('kiosk.submitting') : t('kiosk.submit')}
      </button>
      {secondsLeft !== null ? (
        <p className="kiosk-idle" role="status">
          {t('kiosk.resetSoon', { seconds: secondsLeft })}
        </p>
      ) : null}
    </form>
  );
}
