/**
 * Dashboards (issue 15): the response shapes of every dashboard and drill-down the API serves.
 * Pure types shared by the engine (engine/dashboards/*), the API (engine/http/routes/dashboards.ts)
 * and the pages (runtime/dashboards/*). Every number carries a DrillLink: the API path of the list
 * of records, children, workers, actions or assignments behind it (that list honours the reader's
 * access, so it may hold fewer items than the number when some records are restricted).
 *
 * Routes:
 * - GET /api/dashboards                         → DashboardIndex (which dashboards, the reader's scope)
 * - GET /api/dashboards/{id}?team=&from=&to=    → Dashboard
 * - GET /api/dashboards/{id}.csv?…              → text/csv: every figure, then every chart's and table's numbers
 * - GET /api/dashboards/{id}/drill?list=…&…      → DrillPage (paged: `after` = the previous page's `next`)
 * - GET /api/dashboards/{id}/drill.csv?list=…&… → text/csv of the whole list (up to 10,000 rows)
 */

export const DASHBOARD_IDS = ['supervision', 'audits', 'actions', 'return-to-work', 'forms'] as const;
export type DashboardId = (typeof DASHBOARD_IDS)[number];

export const DASHBOARD_TITLES: Record<DashboardId, string> = {
  supervision: 'Supervision',
  audits: 'Audits',
  actions: 'Actions',
  'return-to-work': 'Return to work',
  forms: 'Forms',
};

/** A link to the list behind a number: `href` is an API path (GET it for a DrillPage; add `.csv` before `?` … see drillCsvHref). */
export interface DrillLink {
  /** e.g. `/api/dashboards/supervision/drill?list=overdue-children&form=case-supervision&team=cin-north&from=…&to=…` */
  href: string;
  /** What the list is, in words: "Children overdue for Case supervision in Children in need north". */
  label: string;
}

export interface TeamRef {
  id: string;
  name: string;
}

/** Whose work the reader sees: a manager their team; a head of service their service area; QA every team. */
export interface DashboardScope {
  kind: 'team' | 'service-area' | 'all';
  /** The teams in scope, by name. */
  teams: TeamRef[];
  /** For kind 'service-area': its name. */
  serviceArea?: string;
}

/** The filters the numbers were counted with (defaults filled in). */
export interface DashboardFilters {
  /** One team within scope; absent: every team in scope. */
  team?: string;
  /** YYYY-MM-DD inclusive (Europe/London); default 12 months before `to`. At most 36 months before `to`. */
  from: string;
  /** YYYY-MM-DD inclusive; default today (Europe/London). */
  to: string;
}

export type FigureUnit = 'children' | 'workers' | 'records' | 'actions' | 'assignments' | 'days' | 'percent';

/** One headline number. `value` null when there is nothing to count it from (e.g. a median of no closed actions). */
export interface Figure {
  id: string;
  label: string;
  value: number | null;
  unit?: FigureUnit;
  drill: DrillLink;
}

export interface ChartSeries {
  key: string;
  label: string;
}

export interface ChartRow {
  /** The x value as shown: a month `YYYY-MM`, a team name, a worker name, a band label. */
  x: string;
  /** One number per series key (0 where none). */
  values: Record<string, number>;
  /** Per series key: the list behind that bar or point. */
  drill?: Record<string, DrillLink>;
}

export interface Chart {
  id: string;
  title: string;
  kind: 'line' | 'stacked-bar' | 'bar';
  /** Text alternative: one or two sentences saying what the chart shows. */
  summary: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  rows: ChartRow[];
}

export interface TableColumn {
  key: string;
  label: string;
  unit?: FigureUnit;
}

/** A small table (e.g. per team: open, overdue, median days to close). Each numeric cell may drill down. */
export interface DashboardTable {
  id: string;
  title: string;
  summary: string;
  columns: TableColumn[];
  rows: Array<{
    key: string;
    cells: Record<string, string | number | null>;
    drill?: Record<string, DrillLink>;
  }>;
}

/** A form the dashboard counts (e.g. the supervision forms with their schedule in words). */
export interface DashboardForm {
  id: string;
  title: string;
  /** The rule in words, e.g. "Every allocated child at least every 20 working days". */
  rule?: string;
}

export interface Dashboard {
  id: DashboardId;
  title: string;
  scope: DashboardScope;
  filters: DashboardFilters;
  /** ISO instant the numbers were counted. */
  generatedAt: string;
  /** One or two plain sentences a head of service reads in a minute. */
  summary: string;
  /** The forms counted (those whose x-schedule / x-measures make them belong here); empty: nothing to show yet. */
  forms: DashboardForm[];
  figures: Figure[];
  charts: Chart[];
  tables?: DashboardTable[];
  /** Plain notes, e.g. "No form has a per-child schedule yet: an analyst sets one in the designer." */
  notes?: string[];
}

