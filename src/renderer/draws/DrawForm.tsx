import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_DRAW_ELIGIBILITY,
  DRAW_QUALIFYING_INTERACTIONS,
  MAX_PRIZES,
  type Draw,
  type DrawEligibility,
  type DrawQualifyingInteraction,
} from '../../shared/draws';
import { useServices } from '../app/services';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { ModalForm } from '../components/ModalForm';
import { createDraw, updateDraw, type DrawFieldErrors } from '../store/draws';

interface PrizeRow {
  key: number;
  name: string;
  quantity: string;
}

/**
 * Staff create a draw (this device will own it) or, on its owner device before it runs, change
 * one: name, prizes with quantities, who can win.
 */
export function DrawForm({
  eventId,
  draw,
  onClose,
}: {
  eventId: string;
  /** The draw to edit; absent, a new one. */
  draw?: Draw;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { capture } = useServices();
  const [name, setName] = useState(draw?.name ?? '');
  const [prizes, setPrizes] = useState<PrizeRow[]>(
    draw
      ? draw.prizes.map((prize, index) => ({
          key: index + 1,
          name: prize.name,
          quantity: String(prize.quantity),
        }))
      : [{ key: 1, name: '', quantity: '1' }],
  );
  const [eligibility, setEligibility] = useState<DrawEligibility>(
    draw?.eligibility ?? DEFAULT_DRAW_ELIGIBILITY,
  );
  const [errors, setErrors] = useState<DrawFieldErrors>({});
  const [failure, setFailure] = useState('');

  function updatePrize(key: number, patch: Partial<PrizeRow>) {
    setPrizes((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
    // An edited field's error is stale until the next submit checks it again.
    const index = prizes.findIndex((row) => row.key === key);
    const fields = Object.keys(patch).map((field) => `prizes.${index}.${field}`);
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([path]) => !fields.includes(path))),
    );
  }

  function toggleRequired(type: DrawQualifyingInteraction, on: boolean) {
    setEligibility((rule) => ({
      ...rule,
      requiredInteractions: DRAW_QUALIFYING_INTERACTIONS.filter((each) =>
        each === type ? on : rule.requiredInteractions.includes(each),
      ),
    }));
  }

  const title = t(draw ? 'draw.editTitle' : 'draw.formTitle');

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const input = {
        name,
        prizes: prizes.map((row) => ({
          name: row.name,
          // Not a number: the schema reports it on the field.
          quantity: /^\d+$/.test(row.quantity.trim()) ? Number(row.quantity) : Number.NaN,
        })),
        eligibility,
      };
      const result = draw
        ? await updateDraw(capture, draw.id, input)
        : await createDraw(capture, eventId, input);
      if (result.ok) return onClose();
      if ('reason' in result) return setFailure(t(`draw.refusedChange.${result.reason}`));
      setErrors(result.errors);
    } catch (error) {
      setFailure(t('draw.failed', { message: error instanceof Error ? error.message : error }));
    }
  }

  return (
    <ModalForm label={title} className="draw-form" onSubmit={submit} errors={errors}>
      <h2>{title}</h2>
      <Field
        label={t('draw.name')}
        value={name}
        onValueChange={setName}
        error={errors.name}
        required
        maxLength={200}
      />
      <fieldset className="draw-prizes">
        <legend>{t('draw.prizes')}</legend>
        {errors.prizes ? (
          <div className="field-error" role="alert">
            {t(errors.prizes)}
          </div>
        ) : null}
        {prizes.map((row, index) => {
          const n = index + 1;
          return (
            <div className="draw-prize-row" key={row.key}>
              <Field
                label={t('draw.prizeName', { n })}
                value={row.name}
                onValueChange={(value) => updatePrize(row.key, { name: value })}
                error={errors[`prizes.${index}.name`]}
                required
                maxLength={200}
              />
              <Field
                label={t('draw.prizeQuantity', { n })}
                value={row.quantity}
                onValueChange={(value) => updatePrize(row.key, { quantity: value })}
                error={errors[`prizes.${index}.quantity`]}
                inputMode="numeric"
                required
              />
              {prizes.length > 1 ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => setPrizes((rows) => rows.filter((r) => r.key !== row.key))}
                >
                  {t('draw.removePrize', { n })}
                </button>
              ) : null}
            </div>
          );
        })}
        {prizes.length < MAX_PRIZES ? (
          <button
            type="button"
            onClick={() =>
              setPrizes((rows) => [
                ...rows,
                { key: Math.max(...rows.map((r) => r.key)) + 1, name: '', quantity: '1' },
              ])
            }
          >
            {t('draw.addPrize')}
          </button>
        ) : null}
      </fieldset>
      <fieldset className="draw-eligibility">
        <legend>{t('draw.eligibility')}</legend>
        {DRAW_QUALIFYING_INTERACTIONS.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={eligibility.requiredInteractions.includes(type)}
              onChange={(e) => toggleRequired(type, e.target.checked)}
            />
            {t(`draw.requires.${type}`)}
          </label>
        ))}
        <label className="check">
          <input
            type="checkbox"
            checked={eligibility.excludePreviousWinners}
            onChange={(e) =>
              setEligibility((rule) => ({ ...rule, excludePreviousWinners: e.target.checked }))
            }
          />
          {t('draw.excludePreviousWinners')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={eligibility.requireMarketingConsent}
            onChange={(e) =>
              setEligibility((rule) => ({ ...rule, requireMarketingConsent: e.target.checked }))
            }
          />
          {t('draw.requireMarketingConsent')}
        </label>
      </fieldset>
      <FormActions status={failure}>
        <button type="button" onClick={onClose}>
          {t('draw.cancel')}
        </button>
        <button type="submit" className="primary">
          {t(draw ? 'draw.saveChanges' : 'draw.save')}
        </button>
      </FormActions>
    </ModalForm>
  );
}
