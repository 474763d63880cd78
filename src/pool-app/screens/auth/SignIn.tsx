import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearch } from 'wouter';
import { AUTH_API_ERRORS, type LoginBody } from '../../../shared/api/auth';
import { api } from '../../api/client';
import { useSession } from '../../session';
import { Field } from './Field';
import { describeFailure, nextPath, useSignInFlow } from './use-sign-in-flow';
import { emailError } from './validation';
import './auth.css';

/** `#/signin`: email and password; back to the screen that sent the user here. */
export function SignIn() {
  const { t } = useTranslation('auth');
  const { state } = useSession();
  const search = useSearch();
  const { busy, failure, run } = useSignInFlow(nextPath(search));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email: string | null; password: string | null }>({
    email: null,
    password: null,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      email: emailError(email, t),
      password: password.length === 0 ? t('validation.passwordRequired') : null,
    };
    setErrors(found);
    if (found.email || found.password) return;
    const body: LoginBody = { email, password };
    void run(() => api.send('POST', '/auth/login', body));
  };

  const ended = state.status === 'signed-out' && state.reason === 'ended';
  return (
    <section className="auth-card panel" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      {ended && !failure && (
        <p className="auth-notice" role="status">
          {t('signIn.sessionEnded')}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          id="signin-email"
          type="email"
          autoComplete="username"
          label={t('fields.email')}
          error={errors.email}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          id="signin-password"
          type="password"
          autoComplete="current-password"
          label={t('fields.password')}
          error={errors.password}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {failure !== null && (
          <p className="auth-failure" role="alert">
            {describeFailure(failure, t, {
              [AUTH_API_ERRORS.invalidCredentials]: t('signIn.wrong'),
              [AUTH_API_ERRORS.tooManyAttempts]: t('signIn.tooMany'),
            })}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="hint">{t('signIn.noAccount')}</p>
    </section>
  );
}
