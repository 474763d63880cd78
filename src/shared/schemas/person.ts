import { z } from 'zod';
import { IdSchema, TimestampSchema, storableString, text } from './common';
import { ConsentSchema } from './consent';
import { normalizeEmail, normalizePhone, normalizeWechatId } from '../identity';

/** Profile and identity fields a form may ask for, in their natural order. */
export const PROFILE_FIELDS = [
  'name',
  'phone',
  'email',
  'wechatId',
  'company',
  'title',
  'department',
  'industry',
  'companySize',
  'province',
  'city',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const SOURCES = ['kiosk', 'staff', 'badge', 'ticket', 'import', 'mobile', 'pool'] as const;
export const SourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof SourceSchema>;

/** Where a field's current value came from: field-wise merges keep the newest non-empty value. */
export const ProvenanceSchema = z.object({
  source: SourceSchema,
  deviceId: storableString().max(64),
  at: TimestampSchema,
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

const profileShape = {
  name: text(100),
  /** E.164 or '' */
  phone: storableString().max(20),
  /** lower-case or '' */
  email: storableString().max(254),
  wechatId: text(40),
  company: text(200),
  title: text(100),
  department: text(100),
  industry: text(100),
  companySize: text(40),
  province: text(50),
  city: text(50),
} satisfies Record<ProfileField, z.ZodType<string>>;

export const PersonSchema = z.object({
  id: IdSchema,
  /** People are captured in the scope of one event; the pool merges them into customers. */
  eventId: IdSchema,
  ...profileShape,
  badgeCode: text(500),
  consent: ConsentSchema,
  provenance: z.partialRecord(z.enum(PROFILE_FIELDS), ProvenanceSchema),
  /** Derived by buildSearchKey: lets the device search by name, pinyin, initials, company, phone, email. */
  searchKey: storableString().max(4000),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Person = z.infer<typeof PersonSchema>;

/**
 * What a person form (kiosk, staff, mobile) submits: raw text, validated and normalized here so
 * every entry point gives the same inline errors (messages are i18n keys).
 */
export const PersonInputSchema = z
  .object({
    name: text(100),
    phone: storableString().max(40, { message: 'errors.tooLong' }),
    email: storableString().max(254, { message: 'errors.tooLong' }),
    wechatId: storableString()
      .trim()
      .max(40, { message: 'errors.tooLong' })
      .regex(/^[^\s]*$/, { message: 'errors.wechat' }),
    company: text(200),
    title: text(100),
    department: text(100),
    industry: text(100),
    companySize: text(40),
    province: text(50),
    city: text(50),
  })
  .transform((input, ctx) => {
    const email = normalizeEmail(input.email);
    if (email !== '' && !z.email().safeParse(email).success) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'errors.email' });
    }
    let phone = '';
    if (input.phone.trim() !== '') {
      const normalized = normalizePhone(input.phone);
      if (normalized === null) {
        ctx.addIssue({ code: 'custom', path: ['phone'], message: 'errors.phone' });
      } else {
        phone = normalized;
      }
    }
    return { ...input, email, phone, wechatId: normalizeWechatId(input.wechatId) };
  });
export type PersonInput = z.input<typeof PersonInputSchema>;
export type PersonProfile = z.output<typeof PersonInputSchema>;

export const EMPTY_PERSON_INPUT: PersonInput = {
  name: '',
  phone: '',
  email: '',
  wechatId: '',
  company: '',
  title: '',
  department: '',
  industry: '',
  companySize: '',
  province: '',
  city: '',
};
