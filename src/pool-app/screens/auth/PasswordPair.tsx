import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../../shared/api/auth';
import { Field } from './Field';

/** A new password, typed twice: set-up and invitation pages. */
export function PasswordPair({
  password,
  again,
  errors,
  onPassword,
  onAgain,
}: {
  password: string;
  again: string;
  errors: { password: string | null; again: string | null };
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <Field
        id="new-password"
        type="password"
        autoComplete="new-password"
        label={t('fields.newPassword')}
        hint={t('fields.passwordHint', { min: PASSWORD_MIN_LENGTH })}
        error={errors.password}
        value={password}
        onChange={(event) => onPassword(event.target.value)}
      />
      <Field
        id="new-password-again"
        type="password"
        autoComplete="new-password"
        label={t('fields.passwordAgain')}
        error={errors.again}
        value={again}
        onChange={(event) => onAgain(event.target.value)}
      />
    </>
  );
}
