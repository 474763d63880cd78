import { CATALOGS, type Language } from '../../shared/i18n';

/**
 * The words of the white-paper mail and of the download pages, from the shared i18n catalogs
 * (namespace `assets`), in zh-CN (default) or en. Times are Beijing time in Chinese, UTC in
 * English, and say so.
 */

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/{{(\w+)}}/g, (whole, name: string) => values[name] ?? whole);
}

export function formatTime(lang: Language, at: number): string {
  const format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: lang === 'en' ? 'UTC' : 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return format.format(new Date(at));
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export function renderDownloadMail(input: {
  lang: Language;
  title: string;
  eventName: string;
  url: string;
  expiresAt: number;
}): MailContent {
  const words = CATALOGS[input.lang].assets.mail;
  const values = {
    title: input.title,
    event: input.eventName,
    at: formatTime(input.lang, input.expiresAt),
  };
  const subject = fill(words.subject, values);
  const lines = [
    words.greeting,
    '',
    fill(words.body, values),
    input.url,
    '',
    fill(words.expires, values),
    '',
    words.footer,
  ];
  const html = [
    `<p>${escapeHtml(words.greeting)}</p>`,
    `<p>${escapeHtml(fill(words.body, values))}</p>`,
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(input.url)}</a></p>`,
    `<p>${escapeHtml(fill(words.expires, values))}</p>`,
    `<p style="color:#666">${escapeHtml(words.footer)}</p>`,
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}

/** The mail kind that tells admins a webhook was disabled. */
export const WEBHOOK_DISABLED_MAIL_KIND = 'webhook_disabled';

export function renderWebhookDisabledMail(input: {
  lang: Language;
  url: string;
  reason: string;
}): MailContent {
  const words = CATALOGS[input.lang].webhooks.disabledMail;
  const values = { url: input.url, reason: input.reason };
  const paragraphs = [fill(words.body, values), words.action, words.footer];
  return {
    subject: fill(words.subject, values),
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}

/** The follow-up mails of sales (DESIGN.md "Follow-up and hand-off"). */
export const FOLLOW_UP_MAIL_KINDS = {
  routed: 'lead_routed',
  reminder: 'sla_reminder',
  escalation: 'sla_escalation',
} as const;
export type FollowUpMail = keyof typeof FOLLOW_UP_MAIL_KINDS;

export function renderFollowUpMail(input: {
  lang: Language;
  which: FollowUpMail;
  name: string | null;
  company: string | null;
  cell: string;
  owner: string;
  dueAt: number | null;
  url: string;
}): MailContent {
  const words = CATALOGS[input.lang].followUp;
  const values = {
    name: input.name || words.unknown,
    company: input.company || words.unknown,
    cell: input.cell,
    owner: input.owner,
    due: input.dueAt === null ? words.unknown : formatTime(input.lang, input.dueAt),
  };
  const body = fill(words[input.which].body, values);
  return {
    subject: fill(words[input.which].subject, values),
    text: [body, '', words.open, input.url, '', words.footer].join('\n'),
    html: [
      `<p>${escapeHtml(body)}</p>`,
      `<p>${escapeHtml(words.open)} <a href="${escapeHtml(input.url)}">${escapeHtml(input.url)}</a></p>`,
      `<p style="color:#666">${escapeHtml(words.footer)}</p>`,
    ].join('\n'),
  };
}

/** zh-CN unless the browser prefers English over Chinese (Accept-Language, by q value). */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return 'zh-CN';
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) || 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}

/** The mail that carries an attendee's ticket (ticket-mail.ts attaches the QR as `cid`). */
export function renderTicketMail(input: {
  lang: Language;
  name: string;
  eventName: string;
  url: string;
  qrCid: string;
  ticket: string;
}): MailContent {
  const words = CATALOGS[input.lang].tickets.mail;
  const values = { name: input.name, event: input.eventName };
  const greeting = fill(words.greeting, values);
  const body = fill(words.body, values);
  const alt = fill(CATALOGS[input.lang].tickets.page.qrAlt, values);
  return {
    subject: fill(words.subject, values),
    text: [greeting, '', body, input.ticket, '', words.link, input.url, '', words.footer].join(
      '\n',
    ),
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(body)}</p>`,
      `<p><img src="cid:${escapeHtml(input.qrCid)}" width="240" height="240" alt="${escapeHtml(alt)}"></p>`,
      `<p>${escapeHtml(words.link)} <a href="${escapeHtml(input.url)}">${escapeHtml(input.url)}</a></p>`,
      `<p style="color:#666">${escapeHtml(words.footer)}</p>`,
    ].join('\n'),
  };
}
