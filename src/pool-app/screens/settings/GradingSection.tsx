import { useTranslation } from 'react-i18next';
import {
  GRADES,
  SENIORITIES,
  SIZE_BANDS,
  tagLabel,
  type IntelligenceConfig,
  type Lang,
} from '../../../shared/intelligence';
import { NumberField } from './NumberField';

interface SectionProps {
  config: IntelligenceConfig;
  onChange: (next: IntelligenceConfig) => void;
}

/** Grade thresholds and the profile points most exhibitors tune; the rest is in the JSON box. */
export function GradingSection({ config, onChange }: SectionProps) {
  const { t, i18n } = useTranslation('settings');
  const lang = i18n.language as Lang;
  const grading = config.grading;
  const set = (patch: Partial<IntelligenceConfig['grading']>) =>
    onChange({ ...config, grading: { ...grading, ...patch } });
  const thresholdGrades = GRADES.filter((g) => g !== 'D');

  return (
    <section className="panel settings-section" aria-labelledby="grading-title">
      <h2 id="grading-title">{t('grading.title')}</h2>
      <p className="hint">{t('grading.hint')}</p>
      <fieldset className="settings-row">
        <legend>{t('grading.thresholds')}</legend>
        {thresholdGrades.map((grade) => (
          <NumberField
            key={grade}
            visibleLabel
            label={t('grading.threshold', { grade })}
            value={grading.thresholds[grade]}
            onChange={(n) => set({ thresholds: { ...grading.thresholds, [grade]: n ?? 0 } })}
          />
        ))}
      </fieldset>
      <fieldset className="settings-row">
        <legend>{t('grading.seniority')}</legend>
        {SENIORITIES.map((level) => (
          <NumberField
            key={level}
            visibleLabel
            label={tagLabel(`seniority:${level}`, lang)}
            value={grading.seniority[level] ?? 0}
            onChange={(n) => set({ seniority: { ...grading.seniority, [level]: n ?? 0 } })}
          />
        ))}
      </fieldset>
      <fieldset className="settings-row">
        <legend>{t('grading.companySize')}</legend>
        {SIZE_BANDS.map((band) => (
          <NumberField
            key={band}
            visibleLabel
            label={tagLabel(`size:${band}`, lang)}
            value={grading.companySize[band] ?? 0}
            onChange={(n) => set({ companySize: { ...grading.companySize, [band]: n ?? 0 } })}
          />
        ))}
        <NumberField
          visibleLabel
          label={t('grading.need')}
          value={grading.need}
          onChange={(n) => set({ need: n ?? 0 })}
        />
      </fieldset>
    </section>
  );
}
