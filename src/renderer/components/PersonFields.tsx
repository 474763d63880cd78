import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../shared/person-ops';
import type { FormField, PersonInput } from '../../shared/schemas';
import { Field } from './Field';

const INPUT_HINTS: Record<
  FormField,
  { type: string; autoComplete: string; inputMode?: 'tel' | 'email' }
> = {
  name: { type: 'text', autoComplete: 'name' },
  phone: { type: 'tel', autoComplete: 'tel', inputMode: 'tel' },
  email: { type: 'email', autoComplete: 'email', inputMode: 'email' },
  wechatId: { type: 'text', autoComplete: 'off' },
  company: { type: 'text', autoComplete: 'organization' },
  title: { type: 'text', autoComplete: 'organization-title' },
  department: { type: 'text', autoComplete: 'off' },
  industry: { type: 'text', autoComplete: 'off' },
  companySize: { type: 'text', autoComplete: 'off' },
  province: { type: 'text', autoComplete: 'address-level1' },
  city: { type: 'text', autoComplete: 'address-level2' },
};

interface PersonFieldsProps {
  fields: readonly FormField[];
  required: readonly FormField[];
  value: PersonInput;
  errors: FieldErrors;
  onChange(next: PersonInput): void;
  /** Kiosk: the browser must never offer what a previous attendee typed. */
  noAutofill?: boolean;
}

export function PersonFields({
  fields,
  required,
  value,
  errors,
  onChange,
  noAutofill,
}: PersonFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      {fields.map((field) => {
        const hints = INPUT_HINTS[field];
        return (
          <Field
            key={field}
            name={field}
            label={t(`fields.${field}`)}
            value={value[field]}
            onValueChange={(next) => onChange({ ...value, [field]: next })}
            error={errors[field]}
            required={required.includes(field)}
            type={hints.type}
            inputMode={hints.inputMode}
            autoComplete={noAutofill ? 'off' : hints.autoComplete}
          />
        );
      })}
    </>
  );
}