/** GET /api/dashboards: what the reader may open. */
export interface DashboardIndex {
  scope: DashboardScope;
  dashboards: Array<{ id: DashboardId; title: string; href: string }>;
}

// ---------------------------------------------------------------------------------------------
// Drill-downs

/**
 * Which list a drill link names (the `list` query parameter). Other parameters narrow it:
 * form, team, worker (allocated / owner worker id), month (YYYY-MM), band, from, to, status,
 * field + value (an x-measures answer), onTime (true|false).
 */
export const DRILL_LISTS = [
  /** Children in scope with no completed record of `form` done on or after the cutoff. */
  'overdue-children',
  /** Children in scope in a days-since-last band (`band`: never | within | one-to-two | over-two). */
  'children-by-band',
  /** Workers in scope overdue for a per-worker form. */
  'overdue-workers',
  'workers-by-band',
  /** Completed records (timeliness stamped) of `form`, narrowed by month/team/onTime/field+value. */
  'completed-records',
  /** Records (drafts and submitted) created in the range: `status` draft|submitted (optional). */
  'records',
  /** Actions: `status` open|overdue|not-due|done (done: closed in the range). */
  'actions',
  /** Audit assignments due in the range (or `month`): `status` planned|done-on-time|done-late|overdue|not-due. */
  'assignments',
] as const;
export type DrillList = (typeof DRILL_LISTS)[number];

export type DaysBand = 'never' | 'within' | 'one-to-two' | 'over-two';
export const DAYS_BAND_LABELS: Record<DaysBand, string> = {
  never: 'None completed',
  within: 'Within one interval',
  'one-to-two': 'One to two intervals',
  'over-two': 'Over two intervals',
};

export interface DrillRecord {
  kind: 'record';
  id: string;
  reference?: string;
  formId: string;
  formTitle: string;
  status: 'draft' | 'submitted';
  team?: string;
  childId?: string;
  /** Absent when the reader may not see the child's name (restricted) or there is none. */
  childName?: string;
  workerId?: string;
  createdAt: string;
  submittedAt?: string;
  doneOn?: string;
  daysToComplete?: number;
  dueOn?: string;
  onTime?: boolean;
  /** The answer the list was narrowed by (x-measures), as stored. */
  value?: string | number | boolean | null;
  /** Runtime page for the record: `/records/{id}`. */
  link: string;
}

export interface DrillChild {
  kind: 'child';
  id: string;
  name: string;
  team?: string;
  allocatedWorkerId?: string;
  allocatedWorkerName?: string;
  /** YYYY-MM-DD of the latest completed record of the form; null: never. */
  lastDoneOn: string | null;
  /** YYYY-MM-DD: last done + interval; null when never done (due now). */
  nextDueOn: string | null;
  /** Calendar days past nextDueOn as of today (0 when not overdue); null when never done. */
  overdueDays: number | null;
  /** Runtime page for the child: `/children/{id}`. */
  link: string;
}

export interface DrillWorker {
  kind: 'worker';
  id: string;
  name: string;
  team?: string;
  lastDoneOn: string | null;
  nextDueOn: string | null;
  overdueDays: number | null;
}

export interface DrillAction {
  kind: 'action';
  id: string;
  submissionId: string;
  reference?: string;
  formId: string;
  text: string;
  childId?: string;
  childName?: string;
  ownerName?: string;
  team?: string;
  dueOn: string;
  status: 'open' | 'done' | 'cancelled';
  doneOn?: string;
  daysToClose?: number;
  /** Calendar days past dueOn as of today when still open; 0 otherwise. */
  overdueDays: number;
  link: string;
}

export interface DrillAssignment {
  kind: 'assignment';
  id: string;
  formId: string;
  childId: string;
  childName?: string;
  team?: string;
  auditorName: string;
  dueOn: string;
  dueMonth: string;
  status: 'open' | 'done' | 'cancelled';
  doneOn?: string;
  onTime?: boolean;
  submissionId?: string;
}

export type DrillItem = DrillRecord | DrillChild | DrillWorker | DrillAction | DrillAssignment;

export interface DrillPage<T extends DrillItem = DrillItem> {
  dashboard: DashboardId;
  list: DrillList;
  /** What the list is, in words (the label of the link that led here). */
  title: string;
  filters: DashboardFilters;
  /** The columns to show, in order (keys of the items). */
  columns: TableColumn[];
  items: T[];
  /** Pass as `after` for the next page; null: the last page. */
  next: string | null;
  /** The CSV of the whole list. */
  csv: string;
}

/** The CSV path for a drill link's href: `/drill?` → `/drill.csv?`. */
export function drillCsvHref(href: string): string {
  return href.replace('/drill?', '/drill.csv?');
}
