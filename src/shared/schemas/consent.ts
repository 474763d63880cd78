import { z } from 'zod';
import { TimestampSchema, text } from './common';

/** What the person agreed to, and when (PIPL/GDPR): no marketing use without `granted`. */
export const ConsentSchema = z.object({
  granted: z.boolean(),
  textVersion: text(40),
  grantedAt: TimestampSchema,
});
export type Consent = z.infer<typeof ConsentSchema>;

export const NO_CONSENT: Consent = { granted: false, textVersion: '', grantedAt: 0 };
