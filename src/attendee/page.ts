import { ATTENDEE_API } from '../shared/attendee/paths';
import type { AttendeeContext, AttendeeSubmitResult } from '../shared/attendee/protocol';
import { parsePageContext, parsePageSubmitResult } from '../shared/attendee/page-schemas';
import type { AttendeeLanguage } from '../shared/i18n/attendee';
import type { FormField } from '../shared/schemas';
import { postJson } from './api';
import { h } from './dom';
import { FIELD_INPUTS, KNOWN_FIELDS } from '../shared/attendee/field-inputs';
import {
  buildSubmission,
  checkBeforeSubmit,
  doneLines,
  emptyFormState,
  fieldsToShow,
  inlineErrors,
  openOffers,
  toggle,
  type FormState,
} from './form-logic';
import type { Translate } from './language';
import type { KeyValueStore } from './visitor';

/** Everything the page needs from the browser, passed in (main.ts wires the real ones). */
export interface PageEnvironment {
  root: HTMLElement;
  fetch: typeof fetch;
  storage: KeyValueStore | null;
  language: AttendeeLanguage;
  t: Translate;
  eventId: string;
  boothToken: string;
  visitorToken: string;
  ticket?: string | undefined;
}

type Screen =
  | { kind: 'loading' }
  | { kind: 'rescan'; expired: boolean }
  | { kind: 'loadFailed'; message: string }
  | { kind: 'form'; context: AttendeeContext; banner: string; submitting: boolean; failed: boolean }
  | { kind: 'thanks'; context: AttendeeContext; result: AttendeeSubmitResult };

const isEmpty = (record: object) => Object.keys(record).length === 0;

const emailFlagKey = (eventId: string) => `leadpond.emailGiven.${eventId}`;

