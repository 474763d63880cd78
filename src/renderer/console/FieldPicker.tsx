import { useTranslation } from 'react-i18next';
import { differingFields, type FieldPick } from '../../shared/person-match';
import { readableField } from '../../shared/person-ops';
import { PROFILE_FIELDS, type PersonProfile, type ProfileField } from '../../shared/schemas';

export type FieldPicks = Partial<Record<ProfileField, FieldPick>>;

interface FieldPickerProps {
  existing: Pick<PersonProfile, ProfileField>;
  incoming: Pick<PersonProfile, ProfileField>;
  picks: FieldPicks;
  onChange(next: FieldPicks): void;
  /** Which catalog section words the choices: the staff form's or the duplicates card's. */
  texts: 'match' | 'duplicates';
}

/**
 * One choice per field both leads hold differently, the existing value preselected: a merge
 * replaces only what staff pick. Fields only the incoming lead holds are listed as filled.
 */
export function FieldPicker({ existing, incoming, picks, onChange, texts }: FieldPickerProps) {
  const { t } = useTranslation();
  const differences = differingFields(existing, incoming);
  const added = PROFILE_FIELDS.filter((f) => existing[f] === '' && incoming[f] !== '');
  return (
    <div className="field-picker">
      {differences.length === 0 ? <p>{t('match.nothingDiffers')}</p> : null}
      {differences.map(({ field, existing: was, typed }) => (
        <fieldset key={field} className="field-pick">
          <legend>{t(`fields.${field}`)}</legend>
          {(['existing', 'typed'] as const).map((side) => (
            <label key={side}>
              <input
                type="radio"
                name={`pick-${field}`}
                checked={(picks[field] ?? 'existing') === side}
                onChange={() => onChange({ ...picks, [field]: side })}
              />
              {t(side === 'existing' ? `${texts}.keepExisting` : `${texts}.takeTyped`, {
                value: readableField(field, side === 'existing' ? was : typed),
              })}
            </label>
          ))}
        </fieldset>
      ))}
      {added.length > 0 ? (
        <div className="field-added">
          <h3>{t('match.added')}</h3>
          <dl>
            {added.map((field) => (
              <div key={field}>
                <dt>{t(`fields.${field}`)}</dt>
                <dd>{readableField(field, incoming[field])}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
