import { z } from 'zod';
import { DEFAULT_LANGUAGE } from '../i18n';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../time/local-time';
import { ApiLanguageSchema } from './messages';

/**
 * `?lang=` chooses the language of column headers and labels (Chinese by default, as the app);
 * `?tz=` the IANA zone times are written in (the events' own, China Standard Time, by default).
 */
export const ExportQuerySchema = z.object({
  lang: ApiLanguageSchema.default(DEFAULT_LANGUAGE),
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: 'an IANA time zone, e.g. Asia/Shanghai or Europe/Berlin' })
    .default(DEFAULT_TIME_ZONE),
});
