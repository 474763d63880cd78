import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { AUTH_API_ERRORS, type SetupBody } from '../../../shared/api/auth';
import { api, ApiError } from '../../api/client';
import { SIGN_IN_PATH } from '../../routes';
import { Field } from './Field';
import { PasswordPair } from './PasswordPair';
import { describeFailure, useSignInFlow } from './use-sign-in-flow';
import { emailError, newPasswordErrors } from './validation';
import './auth.css';

interface SetupErrors {
  name: string | null;
  email: string | null;
  password: string | null;
  again: string | null;
}

const NO_ERRORS: SetupErrors = { name: null, email: null, password: null, again: null };

/** `#/setup/:token`: the printed one-time link; the first admin chooses their sign-in. */
export function Setup() {
  const { t } = useTranslation('auth');
  const { token = '' } = useParams<{ token: string }>();
  const { busy, failure, run } = useSignInFlow('/users');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<SetupErrors>(NO_ERRORS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: SetupErrors = {
      name: name.trim() === '' ? t('validation.nameRequired') : null,
      email: emailError(email, t),
      ...newPasswordErrors(password, again, t),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const body: SetupBody = { token, name, email, password };
    void run(() => api.send('POST', '/auth/setup', body));
  };

  const linkDead = failure instanceof ApiError && failure.code === AUTH_API_ERRORS.setupInvalid;
  return (
    <section className="auth-card panel" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate>
        <Field
          id="setup-name"
          autoComplete="name"
          label={t('fields.name')}
          error={errors.name}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <Field
          id="setup-email"
          type="email"
          autoComplete="email"
          label={t('fields.email')}
          error={errors.email}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <PasswordPair
          password={password}
          again={again}
          errors={errors}
          onPassword={setPassword}
          onAgain={setAgain}
        />
        {failure !== null && (
          <p className="auth-failure" role="alert">
            {describeFailure(failure, t, { [AUTH_API_ERRORS.setupInvalid]: t('setup.invalid') })}
          </p>
        )}
        {linkDead ? (
          <Link href={SIGN_IN_PATH}>{t('setup.toSignIn')}</Link>
        ) : (
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('setup.submitting') : t('setup.submit')}
          </button>
        )}
      </form>
    </section>
  );
}
