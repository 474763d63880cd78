import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { getEarly } from './api/client';
import { currentPath } from './hash-location';
import { createI18n, initialLanguage } from './i18n';
import { preloadScreen } from './routes';
import { SessionProvider } from './session';
import './styles.css';

/** The pool app's composition root. */
async function start(): Promise<void> {
  // Who is signed in, and the first screen's code, asked for before React has rendered at all.
  getEarly('/auth/me');
  preloadScreen(currentPath());
  const storage = (() => {
    try {
      return localStorage;
    } catch {
      return null;
    }
  })();
  const i18n = await createI18n(initialLanguage(location, storage));
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
