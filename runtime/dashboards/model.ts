/** The dashboards' shapes as the API answers them: the engine's own types (engine/dashboards/model.ts). */
export type {
  Chart,
  ChartRow,
  ChartSeries,
  Dashboard,
  DashboardFilters,
  DashboardForm,
  DashboardId,
  DashboardIndex,
  DashboardScope,
  DashboardTable,
  DrillAction,
  DrillAssignment,
  DrillChild,
  DrillItem,
  DrillLink,
  DrillPage,
  DrillRecord,
  DrillWorker,
  Figure,
  FigureUnit,
} from '../../engine/dashboards/model.js';
export { DASHBOARD_IDS, DASHBOARD_TITLES, drillCsvHref } from '../../engine/dashboards/model.js';
