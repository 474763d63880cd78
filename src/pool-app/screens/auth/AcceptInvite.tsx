import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { AUTH_API_ERRORS, type AcceptInviteBody } from '../../../shared/api/auth';
import { api, ApiError } from '../../api/client';
import { SIGN_IN_PATH } from '../../routes';
import { PasswordPair } from './PasswordPair';
import { describeFailure, useSignInFlow } from './use-sign-in-flow';
import { newPasswordErrors } from './validation';
import './auth.css';

/** `#/invite/:token`: the invited user chooses a password and is signed in. */
export function AcceptInvite() {
  const { t } = useTranslation('auth');
  const { token = '' } = useParams<{ token: string }>();
  const { busy, failure, run } = useSignInFlow('/');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ password: string | null; again: string | null }>({
    password: null,
    again: null,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = newPasswordErrors(password, again, t);
    setErrors(found);
    if (found.password || found.again) return;
    const body: AcceptInviteBody = { token, password };
    void run(() => api.send('POST', '/auth/invite/accept', body));
  };

  const linkDead =
    failure instanceof ApiError &&
    (failure.code === AUTH_API_ERRORS.inviteInvalid || failure.code === AUTH_API_ERRORS.emailTaken);
  return (
    <section className="auth-card panel" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title')}</h1>
      <p>{t('invite.intro')}</p>
      <form onSubmit={submit} noValidate>
        <PasswordPair
          password={password}
          again={again}
          errors={errors}
          onPassword={setPassword}
          onAgain={setAgain}
        />
        {failure !== null && (
          <p className="auth-failure" role="alert">
            {describeFailure(failure, t, {
              [AUTH_API_ERRORS.inviteInvalid]: t('invite.invalid'),
              [AUTH_API_ERRORS.emailTaken]: t('invite.emailTaken'),
            })}
          </p>
        )}
        {linkDead ? (
          <Link href={SIGN_IN_PATH}>{t('invite.toSignIn')}</Link>
        ) : (
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('invite.submitting') : t('invite.submit')}
          </button>
        )}
      </form>
    </section>
  );
}