export function startAttendeePage(env: PageEnvironment): void {
  const { root, t } = env;
  let screen: Screen = { kind: 'loading' };
  let state: FormState = emptyFormState();

  const emailGivenBefore = () => {
    try {
      return env.storage?.getItem(emailFlagKey(env.eventId)) === '1';
    } catch {
      return false;
    }
  };

  const show = (next: Screen) => {
    screen = next;
    render();
    if (next.kind !== 'loading' && document.documentElement.dataset.ready !== 'true') {
      // The first usable screen: what the page bench measures (bench/attendee-page-bench.ts).
      performance.mark('leadpond:attendee-interactive');
      document.documentElement.dataset.ready = 'true';
    }
  };

  /** Re-renders the screen; the focused control keeps focus (its id survives the rebuild). */
  function render(): void {
    // "Fix the marked fields" goes once nothing is marked any more.
    if (screen.kind === 'form' && screen.banner === t('fixErrors') && isEmpty(state.errors)) {
      screen = { ...screen, banner: '' };
    }
    const focusedId = document.activeElement?.id;
    root.replaceChildren(view());
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  function view(): HTMLElement {
    switch (screen.kind) {
      case 'loading':
        return h('main', {}, h('p', { role: 'status', class: 'muted' }, t('loading')));
      case 'rescan':
        return h(
          'main',
          {},
          h('h1', {}, t('rescanTitle')),
          h('p', {}, t(screen.expired ? 'rescanExpired' : 'rescanBody')),
        );
      case 'loadFailed':
        return h(
          'main',
          {},
          h('h1', {}, t('title')),
          h('p', { role: 'alert' }, screen.message),
          h(
            'button',
            { type: 'button', class: 'primary', onclick: () => void load() },
            t('reload'),
          ),
        );
      case 'form':
        return formView(screen);
      case 'thanks':
        return thanksView(screen.context, screen.result);
    }
  }

  async function load(): Promise<void> {
    show({ kind: 'loading' });
    const outcome = await postJson(env.fetch, ATTENDEE_API.context, {
      eventId: env.eventId,
      boothToken: env.boothToken,
      visitorToken: env.visitorToken,
      ...(env.ticket ? { ticket: env.ticket } : {}),
      language: env.language,
    });
    if (outcome.kind === 'network') return show({ kind: 'loadFailed', message: t('loadFailed') });
    if (outcome.kind === 'error') {
      const code = outcome.error.code;
      // A broken link (bad token, bad event id in the URL) is fixed only by scanning again.
      if (
        code === 'booth_token_invalid' ||
        code === 'booth_token_expired' ||
        code === 'invalid_input'
      ) {
        return show({ kind: 'rescan', expired: code === 'booth_token_expired' });
      }
      const key = code === 'rate_limited' ? 'errors.rateLimited' : 'serverFailed';
      return show({ kind: 'loadFailed', message: t(key) });
    }
    const context = parsePageContext(outcome.json, KNOWN_FIELDS);
    if (!context) return show({ kind: 'loadFailed', message: t('serverFailed') });
    document.title = `${context.event.name} · ${t('title')}`;
    state = emptyFormState();
    show({ kind: 'form', context, banner: '', submitting: false, failed: false });
  }

  async function submit(context: AttendeeContext): Promise<void> {
    if (screen.kind !== 'form' || screen.submitting) return;
    const shown = fieldsToShow(context, state, emailGivenBefore());
    const local = checkBeforeSubmit(context, state, shown, emailGivenBefore());
    state = { ...state, errors: local };
    // The service checks consent and required fields too, with everything else that is wrong.
    const onlyLocal = Object.entries(local).filter(
      ([key, message]) => key !== 'consent' && message !== 'errors.required',
    );
    if (onlyLocal.length > 0) {
      show({ ...screen, banner: t('fixErrors'), failed: false });
      focusFirstError();
      return;
    }
    // A missing consent or required field is sent on anyway: the service refuses it (nothing is
    // stored without consent) and says at once what else is wrong (a mistyped phone), instead of
    // the page showing that only after the box is ticked.
    show({ ...screen, banner: '', submitting: true });
    const body = buildSubmission(context, state, shown, env);
    const outcome = await postJson(env.fetch, ATTENDEE_API.submit, body);
    // Whatever happens below, `state` still holds everything typed: nothing is cleared but on success.
    if (outcome.kind === 'network') {
      return show({
        kind: 'form',
        context,
        banner: t('networkFailed'),
        submitting: false,
        failed: true,
      });
    }
    if (outcome.kind === 'error') {
      const { code, fields } = outcome.error;
      if (code === 'booth_token_invalid' || code === 'booth_token_expired') {
        return show({ kind: 'rescan', expired: code === 'booth_token_expired' });
      }
      state = { ...state, errors: { ...inlineErrors(fields), ...state.errors } };
      if (code === 'consent_required' && !state.errors.consent)
        state.errors.consent = 'errors.consent';
      const banner =
        code === 'rate_limited'
          ? t('errors.rateLimited')
          : code === 'unknown_offer'
            ? t('errors.unknownOffer')
            : code === 'unavailable'
              ? t('serverFailed')
              : t('fixErrors');
      show({ kind: 'form', context, banner, submitting: false, failed: code === 'unavailable' });
      focusFirstError();
      return;
    }
    const result = parsePageSubmitResult(outcome.json, KNOWN_FIELDS);
    if (!result) {
      return show({
        kind: 'form',
        context,
        banner: t('serverFailed'),
        submitting: false,
        failed: true,
      });
    }
    if ((body.fields.email ?? '') !== '') {
      try {
        env.storage?.setItem(emailFlagKey(env.eventId), '1');
      } catch {
        // not remembered: the next visit asks for the email again, which is harmless
      }
    }
    state = emptyFormState();
    show({ kind: 'thanks', context, result });
  }

  function focusFirstError(): void {
    root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  function errorText(id: string, key: string | undefined): HTMLElement | null {
    return key ? h('p', { id, class: 'error' }, t(key)) : null;
  }

  function fieldView(context: AttendeeContext, field: FormField): HTMLElement {
    const input = FIELD_INPUTS[field];
    const id = `field-${field}`;
    const errorKey = state.errors[field];
    const required = context.required.includes(field);
    const hint = field === 'email' && state.contentIds.length > 0 ? t('emailForPapers') : '';
    const describedBy = [errorKey ? `${id}-error` : '', hint ? `${id}-hint` : '']
      .filter(Boolean)
      .join(' ');
    return h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: id },
        t(`fields.${field}`),
        required ? h('span', { class: 'required' }, ` (${t('required')})`) : null,
      ),
      h('input', {
        id,
        name: field,
        type: input.type,
        inputmode: input.inputmode,
        autocomplete: input.autocomplete,
        placeholder: t(`placeholders.${field}`),
        value: state.values[field] ?? '',
        'aria-required': required ? 'true' : undefined,
        'aria-invalid': errorKey ? 'true' : undefined,
        'aria-describedby': describedBy || undefined,
        oninput: (event) => {
          const value = (event.target as HTMLInputElement).value;
          state = { ...state, values: { ...state.values, [field]: value } };
        },
      }),
      hint ? h('p', { id: `${id}-hint`, class: 'muted' }, hint) : null,
      errorText(`${id}-error`, errorKey),
    );
  }

  function checkbox(
    id: string,
    label: string,
    checked: boolean,
    onChange: (on: boolean) => void,
  ): HTMLElement {
    return h(
      'label',
      { class: 'check', for: id },
      h('input', {
        id,
        type: 'checkbox',
        checked,
        onchange: (event) => {
          onChange((event.target as HTMLInputElement).checked);
          render();
        },
      }),
      h('span', {}, label),
    );
  }

  function formView(current: Extract<Screen, { kind: 'form' }>): HTMLElement {
    const { context } = current;
    const offers = openOffers(context);
    const shown = fieldsToShow(context, state, emailGivenBefore());
    const group = (legend: string, ...children: HTMLElement[]) =>
      children.length === 0 ? null : h('fieldset', {}, h('legend', {}, legend), ...children);
    return h(
      'main',
      {},
      h(
        'header',
        {},
        h('h1', {}, context.event.name),
        h(
          'p',
          { class: 'lead' },
          context.recognized ? t('welcomeBack') : t('welcome', { event: context.event.name }),
        ),
      ),
      h(
        'form',
        {
          novalidate: true,
          'aria-label': t('title'),
          onsubmit: (event) => {
            event.preventDefault();
            void submit(context);
          },
        },
        shown.length > 0
          ? h(
              'section',
              { 'aria-labelledby': 'details-title' },
              h('h2', { id: 'details-title' }, t('yourDetails')),
              ...shown.map((field) => fieldView(context, field)),
            )
          : h('p', { class: 'muted' }, t('nothingToAsk')),
        group(
          t('papers'),
          ...offers.assets.map((offer) =>
            checkbox(
              `asset-${offer.id}`,
              offer.title,
              state.contentIds.includes(offer.id),
              (on) => {
                state = { ...state, contentIds: toggle(state.contentIds, offer.id, on) };
              },
            ),
          ),
        ),
        group(
          t('draws'),
          ...offers.draws.map((offer) =>
            checkbox(`draw-${offer.id}`, offer.title, state.drawIds.includes(offer.id), (on) => {
              state = { ...state, drawIds: toggle(state.drawIds, offer.id, on) };
            }),
          ),
        ),
        group(
          t('interests'),
          ...(offers.demo
            ? [
                checkbox(
                  'want-demo',
                  t('demo'),
                  state.demo,
                  (on) => (state = { ...state, demo: on }),
                ),
              ]
            : []),
          ...(offers.trial
            ? [
                checkbox(
                  'want-trial',
                  t('trial'),
                  state.trial,
                  (on) => (state = { ...state, trial: on }),
                ),
              ]
            : []),
        ),
        h(
          'section',
          { class: 'consent', 'aria-labelledby': 'consent-title' },
          h('h2', { id: 'consent-title' }, t('consentTitle')),
          h('p', { class: 'consent-text' }, context.event.consentText),
          h(
            'label',
            { class: 'check', for: 'consent' },
            h('input', {
              id: 'consent',
              type: 'checkbox',
              checked: state.consent,
              'aria-invalid': state.errors.consent ? 'true' : undefined,
              'aria-describedby': state.errors.consent ? 'consent-error' : undefined,
              onchange: (event) => {
                const granted = (event.target as HTMLInputElement).checked;
                const { consent: _cleared, ...errors } = state.errors;
                state = { ...state, consent: granted, errors: granted ? errors : state.errors };
                render();
              },
            }),
            h('span', {}, t('consent')),
          ),
          errorText('consent-error', state.errors.consent),
        ),
        current.banner ? h('p', { role: 'alert', class: 'banner' }, current.banner) : null,
        h(
          'button',
          {
            type: 'submit',
            class: 'primary',
            disabled: current.submitting,
            'aria-busy': current.submitting ? 'true' : undefined,
          },
          current.submitting ? t('submitting') : current.failed ? t('retry') : t('submit'),
        ),
      ),
    );
  }

  function thanksView(context: AttendeeContext, result: AttendeeSubmitResult): HTMLElement {
    const lines = doneLines(context, result.done);
    const askedPapers = result.done.contentIds.length > 0;
    return h(
      'main',
      {},
      h('h1', {}, t('thanks')),
      h('p', { class: 'lead' }, t('thanksBody')),
      lines.length > 0
        ? h(
            'section',
            { 'aria-labelledby': 'done-title' },
            h('h2', { id: 'done-title' }, t('youDid')),
            h(
              'ul',
              { class: 'done' },
              ...lines.map((line) =>
                h('li', {}, 'title' in line ? t(line.key, { title: line.title }) : t(line.key)),
              ),
            ),
          )
        : null,
      result.downloads.length > 0
        ? h(
            'section',
            { 'aria-labelledby': 'downloads-title' },
            h('h2', { id: 'downloads-title' }, t('downloads')),
            ...result.downloads
              .filter((download) => /^(https?:\/\/|\/)/.test(download.url))
              .map((download) =>
                h(
                  'a',
                  { class: 'download', href: download.url, rel: 'noopener' },
                  t('download', { title: download.title }),
                ),
              ),
          )
        : askedPapers
          ? h('p', { class: 'muted' }, t('mailLater'))
          : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, t('again')),
    );
  }

  void load();
}
