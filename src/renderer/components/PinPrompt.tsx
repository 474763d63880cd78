import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services';
import { ModalForm } from './ModalForm';
import { checkStaffPin } from '../store/device';

const MAX_ATTEMPTS = 5;
const LOCKOUT_SECONDS = 30;

interface PinPromptProps {
  onSuccess(): void;
  onCancel(): void;
}

/** Asks for the staff PIN; after repeated wrong PINs it refuses for a while (kiosk brute force). */
export function PinPrompt({ onSuccess, onCancel }: PinPromptProps) {
  const { t } = useTranslation();
  const { settings } = useServices();
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const attempts = useRef(0);
  const [lockedUntil, setLockedUntil] = useState(0);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (lockedUntil <= now) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [lockedUntil, now]);

  const remaining = Math.ceil((lockedUntil - now) / 1000);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (remaining > 0) return;
    if (await checkStaffPin(settings, pin)) {
      onSuccess();
      return;
    }
    attempts.current += 1;
    setPin('');
    if (attempts.current >= MAX_ATTEMPTS) {
      attempts.current = 0;
      setLockedUntil(Date.now() + LOCKOUT_SECONDS * 1000);
      setNow(Date.now());
    }
    setError(t('pin.wrong'));
  }

  return (
    <ModalForm label={t('pin.enter')} className="pin-modal" onSubmit={submit}>
      <h2>{t('pin.enter')}</h2>
      <label className="field">
        {t('pin.label')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          value={pin}
          maxLength={8}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      {remaining > 0 ? (
        <p className="field-error" role="alert">
          {t('pin.tooMany', { seconds: remaining })}
        </p>
      ) : error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t('pin.cancel')}
        </button>
        <button type="submit" className="primary" disabled={remaining > 0}>
          {t('pin.submit')}
        </button>
      </div>
    </ModalForm>
  );
}
