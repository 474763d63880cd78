import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../app/services';
import { ModalForm } from '../components/ModalForm';
import { FormActions } from '../components/FormActions';
import { Field } from '../components/Field';
import { PIN_PATTERN, pinSecret } from '../store/device';
import { BoothLanSettings } from '../attendee/BoothLanSettings';

/** Device name and the staff PIN that guards leaving the kiosk. */
export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { settings, updateSettings } = useServices();
  const [deviceName, setDeviceName] = useState(settings.deviceName);
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [pinError, setPinError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  // Hashing a PIN takes a moment: closing the dialog meanwhile would open a kiosk with no PIN yet.
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch: Parameters<typeof updateSettings>[0] = {
      deviceName: deviceName.trim() || settings.deviceName,
    };
    if (pin !== '' || confirm !== '') {
      if (!PIN_PATTERN.test(pin)) return setPinError('pin.invalid');
      if (pin !== confirm) return setPinError('pin.mismatch');
    }
    setPinError(undefined);
    setSaving(true);
    try {
      if (pin !== '') Object.assign(patch, await pinSecret(pin));
      await updateSettings(patch);
    } finally {
      setSaving(false);
    }
    setPin('');
    setConfirm('');
    setStatus(patch.pinHash ? t('pin.saved') : t('person.saved'));
  }

  return (
    <ModalForm label={t('settings.title')} onSubmit={submit}>
      <h2>{t('settings.title')}</h2>
      <Field
        label={t('settings.deviceName')}
        value={deviceName}
        maxLength={40}
        onValueChange={setDeviceName}
      />
      <h3>{settings.pinHash ? t('pin.change') : t('pin.setTitle')}</h3>
      <p className="field-hint">{t('pin.setHint')}</p>
      <Field
        label={t('pin.newPin')}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={8}
        value={pin}
        onValueChange={(v) => setPin(v.replace(/\D/g, ''))}
        error={pinError}
      />
      <Field
        label={t('pin.confirmPin')}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={8}
        value={confirm}
        onValueChange={(v) => setConfirm(v.replace(/\D/g, ''))}
      />
      <BoothLanSettings />
      <FormActions status={status}>
        <button type="button" onClick={onClose} disabled={saving}>
          {t('settings.close')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('person.save')}
        </button>
      </FormActions>
    </ModalForm>
  );
}
