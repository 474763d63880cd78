import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenInvitesResponse } from '../../../shared/api/auth';
import { USER_ROLES, type UserListResponse, type UserSummary } from '../../../shared/api/users';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useUser, type Role } from '../../session';
import { Unloaded } from '../common/states';
import { formatTime } from './format';
import { InviteForm } from './InviteForm';
import { RevokeDialog } from './RevokeDialog';
import './users.css';

interface UsersData {
  users: UserSummary[];
  invites: OpenInvitesResponse['invites'];
}

/** `#/users` (admins): who may sign in, with which role; invitations; revoking. */
export function Users() {
  const { t, i18n } = useTranslation('users');
  const me = useUser();
  const resource = useResource<UsersData>(async () => {
    const [list, open] = await Promise.all([
      api.get<UserListResponse>('/users'),
      api.get<OpenInvitesResponse>('/users/invites'),
    ]);
    return { users: list.users, invites: open.invites };
  }, 'users');
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<UserSummary | null>(null);
  const [busy, setBusy] = useState(false);

  const describe = (error: unknown) =>
    t('error.unknown', { message: error instanceof Error ? error.message : String(error) });

  const changeRole = async (user: UserSummary, role: Role) => {
    setFailure(null);
    try {
      await api.send('PATCH', `/users/${user.id}`, { role });
      setNotice(t('roleChanged', { name: user.name, role: t(`roles.${role}`) }));
      resource.reload();
    } catch (error) {
      setFailure(describe(error));
    }
  };

  const revoke = async (user: UserSummary) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.send('POST', `/users/${user.id}/revoke`);
      setNotice(t('revoke.done', { name: user.name }));
      resource.reload();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  const data = resource.data;
  return (
    <div className="users">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <p className="users-intro">{t('intro')}</p>
      <InviteForm onInvited={resource.reload} />
      <div className="users-messages" aria-live="polite">
        {notice && <p className="users-notice">{notice}</p>}
      </div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <Unloaded resource={resource} />
      {data && (
        <>
          <section className="panel users-section" aria-labelledby="open-invites-title">
            <h2 id="open-invites-title">{t('open.title')}</h2>
            {data.invites.length === 0 ? (
              <p className="hint">{t('open.none')}</p>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('list.name')}</th>
                    <th scope="col">{t('list.email')}</th>
                    <th scope="col">{t('list.role')}</th>
                    <th scope="col">{t('open.expires')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.invites.map((invite) => (
                    <tr key={invite.id}>
                      <td>{invite.name}</td>
                      <td>{invite.email}</td>
                      <td>{t(`roles.${invite.role}`)}</td>
                      <td>{formatTime(invite.expiresAt, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel users-section" aria-labelledby="users-list-title">
            <h2 id="users-list-title">{t('list.title')}</h2>
            <table className="data users-table">
              <caption className="visually-hidden">{t('list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('list.name')}</th>
                  <th scope="col">{t('list.email')}</th>
                  <th scope="col">{t('list.role')}</th>
                  <th scope="col">{t('list.lastSignIn')}</th>
                  <th scope="col">{t('list.status')}</th>
                  <th scope="col">{t('list.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((user) => {
                  const self = user.id === me.id;
                  const revoked = user.revokedAt !== null;
                  return (
                    <tr key={user.id} className={revoked ? 'users-revoked' : undefined}>
                      <th scope="row">
                        {user.name} {self && <span className="hint">{t('list.you')}</span>}
                      </th>
                      <td>{user.email ?? <span className="hint">{t('list.noEmail')}</span>}</td>
                      <td>
                        {revoked ? (
                          t(`roles.${user.role}`)
                        ) : (
                          <select
                            aria-label={t('list.roleOf', { name: user.name })}
                            title={self ? t('list.selfRoleHint') : undefined}
                            value={user.role}
                            disabled={self}
                            onChange={(event) => void changeRole(user, event.target.value as Role)}
                          >
                            {USER_ROLES.map((role) => (
                              <option key={role} value={role}>
                                {t(`roles.${role}`)}
                              </option>
                            ))}
                          </select>
                        )}
                      </td>
                      <td>
                        {user.lastSignInAt === null
                          ? t('list.never')
                          : formatTime(user.lastSignInAt, i18n.language)}
                      </td>
                      <td>
                        <span
                          className={`users-status users-status-${revoked ? 'revoked' : 'active'}`}
                        >
                          {revoked ? t('status.revoked') : t('status.active')}
                        </span>
                      </td>
                      <td>
                        {!self && !revoked && (
                          <button
                            type="button"
                            className="danger"
                            aria-label={t('revoke.buttonLabel', { name: user.name })}
                            onClick={() => setRevoking(user)}
                          >
                            {t('revoke.button')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
      {revoking && (
        <RevokeDialog
          name={revoking.name}
          busy={busy}
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </div>
  );
}
