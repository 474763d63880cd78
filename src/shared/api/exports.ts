import { z } from 'zod';
import { DEFAULT_LANGUAGE } from '../i18n';
import { ApiLanguageSchema } from './messages';

/** `?lang=` chooses the language of column headers and labels (Chinese by default, as the app). */
export const ExportQuerySchema = z.object({ lang: ApiLanguageSchema.default(DEFAULT_LANGUAGE) });
