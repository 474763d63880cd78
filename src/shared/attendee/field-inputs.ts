import type { FormField } from '../schemas';

/**
 * How each profile field is typed on a phone: the right keyboard and the browser's autofill. The
 * phone page and the pool's registration page (server-rendered) both use it.
 */
export interface FieldInput {
  type: 'text' | 'tel' | 'email';
  inputmode: 'text' | 'tel' | 'email';
  autocomplete: string;
}

const text = (autocomplete: string): FieldInput => ({
  type: 'text',
  inputmode: 'text',
  autocomplete,
});

export const FIELD_INPUTS: Record<FormField, FieldInput> = {
  name: text('name'),
  phone: { type: 'tel', inputmode: 'tel', autocomplete: 'tel' },
  email: { type: 'email', inputmode: 'email', autocomplete: 'email' },
  wechatId: text('off'),
  company: text('organization'),
  title: text('organization-title'),
  department: text('off'),
  industry: text('off'),
  companySize: text('off'),
  province: text('address-level1'),
  city: text('address-level2'),
};

/** The field names the page can render; a server's unknown field is ignored, never shown raw. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(FIELD_INPUTS));
