import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardSlice, EventDashboard } from '../../../shared/api/dashboard';
import { Chart, type ChartTable } from './Chart';
import { barsOption, columnsOption, everyHour, type Bar } from './chart-options';
import { formatCount, formatMoney, formatRate } from './format';

export const FUNNEL_STAGES = ['registered', 'checkedIn', 'leads', 'mqls', 'sals', 'sqls'] as const;

type SliceKind = 'sources' | 'devices' | 'staff' | 'downloads' | 'provinces';

function useSliceLabel() {
  const { t } = useTranslation('dashboard');
  return (kind: SliceKind, slice: DashboardSlice): string => {
    switch (kind) {
      case 'sources':
        return t(`sources.${slice.key === '' ? 'unknown' : slice.key}`, {
          defaultValue: slice.key,
        });
      case 'devices':
        return slice.label || slice.key || t('unnamed.device');
      case 'staff':
        return slice.key || t('unnamed.staff');
      case 'downloads':
        return slice.label || t('unnamed.asset');
      case 'provinces':
        return slice.key || t('unnamed.province');
    }
  };
}

function barsOf(bars: readonly Bar[], firstColumn: string, countColumn: string) {
  const table: ChartTable = {
    columns: [firstColumn, countColumn],
    rows: bars.map((bar) => [bar.label, bar.value]),
  };
  return { bars, table };
}

/** The funnel, ROI and every breakdown of one event. */
export function EventDashboardView({ dashboard }: { dashboard: EventDashboard }) {
  const { t, i18n } = useTranslation('dashboard');
  const language = i18n.language;
  const sliceLabel = useSliceLabel();

  const charts = useMemo(() => {
    const name = t('columns.name');
    const count = t('columns.count');
    const slices = (kind: SliceKind, list: readonly DashboardSlice[]) =>
      barsOf(
        list.map((slice) => ({ label: sliceLabel(kind, slice), value: slice.count })),
        name,
        count,
      );
    return {
      funnel: barsOf(
        FUNNEL_STAGES.map((stage) => ({
          label: t(`funnel.${stage}`),
          value: dashboard.funnel[stage],
        })),
        t('columns.stage'),
        count,
      ),
      checkIns: barsOf(
        dashboard.checkInsPerHour.map((h) => ({ label: h.hour, value: h.count })),
        t('columns.hour'),
        count,
      ),
      sources: slices('sources', dashboard.leadsBySource),
      devices: slices('devices', dashboard.leadsByDevice),
      staff: slices('staff', dashboard.leadsByStaff),
      downloads: slices('downloads', dashboard.downloadsByAsset),
      provinces: slices('provinces', dashboard.leadsByProvince),
    };
    // sliceLabel and t change with the language, which is in the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dashboard, language]);

  const options = useMemo(
    () => ({
      funnel: barsOption(charts.funnel.bars),
      checkIns: columnsOption(
        // Month, day and hour under each bar; the table keeps the full date.
        everyHour(charts.checkIns.bars).map((bar) => ({ ...bar, label: bar.label.slice(5) })),
      ),
      sources: barsOption(charts.sources.bars),
      devices: barsOption(charts.devices.bars),
      staff: barsOption(charts.staff.bars),
      downloads: barsOption(charts.downloads.bars),
      provinces: barsOption(charts.provinces.bars.slice(0, 15)),
    }),
    [charts],
  );

  const { roi, funnel } = dashboard;
  const currency = roi.cost.currency;
  const none = t('roi.none');
  const tiles: { key: string; label: string; value: string }[] = [
    { key: 'cost', label: t('roi.cost'), value: formatMoney(roi.cost.amount, currency, language)! },
    {
      key: 'lead',
      label: t('roi.costPerLead'),
      value: formatMoney(roi.costPerLead, currency, language) ?? none,
    },
    {
      key: 'mql',
      label: t('roi.costPerMql'),
      value: formatMoney(roi.costPerMql, currency, language) ?? none,
    },
    {
      key: 'sql',
      label: t('roi.costPerSql'),
      value: formatMoney(roi.costPerSql, currency, language) ?? none,
    },
    {
      key: 'checkIn',
      label: t('roi.checkInRate'),
      value: formatRate(roi.checkInRate, language) ?? none,
    },
    { key: 'mqlRate', label: t('roi.mqlRate'), value: formatRate(roi.mqlRate, language) ?? none },
    { key: 'downloads', label: t('roi.downloads'), value: formatCount(roi.downloads, language) },
    {
      key: 'draws',
      label: t('roi.drawEntries'),
      value: formatCount(roi.drawEntries, language),
    },
  ];
  const isEmpty = funnel.leads === 0 && funnel.registered === 0;

  return (
    <div className="dash-event">
      <section className="panel dash-roi" aria-labelledby={`roi-${dashboard.eventId}`}>
        <h2 id={`roi-${dashboard.eventId}`}>{t('roi.title')}</h2>
        <dl className="dash-tiles">
          {tiles.map((tile) => (
            <div key={tile.key} className="dash-tile">
              <dt>{tile.label}</dt>
              <dd>{tile.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {isEmpty ? (
        <section className="panel dash-empty" aria-labelledby={`empty-${dashboard.eventId}`}>
          <h2 id={`empty-${dashboard.eventId}`}>{t('empty.title')}</h2>
          <p className="hint">{t('empty.hint')}</p>
        </section>
      ) : (
        <div className="dash-grid">
          <Chart title={t('funnel.title')} option={options.funnel} table={charts.funnel.table} />
          <Chart
            title={t('charts.checkIns')}
            option={options.checkIns}
            table={charts.checkIns.table}
          />
          <Chart
            title={t('charts.sources')}
            option={options.sources}
            table={charts.sources.table}
          />
          <Chart
            title={t('charts.devices')}
            option={options.devices}
            table={charts.devices.table}
          />
          <Chart title={t('charts.staff')} option={options.staff} table={charts.staff.table} />
          <Chart
            title={t('charts.downloads')}
            option={options.downloads}
            table={charts.downloads.table}
          />
          <Chart
            title={t('charts.provinces')}
            option={options.provinces}
            table={charts.provinces.table}
            height={320}
          />
        </div>
      )}
    </div>
  );
}
