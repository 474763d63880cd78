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

// /m/<eventId>: the last path segment.
const eventId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() ?? '');
const ticket = params.get('t');
const root = document.getElementById('app');
if (ticket && !params.get('b')) {
  // A ticket link on its own (no booth QR scanned): the ticket is the credential of the holder's
  // own ticket page, which the pool serves (the booth's LAN page always carries a booth token).
  const target = new URLSearchParams({ t: ticket, lang: language });
  window.location.replace(`/t/${encodeURIComponent(eventId)}?${target.toString()}`);
} else if (root) {
  const storage = localStore();
  startAttendeePage({
    root,
    fetch: window.fetch.bind(window),
    storage,
    language,
    t,
    eventId,
    boothToken: params.get('b') ?? '',
    visitorToken: visitorToken(storage, (bytes) => crypto.getRandomValues(bytes)),
    ticket: ticket ?? undefined,
  });
}
