import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { LANGUAGES, type Language } from '../../shared/i18n';
import { rememberLanguage } from '../i18n';
import { NAV } from '../nav';
import { useSession, useUser } from '../session';

function LanguageSelect() {
  const { t, i18n } = useTranslation('shell');
  return (
    <label className="topbar-language">
      <span>{t('language.label')}</span>
      <select
        value={i18n.language}
        onChange={(event) => {
          const language = event.target.value as Language;
          rememberLanguage(language);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function UserMenu() {
  const { t } = useTranslation('shell');
  const user = useUser();
  const { signOut } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <div className="user-menu">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="user-menu-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {t('user.menu', { name: user.name })} · {t(`roles.${user.role}`)}
      </button>
      {open && (
        <div id="user-menu-panel" className="user-menu-panel">
          {user.email && <p>{t('user.signedInAs', { email: user.email })}</p>}
          <button type="button" onClick={() => void signOut()}>
            {t('user.signOut')}
          </button>
          <button type="button" onClick={() => void signOut({ everywhere: true })}>
            {t('user.signOutEverywhere')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The frame of every signed-in screen: top bar, side navigation for the user's role, content. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('shell');
  const user = useUser();
  const [location] = useLocation();
  const entries = NAV.filter((entry) => entry.roles.includes(user.role));
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/" className="topbar-brand">
          <img src="/app/favicon.svg" alt="" width={24} height={24} />
          <span>{t('appName')}</span>
        </Link>
        <div className="topbar-actions">
          <LanguageSelect />
          <UserMenu />
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {entries.map((entry) => {
            const current = [entry.to, ...(entry.also ?? [])].some(
              (path) => location === path || location.startsWith(`${path}/`),
            );
            return (
              <li key={entry.to}>
                <Link href={entry.to} aria-current={current ? 'page' : undefined}>
                  {t(`nav.${entry.label}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="content">
        {children}
      </main>
    </div>
  );
}
