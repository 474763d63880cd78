import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartTable {
  columns: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

interface ChartProps {
  title: string;
  option: EChartsCoreOption;
  /** The same numbers as a table: read by screen readers, and by anyone who prefers numbers. */
  table: ChartTable;
  height?: number;
}

/**
 * One ECharts chart, loaded on first use (echarts-setup is a lazy chunk). The drawing is an image
 * named by a summary of its numbers; a table with the same numbers sits behind a disclosure, so
 * the chart is readable without sight and without the chart chunk.
 */
export function Chart({ title, option, table, height = 260 }: ChartProps) {
  const { t } = useTranslation('dashboard');
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const titleId = useId();

  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    import('./echarts-setup').then(
      ({ echarts }) => {
        if (disposed || !host.current) return;
        const chart = echarts.init(host.current, undefined, { renderer: 'svg' });
        chart.setOption(option);
        const resize = new ResizeObserver(() => chart.resize());
        resize.observe(host.current);
        dispose = () => {
          resize.disconnect();
          chart.dispose();
        };
        setState('ready');
      },
      () => {
        if (!disposed) setState('failed');
      },
    );
    return () => {
      disposed = true;
      dispose();
    };
  }, [option]);

  const summary = t('charts.summary', {
    title,
    items: table.rows.map((row) => row.join(' ')).join('; '),
  });
  return (
    <figure className="chart panel" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {table.rows.length === 0 ? (
        <p className="hint chart-empty">{t('charts.empty')}</p>
      ) : (
        <>
          <div className="chart-canvas" style={{ height }}>
            <div ref={host} className="chart-host" role="img" aria-label={summary} />
            {state === 'loading' && (
              <p className="hint chart-overlay" role="status">
                {t('charts.loading')}
              </p>
            )}
            {state === 'failed' && <p className="hint chart-overlay">{t('charts.failed')}</p>}
          </div>
          <details className="chart-table">
            <summary>{t('charts.showTable')}</summary>
            <table className="data">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={j}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
