import { FIELD_INPUTS } from '../../shared/attendee/field-inputs';
import { CATALOGS, type Language } from '../../shared/i18n';
import type { FieldErrors } from '../../shared/person-ops';
import type { FormField, LeadEvent } from '../../shared/schemas';
import { escapeHtml, fill } from '../services/mail-message';

/**
 * The HTML of the pool's public registration and ticket pages: server-rendered, no script, in
 * the phone page's stylesheet (its built `<link>`s are passed in as `head`), so they look and size
 * like the booth's phone page. Every value is escaped; the words come from the shared catalogs.
 */

export interface PageFrame {
  lang: Language;
  title: string;
  /** The phone page's icon and stylesheet links, or '' when it is not built. */
  head: string;
  body: string;
}

export function htmlPage(frame: PageFrame): string {
  return `<!doctype html>
<html lang="${frame.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${escapeHtml(frame.title)}</title>
${frame.head}
</head><body><main>
${frame.body}
</main></body></html>`;
}

const otherLanguage = (lang: Language): Language => (lang === 'en' ? 'zh-CN' : 'en');

function languageLink(lang: Language, href: string, words: { otherLanguage: string }): string {
  const other = otherLanguage(lang);
  return `<p class="muted lang-switch"><a href="${escapeHtml(href)}" lang="${other}" hreflang="${other}">${escapeHtml(words.otherLanguage)}</a></p>`;
}

function eventLine(lang: Language, event: LeadEvent): string {
  const dates =
    event.startsOn === event.endsOn
      ? event.startsOn
      : fill(CATALOGS[lang].tickets.register.dates, { start: event.startsOn, end: event.endsOn });
  return [dates, event.venue].filter((part) => part !== '').join(' · ');
}

function errorMessage(lang: Language, key: string): string {
  const errors = CATALOGS[lang].errors as Record<string, string>;
  return errors[key.replace(/^errors\./, '')] ?? errors.invalid ?? key;
}

export interface RegistrationView {
  lang: Language;
  head: string;
  event: LeadEvent;
  channel: string;
  consentText: string;
  consentVersion: string;
  values: Partial<Record<string, string>>;
  consentGranted: boolean;
  errors: FieldErrors;
}

const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

export function registrationPage(view: RegistrationView): string {
  const { lang, event } = view;
  const words = CATALOGS[lang].tickets.register;
  const labels = CATALOGS[lang].fields;
  const failed = Object.keys(view.errors).length > 0;
  const fieldHtml = (field: FormField) => {
    const input = FIELD_INPUTS[field];
    const id = `field-${field}`;
    const required = event.form.required.includes(field);
    const error = view.errors[field];
    return `<div class="field">
<label for="${id}">${escapeHtml(labels[field])}${required ? ` <span class="required">${escapeHtml(words.required)}</span>` : ''}</label>
<input id="${id}" name="${field}" type="${input.type}" inputmode="${input.inputmode}" autocomplete="${input.autocomplete}" value="${escapeHtml(view.values[field] ?? '')}"${required ? ' aria-required="true"' : ''}${error ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${error ? `<p class="error" id="${id}-error">${escapeHtml(errorMessage(lang, error))}</p>` : ''}
</div>`;
  };
  const consentError = view.errors.consent;
  const action = `/r/${encodeURIComponent(event.id)}`;
  const body = `<header>
<p class="muted">${escapeHtml(words.title)}</p>
<h1>${escapeHtml(event.name)}</h1>
<p class="muted">${escapeHtml(eventLine(lang, event))}</p>
<p class="lead">${escapeHtml(words.lead)}</p>
</header>
${failed ? `<p class="banner" role="alert">${escapeHtml(words.fix)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" novalidate aria-label="${escapeHtml(words.title)}">
<input type="hidden" name="c" value="${escapeHtml(view.channel)}">
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="consentVersion" value="${escapeHtml(view.consentVersion)}">
<section>
${event.form.fields.map(fieldHtml).join('\n')}
</section>
<section class="consent" aria-labelledby="consent-title">
<h2 id="consent-title">${escapeHtml(words.consentTitle)}</h2>
<p class="consent-text">${escapeHtml(view.consentText)}</p>
<label class="check" for="consent"><input id="consent" name="consent" type="checkbox" value="yes"${view.consentGranted ? ' checked' : ''}${consentError ? ' aria-invalid="true" aria-describedby="consent-error"' : ''}><span>${escapeHtml(words.consentLabel)}</span></label>
${consentError ? `<p class="error" id="consent-error">${escapeHtml(errorMessage(lang, consentError))}</p>` : ''}
</section>
<button type="submit" class="primary">${escapeHtml(words.submit)}</button>
</form>
${languageLink(lang, `${action}?${query({ c: view.channel, lang: otherLanguage(lang) })}`, words)}`;
  return htmlPage({ lang, title: `${words.title} · ${event.name}`, head: view.head, body });
}

export interface TicketView {
  lang: Language;
  head: string;
  event: LeadEvent;
  holderName: string;
  ticket: string;
  qrImage: string;
  justRegistered: boolean;
}

export function ticketPage(view: TicketView): string {
  const { lang, event } = view;
  const words = CATALOGS[lang].tickets.page;
  const self = `/t/${encodeURIComponent(event.id)}?${query({ t: view.ticket, lang: otherLanguage(lang) })}`;
  const body = `<header>
<h1>${escapeHtml(words.title)}</h1>
${view.justRegistered ? `<p class="banner" role="status">${escapeHtml(words.registered)}</p>` : ''}
<p class="lead">${escapeHtml(words.lead)}</p>
</header>
<section class="ticket" aria-labelledby="ticket-event">
<h2 id="ticket-event">${escapeHtml(event.name)}</h2>
<p class="muted">${escapeHtml(eventLine(lang, event))}</p>
<img class="ticket-qr" src="${view.qrImage}" width="280" height="280" alt="${escapeHtml(fill(words.qrAlt, { name: view.holderName }))}">
<dl class="ticket-facts">
<dt>${escapeHtml(words.holder)}</dt><dd class="ticket-holder">${escapeHtml(view.holderName)}</dd>
<dt>${escapeHtml(words.code)}</dt><dd class="ticket-code">${escapeHtml(view.ticket)}</dd>
</dl>
</section>
${languageLink(lang, self, words)}`;
  return htmlPage({ lang, title: `${words.title} · ${event.name}`, head: view.head, body });
}

export function messagePage(lang: Language, head: string, title: string, text: string): string {
  return htmlPage({
    lang,
    title,
    head,
    body: `<h1>${escapeHtml(title)}</h1>\n<p class="lead">${escapeHtml(text)}</p>`,
  });
}
