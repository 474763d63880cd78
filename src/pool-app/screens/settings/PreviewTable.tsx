import { useTranslation } from 'react-i18next';
import type {
  IntelligenceCounts,
  IntelligencePreviewResponse,
} from '../../../shared/api/intelligence';
import { GRADES, STAGES } from '../../../shared/intelligence';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Before → after of a draft config: customers per grade and per stage, MQLs, promotions. */
export function PreviewTable({ preview }: { preview: IntelligencePreviewResponse }) {
  const { t } = useTranslation('settings');
  const rows: { key: string; label: string; of: (c: IntelligenceCounts) => number }[] = [
    { key: 'customers', label: t('preview.customers'), of: (c) => c.customers },
    ...GRADES.map((grade) => ({
      key: `grade-${grade}`,
      label: t('preview.grade', { grade }),
      of: (c: IntelligenceCounts) => c.grades[grade],
    })),
    ...STAGES.map((stage) => ({
      key: `stage-${stage}`,
      label: t(`preview.stages.${stage}`),
      of: (c: IntelligenceCounts) => c.stages[stage],
    })),
    { key: 'mqls', label: t('preview.mqls'), of: (c) => c.mqls },
    { key: 'promoted', label: t('preview.promoted'), of: (c) => c.promoted },
  ];
  return (
    <>
      <p className="settings-summary">
        {t('preview.summary', { after: preview.draft.mqls, before: preview.current.mqls })}
      </p>
      <table className="data settings-preview">
        <caption className="visually-hidden">{t('preview.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('preview.measure')}</th>
            <th scope="col">{t('preview.before', { revision: preview.current.revision })}</th>
            <th scope="col">{t('preview.after')}</th>
            <th scope="col">{t('preview.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const before = row.of(preview.current);
            const after = row.of(preview.draft);
            const change = after - before;
            return (
              <tr key={row.key} className={change !== 0 ? 'settings-changed' : undefined}>
                <th scope="row">{row.label}</th>
                <td>{before}</td>
                <td>{after}</td>
                <td>{change === 0 ? '' : signed(change)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
