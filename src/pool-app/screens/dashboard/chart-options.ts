import type { EChartsCoreOption } from 'echarts/core';

/**
 * ECharts options of the dashboards' charts: plain data in, plain option objects out (type-only
 * import, so this module does not pull ECharts into the screen's chunk).
 */
const BRAND = ['#0f7b6c', '#1c64d6', '#8a5a00', '#b03224', '#5a6675', '#6b3fa0', '#2f8f4e'];
const FONT = {
  fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
};

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, largest on top: names of any length stay readable. */
export function barsOption(bars: readonly Bar[]): EChartsCoreOption {
  const shown = [...bars].reverse();
  return {
    color: BRAND,
    textStyle: FONT,
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((bar) => bar.label),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((bar) => bar.value),
        label: { show: true, position: 'right' },
        barMaxWidth: 22,
      },
    ],
  };
}

/**
 * Local hours from the first to the last given, the missing ones as zero, so a quiet lunch hour
 * shows as a gap rather than vanishing. Hours are wall-clock text ("2026-11-26 09:00"); stepping
 * them as UTC keeps them wall-clock. At most two weeks are filled; longer spans stay sparse.
 */
export function everyHour(bars: readonly Bar[]): Bar[] {
  const hourMs = 3_600_000;
  const at = (label: string) => Date.parse(`${label.replace(' ', 'T')}:00Z`);
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (!first || !last) return [];
  const span = (at(last.label) - at(first.label)) / hourMs;
  if (!Number.isFinite(span) || span > 24 * 14) return [...bars];
  const counts = new Map(bars.map((bar) => [bar.label, bar.value]));
  const filled: Bar[] = [];
  for (let t = at(first.label); t <= at(last.label); t += hourMs) {
    const label = new Date(t).toISOString().slice(0, 13).replace('T', ' ') + ':00';
    filled.push({ label, value: counts.get(label) ?? 0 });
  }
  return filled;
}

/** Vertical bars over time (check-ins per hour). */
export function columnsOption(bars: readonly Bar[]): EChartsCoreOption {
  return {
    color: BRAND,
    textStyle: FONT,
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: bars.map((bar) => bar.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: bars.map((bar) => bar.value), barMaxWidth: 28 }],
  };
}

/** Several events' funnels as grouped bars: one group per stage, one colour per event. */
export function groupedOption(
  stages: readonly string[],
  series: readonly { name: string; values: readonly number[] }[],
): EChartsCoreOption {
  return {
    color: BRAND,
    textStyle: FONT,
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: [...stages] },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: [...s.values] })),
  };
}
