import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUTH_API_ERRORS,
  EmailSchema,
  type InviteBody,
  type InviteResponse,
} from '../../../shared/api/auth';
import { USER_ROLES } from '../../../shared/api/users';
import { api, ApiError } from '../../api/client';
import type { Role } from '../../session';
import { formatTime } from './format';

/** Invites one user; shows the one-time link with a copy button until the next invitation. */
export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { t, i18n } = useTranslation('users');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('marketing');
  const [errors, setErrors] = useState<{ name: string | null; email: string | null }>({
    name: null,
    email: null,
  });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<InviteResponse | null>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const linkInput = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: name.trim() === '' ? t('invite.nameRequired') : null,
      email: EmailSchema.safeParse(email).success ? null : t('invite.emailInvalid'),
    };
    setErrors(found);
    if (found.name || found.email) return;
    setBusy(true);
    setFailure(null);
    try {
      const body: InviteBody = { name, email, role };
      setCreated(await api.send<InviteResponse>('POST', '/users/invites', body));
      setCopied('no');
      setName('');
      setEmail('');
      onInvited();
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.code === AUTH_API_ERRORS.emailTaken
          ? t('invite.emailTaken')
          : t('error.unknown', { message: error instanceof Error ? error.message : error }),
      );
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied('yes');
    } catch {
      linkInput.current?.select();
      setCopied('failed');
    }
  };

  return (
    <section className="panel users-invite" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite.title')}</h2>
      <form className="users-invite-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="invite-name">{t('invite.name')}</label>
          <input
            id="invite-name"
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? 'invite-name-error' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {errors.name && (
            <span id="invite-name-error" className="field-error">
              {errors.name}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="invite-email">{t('invite.email')}</label>
          <input
            id="invite-email"
            type="email"
            value={email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'invite-email-error' : undefined}
            onChange={(event) => setEmail(event.target.value)}
          />
          {errors.email && (
            <span id="invite-email-error" className="field-error">
              {errors.email}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="invite-role">{t('invite.role')}</label>
          <select
            id="invite-role"
            value={role}
            aria-describedby="invite-role-hint"
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {USER_ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </select>
          <span id="invite-role-hint" className="hint">
            {t(`roleHints.${role}`)}
          </span>
        </div>
        <div className="users-invite-submit">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('invite.submitting') : t('invite.submit')}
          </button>
        </div>
      </form>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {created && (
        <div className="users-invite-result" role="status">
          <p>
            {t('invite.created', {
              name: created.invite.name,
              role: t(`roles.${created.invite.role}`),
              until: formatTime(created.invite.expiresAt, i18n.language),
            })}
          </p>
          <label htmlFor="invite-link">{t('invite.linkLabel')}</label>
          <div className="users-invite-link">
            <input
              id="invite-link"
              ref={linkInput}
              readOnly
              value={created.url}
              aria-describedby="invite-link-hint"
              onFocus={(event) => event.target.select()}
            />
            <button type="button" onClick={() => void copy()}>
              {copied === 'yes' ? t('invite.copied') : t('invite.copy')}
            </button>
          </div>
          <span id="invite-link-hint" className="hint">
            {copied === 'failed' ? t('invite.copyFailed') : t('invite.linkHint')}
          </span>
        </div>
      )}
    </section>
  );
}
