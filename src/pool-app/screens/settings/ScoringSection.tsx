import { useTranslation } from 'react-i18next';
import { SCORED_FACT_TYPES, type IntelligenceConfig } from '../../../shared/intelligence';
import { NumberField } from './NumberField';

interface SectionProps {
  config: IntelligenceConfig;
  onChange: (next: IntelligenceConfig) => void;
}

const NO_RULE = { points: 0, cap: 0, halfLifeDays: null };

/** Points, cap and half-life per kind of fact, and the engagement levels of the A1 … D4 matrix. */
export function ScoringSection({ config, onChange }: SectionProps) {
  const { t } = useTranslation('settings');
  const setRule = (
    type: string,
    patch: Partial<{ points: number; cap: number; halfLifeDays: number | null }>,
  ) =>
    onChange({
      ...config,
      engagement: {
        ...config.engagement,
        [type]: { ...NO_RULE, ...config.engagement[type], ...patch },
      },
    });
  const levels = config.engagementLevels;

  return (
    <section className="panel settings-section" aria-labelledby="scoring-title">
      <h2 id="scoring-title">{t('scoring.title')}</h2>
      <p className="hint">{t('scoring.hint')}</p>
      <table className="data settings-table">
        <thead>
          <tr>
            <th scope="col">{t('scoring.fact')}</th>
            <th scope="col">{t('scoring.points')}</th>
            <th scope="col">{t('scoring.cap')}</th>
            <th scope="col">{t('scoring.halfLife')}</th>
          </tr>
        </thead>
        <tbody>
          {SCORED_FACT_TYPES.map((type) => {
            const rule = config.engagement[type] ?? NO_RULE;
            const fact = t(`facts.${type}`, { defaultValue: type });
            return (
              <tr key={type}>
                <th scope="row">{fact}</th>
                <td>
                  <NumberField
                    label={t('scoring.pointsOf', { fact })}
                    value={rule.points}
                    onChange={(n) => setRule(type, { points: n ?? 0 })}
                  />
                </td>
                <td>
                  <NumberField
                    label={t('scoring.capOf', { fact })}
                    value={rule.cap}
                    min={0}
                    onChange={(n) => setRule(type, { cap: n ?? 0 })}
                  />
                </td>
                <td>
                  <NumberField
                    label={t('scoring.halfLifeOf', { fact })}
                    value={rule.halfLifeDays}
                    nullable
                    integer={false}
                    min={0}
                    onChange={(n) => setRule(type, { halfLifeDays: n })}
                  />
                  {rule.halfLifeDays === null && (
                    <span className="hint"> {t('scoring.never')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <fieldset className="settings-row">
        <legend>{t('scoring.levels')}</legend>
        {levels.map((least, i) => (
          <NumberField
            key={i}
            visibleLabel
            label={t('scoring.level', { level: i + 1 })}
            value={least}
            onChange={(n) => {
              const next = [...levels] as IntelligenceConfig['engagementLevels'];
              next[i] = n ?? 0;
              onChange({ ...config, engagementLevels: next });
            }}
          />
        ))}
      </fieldset>
    </section>
  );
}
