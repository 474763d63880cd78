/**
 * The only module that imports ECharts, and only ever through Chart.tsx's dynamic import: the
 * charts land in their own chunk, outside the app's first load. Tree-shaken: the core, the one
 * chart type the dashboards draw (bars; the funnel too, since walk-ins make leads outnumber
 * registrants and a funnel shape would lie), the components they use and the SVG renderer
 * (crisp text, and the labels stay in the DOM).
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
