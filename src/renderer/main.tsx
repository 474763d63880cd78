import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { newId, systemClock } from '../shared/ids';
import { App } from './app/App';
import { createI18n, initialLanguage, storedLanguage } from './app/i18n';
import { ServicesContext, type Services } from './app/services';
import { choosePlatform } from './platform';
import { openLeadDatabase } from './store/database';
import { isKioskWindow, unlockKiosk } from './kiosk/kiosk-lock';
import { startPeriodicBackups } from './store/backups';
import { loadDeviceSettings, updateDeviceSettings } from './store/device';
import { PeopleSearch } from './store/people-search';
import { setRevokedNotice } from './enroll/revoked-notice';
import { createSyncEngine } from './sync/engine';
import { createFetchTransport } from './sync/transport';
import { createBoothBackend } from './attendee/booth-backend';
import { loadBoothKey } from './attendee/booth-key';
import './styles.css';

const DATABASE_NAME = 'leadpond';

/** The renderer's composition root: wires platform, store, search and i18n, then renders. */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const i18n = await createI18n(initialLanguage(window.location.search, storedLanguage()));
  root.render(<p className="splash">{i18n.t('app.loading')}</p>);
  try {
    const platform = await choosePlatform();
    // Web mode: the service worker keeps the app loadable offline; a newer build it downloaded
    // takes over here, before anything runs, never in the middle of a session.
    if ((await platform.startAppShell()) === 'reloading') return;
    const db = await openLeadDatabase({ name: DATABASE_NAME });
    let settings = await loadDeviceSettings(db, newId);
    const search = new PeopleSearch(db);
    let stopBackups = () => {};
    let wiped = false;
    const sync = createSyncEngine({
      db,
      transport: createFetchTransport({
        fetch: window.fetch.bind(window),
        EventSource: window.EventSource,
      }),
      tokenStore: platform.tokens,
      clock: systemClock,
      // A revoked device keeps nothing: search index, backups, kiosk lock, then the database.
      async beforeWipe() {
        wiped = true;
        stopBackups();
        await search.stop();
        await platform.clearBackups();
        unlockKiosk();
      },
      afterWipe() {
        setRevokedNotice();
        window.history.replaceState(null, '', '#/enroll');
        window.location.reload();
      },
    });
    const services: Services = {
      db,
      platform,
      search,
      sync,
      settings,
      capture: { db, deviceId: settings.deviceId, staffId: '', clock: systemClock, newId },
      async updateSettings(patch) {
        settings = await updateDeviceSettings(db, patch);
        services.settings = settings;
        // Facts written from now on carry the (possibly pool-assigned) device id.
        services.capture = { ...services.capture, deviceId: settings.deviceId };
        render();
      },
    };
    const render = () =>
      root.render(
        <StrictMode>
          <I18nextProvider i18n={i18n}>
            <ServicesContext.Provider value={{ ...services }}>
              <App />
            </ServicesContext.Provider>
          </I18nextProvider>
        </StrictMode>,
      );
    // The console is usable at once; search covers everyone once the index has loaded.
    render();
    // Phones on the booth's LAN server are answered from this store, by the staff window only.
    if (!isKioskWindow()) {
      platform.boothLan.serve(
        createBoothBackend({
          db,
          clock: systemClock,
          newId,
          booth: async () =>
            settings.currentEventId
              ? {
                  deviceId: settings.deviceId,
                  eventId: settings.currentEventId,
                  key: await loadBoothKey(db, platform.tokens),
                }
              : null,
        }),
      );
    }
    // The staff window syncs with the pool (never awaited: the UI writes locally first), and
    // keeps the backups; the Electron kiosk window shares its store.
    if (!isKioskWindow()) {
      sync.start().catch((error: unknown) => console.error('sync failed to start', error));
    }
    await search.start();
    document.documentElement.dataset.searchReady = 'true';
    window.addEventListener('pagehide', () => {
      if (!wiped) void search.saveSnapshot();
    });
    if (!isKioskWindow()) {
      stopBackups = startPeriodicBackups(db, platform, (error) =>
        console.error('backup failed', error),
      );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.render(<p className="splash error">{i18n.t('app.loadFailed', { message })}</p>);
  }
}

void start();
