import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { EventDashboard } from '../../../shared/api/dashboard';
import { Chart } from './Chart';
import { groupedOption } from './chart-options';
import { FUNNEL_STAGES } from './EventDashboardView';
import { formatCount, formatMoney, formatRate } from './format';

/** Several events side by side: their funnels as grouped bars, and funnel and ROI as one table. */
export function Compare({ dashboards }: { dashboards: readonly EventDashboard[] }) {
  const { t, i18n } = useTranslation('dashboard');
  const language = i18n.language;
  const stageLabels = FUNNEL_STAGES.map((stage) => t(`funnel.${stage}`));

  const option = useMemo(
    () =>
      groupedOption(
        stageLabels,
        dashboards.map((d) => ({
          name: d.name,
          values: FUNNEL_STAGES.map((stage) => d.funnel[stage]),
        })),
      ),
    // stageLabels follow the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dashboards, language],
  );
  const table = {
    columns: [t('columns.stage'), ...dashboards.map((d) => d.name)],
    rows: FUNNEL_STAGES.map((stage, i) => [
      stageLabels[i]!,
      ...dashboards.map((d) => d.funnel[stage]),
    ]),
  };
  const none = t('roi.none');
  const money = (d: EventDashboard, amount: number | null) =>
    formatMoney(amount, d.roi.cost.currency, language) ?? none;
  const measures: { key: string; label: string; value: (d: EventDashboard) => string }[] = [
    ...FUNNEL_STAGES.map((stage, i) => ({
      key: stage,
      label: stageLabels[i]!,
      value: (d: EventDashboard) => formatCount(d.funnel[stage], language),
    })),
    { key: 'cost', label: t('roi.cost'), value: (d) => money(d, d.roi.cost.amount) },
    { key: 'perLead', label: t('roi.costPerLead'), value: (d) => money(d, d.roi.costPerLead) },
    { key: 'perMql', label: t('roi.costPerMql'), value: (d) => money(d, d.roi.costPerMql) },
    { key: 'perSql', label: t('roi.costPerSql'), value: (d) => money(d, d.roi.costPerSql) },
    {
      key: 'checkIn',
      label: t('roi.checkInRate'),
      value: (d) => formatRate(d.roi.checkInRate, language) ?? none,
    },
    {
      key: 'mqlRate',
      label: t('roi.mqlRate'),
      value: (d) => formatRate(d.roi.mqlRate, language) ?? none,
    },
    {
      key: 'downloads',
      label: t('roi.downloads'),
      value: (d) => formatCount(d.roi.downloads, language),
    },
  ];

  return (
    <section className="dash-compare" aria-labelledby="compare-title">
      <h2 id="compare-title">{t('compare.title')}</h2>
      <Chart title={t('charts.compareFunnel')} option={option} table={table} height={300} />
      <div className="panel dash-compare-table">
        <table className="data">
          <caption className="visually-hidden">{t('compare.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.measure')}</th>
              {dashboards.map((d) => (
                <th key={d.eventId} scope="col">
                  <Link
                    href={`/dashboard/${d.eventId}`}
                    aria-label={t('picker.open', { name: d.name })}
                  >
                    {d.name}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {measures.map((measure) => (
              <tr key={measure.key}>
                <th scope="row">{measure.label}</th>
                {dashboards.map((d) => (
                  <td key={d.eventId} className="dash-number">
                    {measure.value(d)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
