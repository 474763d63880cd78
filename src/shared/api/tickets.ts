import { z } from 'zod';
import { IdSchema, storableString } from '../schemas';
import { ApiLanguageSchema } from './messages';

/**
 * Invitations and tickets before the event (DESIGN.md "The moments it serves" 1): the public
 * registration page's channel codes, the ticket mails marketing sends to an imported list, and
 * the tickets CSV's language.
 */

/** Where an invitation went out; the page's `?c=` names one, recorded as the lead's source. */
export const REGISTRATION_CHANNELS = ['web', 'email', 'wechat', 'partner'] as const;
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];

/**
 * A channel code: one of the fixed list or marketing's own (a partner's name, a campaign): lower
 * case letters, digits, `-` and `_`, at most 32, so it is safe in a URL, a CSV and a report.
 */
export const ChannelCodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/);

/** What a registration records when the link carried no code (or one that is not a code). */
export const DIRECT_CHANNEL = 'direct';

/** The `?c=` of a registration link: a valid code, else the direct channel. */
export function channelOf(value: unknown): string {
  const parsed = ChannelCodeSchema.safeParse(value);
  return parsed.success ? parsed.data : DIRECT_CHANNEL;
}

const LanguageSchema = ApiLanguageSchema;

/** `GET /events/:id/registration?c=`: the page's link for one channel, with its QR. */
export const RegistrationLinkQuerySchema = z.object({ c: ChannelCodeSchema.optional() });

export interface RegistrationLinkResponse {
  eventId: string;
  channel: string;
  url: string;
  /** data:image/png of the URL's QR code. */
  qrImage: string;
}

/** `?lang=` of the tickets CSV; without it the request's Accept-Language decides. */
export const TicketsCsvLanguageSchema = LanguageSchema.optional();

/**
 * `POST /events/:id/ticket-sends`: the screen makes the send's id, so a repeated request (a
 * double click, a retry after a lost answer) is the same send and mails nobody twice.
 */
export const TicketSendBodySchema = z.object({
  id: IdSchema,
  /** The language of the mails (the event's audience). */
  lang: LanguageSchema.default('zh-CN'),
});
export type TicketSendBody = z.input<typeof TicketSendBodySchema>;

export const TicketSendParamsSchema = z.object({ id: z.string().max(64), sendId: IdSchema });

export const TICKET_MAIL_STATUSES = ['queued', 'sent', 'failed', 'no_email'] as const;
export type TicketMailStatus = (typeof TICKET_MAIL_STATUSES)[number];

export interface TicketSendRecipient {
  personId: string;
  name: string;
  email: string;
  status: TicketMailStatus;
  /** The mail server's last answer, when it failed. */
  error: string | null;
}

export type TicketSendCounts = Record<TicketMailStatus, number>;

export interface TicketSendSummary {
  id: string;
  eventId: string;
  lang: 'zh-CN' | 'en';
  createdAt: number;
  total: number;
  counts: TicketSendCounts;
}

export interface TicketSendResponse extends TicketSendSummary {
  recipients: TicketSendRecipient[];
}

export interface TicketSendListResponse {
  sends: TicketSendSummary[];
}

export interface TicketResendResponse extends TicketSendResponse {
  /** Recipients queued again by this request. */
  requeued: number;
}

/**
 * The registration page's form post (`POST /r/:eventId`, urlencoded). Field values are raw text,
 * validated like every person form (validatePersonInput) against the event's form; anything a
 * browser would not send (a repeated field, a value over 254 characters, NUL bytes) is refused.
 */
export const RegistrationFormSchema = z
  .object({
    consent: z.literal('yes').optional(),
    consentVersion: storableString().max(40),
    c: z.string().max(64).optional(),
    lang: LanguageSchema.optional(),
  })
  .catchall(storableString().max(254));
export type RegistrationForm = z.infer<typeof RegistrationFormSchema>;
