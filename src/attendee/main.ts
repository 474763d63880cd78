import './style.css';
import { pickLanguage, translator } from './language';
import { startAttendeePage } from './page';
import { visitorToken, type KeyValueStore } from './visitor';

/** The phone page's composition root: reads the URL and the browser, then starts the page. */
function localStore(): KeyValueStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const params = new URLSearchParams(window.location.search);
const language = pickLanguage(
  window.location.search,
  navigator.languages?.length ? navigator.languages : [navigator.language],
);
const t = translator(language);
document.documentElement.lang = language;
document.title = t('title');

const root = document.getElementById('app');
if (root) {
  const storage = localStore();
  startAttendeePage({
    root,
    fetch: window.fetch.bind(window),
    storage,
    language,
    t,
    // /m/<eventId>: the last path segment.
    eventId: decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() ?? ''),
    boothToken: params.get('b') ?? '',
    visitorToken: visitorToken(storage, (bytes) => crypto.getRandomValues(bytes)),
    ticket: params.get('t') ?? undefined,
  });
}
