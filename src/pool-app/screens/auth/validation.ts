import type { TFunction } from 'i18next';
import { EmailSchema, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../shared/api/auth';

/**
 * The pool's own rules (src/shared/api/auth.ts), checked before sending so the page can say what
 * is wrong next to the field, in the user's language. The pool checks them again.
 */
export function emailError(email: string, t: TFunction<'auth'>): string | null {
  return EmailSchema.safeParse(email).success ? null : t('validation.emailInvalid');
}

export function newPasswordErrors(
  password: string,
  again: string,
  t: TFunction<'auth'>,
): { password: string | null; again: string | null } {
  const tooShort = password.length < PASSWORD_MIN_LENGTH;
  const tooLong = password.length > PASSWORD_MAX_LENGTH;
  return {
    password: tooShort
      ? t('validation.passwordTooShort', { min: PASSWORD_MIN_LENGTH })
      : tooLong
        ? t('validation.passwordTooLong', { max: PASSWORD_MAX_LENGTH })
        : null,
    again: again !== password ? t('validation.passwordsDiffer') : null,
  };
}
