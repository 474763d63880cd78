import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ADMIN } from '../../roles';
import { useUser } from '../../session';
import './settings-nav.css';

/** The settings' own tabs: scoring & routing, CRM export, and (admins) the users screen. */
export function SettingsNav() {
  const { t } = useTranslation('settings');
  const user = useUser();
  const [location] = useLocation();
  const tabs = [
    { to: '/settings/intelligence', label: t('nav.intelligence') },
    { to: '/settings/crm', label: t('nav.crm') },
    ...(ADMIN.includes(user.role) ? [{ to: '/users', label: t('nav.users') }] : []),
  ];
  return (
    <nav className="settings-nav" aria-label={t('nav.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <Link href={tab.to} aria-current={location === tab.to ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
